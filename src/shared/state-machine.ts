/**
 * State machines as data, and the one path by which a workflow's status changes.
 *
 * Each workflow declares its states and a table `from → event → { to, by }` (who may fire
 * it) in its `<module>.states.ts`; this class checks the table when it is built (every
 * target is a declared state) and answers "may this party fire this event from this
 * state, and where does it lead" (`next`). `transition` performs the move: it checks it,
 * sets the new status and its side columns, saves the row and appends the audit event,
 * all through the caller's transaction manager. No service writes a status itself
 * (test/unit/state-machines.test.ts greps for it).
 *
 * Adding a move: add the row to the table in `<module>.states.ts` (who may fire it), then
 * call `machine.transition(m, row, 'EVENT', parties, { actor, clock, set: {…side columns} })`
 * in the service, inside its transaction. Side columns that always go with a move (e.g.
 * `closedAt` on entering a terminal state) belong in the machine's `sideColumns` hook.
 */
import type { EntityManager } from 'typeorm';
import type { Actor } from './actor';
import type { Clock } from './clock';
import { ForbiddenError, InvalidTransitionError } from './errors';

export interface TransitionRule<S extends string, P extends string> {
  to: S;
  /** The parties that may fire the event ('SYSTEM' for scheduled transitions). */
  by: readonly P[];
}

export type TransitionTable<S extends string, E extends string, P extends string> = {
  readonly [from in S]?: { readonly [event in E]?: TransitionRule<S, P> };
};

export interface Move<S extends string, E extends string> {
  from: S;
  to: S;
  event: E;
  at: Date;
}

export interface MachineOptions<S extends string, E extends string> {
  /** The audit subject type (default: the machine's name). */
  subjectType?: string;
  /** The audit action prefix: actions are `<prefix>.<event>` (default: the name in UPPER_SNAKE). */
  actionPrefix?: string;
  /** The column that holds the state (default `status`). */
  field?: string;
  /**
   * How a move becomes an audit event: the audit module's `recordAudit`, passed by the
   * workflow's `<module>.states.ts`. `false` for machines outside the workflows whose moves
   * are not audit events (webhook deliveries keep their own attempt log).
   */
  audit: AuditRecorder | false;
  /** Side columns that always go with a move (e.g. closedAt on a terminal state). */
  sideColumns?: (move: Move<S, E>, machine: StateMachine<S, E, string>) => Record<string, unknown>;
}

/** One audit event as a workflow move describes it. */
export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
  rationale?: string | null;
}

/** Appends an audit event in the caller's transaction (the audit module's `recordAudit`). */
export type AuditRecorder = (m: EntityManager, actor: Actor, clock: Clock, entry: AuditEntry) => Promise<unknown>;

export interface TransitionContext {
  actor: Actor;
  clock: Clock;
  /** Side columns of this move, set with the status and saved with it. */
  set?: Record<string, unknown>;
  /** Audit action suffix instead of the event name (e.g. `APPROVED`). */
  action?: string;
  /** More fields for the audit event's `after`. */
  after?: Record<string, unknown>;
  rationale?: string | null;
  /** The INVALID_TRANSITION message when the table refuses the move. */
  reason?: string;
}

const upperSnake = (s: string) => s.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

export class StateMachine<S extends string, E extends string, P extends string> {
  readonly subjectType: string;
  readonly actionPrefix: string;
  readonly field: string;

  constructor(
    readonly name: string,
    readonly states: readonly S[],
    readonly table: TransitionTable<S, E, P>,
    private readonly options: MachineOptions<S, E>,
  ) {
    for (const [from, events] of Object.entries(table) as [S, Record<string, TransitionRule<S, P>>][]) {
      if (!states.includes(from)) throw new Error(`${name}: transition table names unknown state ${from}`);
      for (const [event, rule] of Object.entries(events)) {
        if (!states.includes(rule.to)) throw new Error(`${name}: ${from} --${event}--> unknown state ${rule.to}`);
        if (rule.by.length === 0) throw new Error(`${name}: ${from} --${event}--> names nobody who may fire it`);
      }
    }
    this.subjectType = options.subjectType ?? name;
    this.actionPrefix = options.actionPrefix ?? upperSnake(name);
    this.field = options.field ?? 'status';
  }

  /** The rule for `event` from `from`, or undefined when the table does not allow it. */
  rule(from: S, event: E): TransitionRule<S, P> | undefined {
    return this.table[from]?.[event];
  }

  /** Events allowed from a state. */
  events(from: S): E[] {
    return Object.keys(this.table[from] ?? {}) as E[];
  }

  isTerminal(state: S): boolean {
    return this.events(state).length === 0;
  }

  /** True when `event` is allowed from `from` (whoever fires it). */
  allows(from: S, event: E): boolean {
    return !!this.rule(from, event);
  }

  /**
   * Where `event` leads from `from` when fired by a party in `parties`. Throws
   * INVALID_TRANSITION when the table does not allow the event from this state, FORBIDDEN
   * when none of the caller's parties may fire it. Checks only; writes nothing.
   */
  next(from: S, event: E, parties: readonly P[], reason?: string): S {
    const rule = this.rule(from, event);
    if (!rule) throw new InvalidTransitionError(this.name, from, event, reason);
    if (!parties.some((p) => rule.by.includes(p))) {
      throw new ForbiddenError(`${event} on a ${this.name} in state ${from} is for ${rule.by.join(' or ')}`);
    }
    return rule.to;
  }

  /** The first of `parties` that may fire `event` from `from` (checked as `next` does). */
  party(from: S, event: E, parties: readonly P[], reason?: string): P {
    this.next(from, event, parties, reason);
    return parties.find((p) => this.rule(from, event)!.by.includes(p))!;
  }

  /**
   * Perform a move on `subject` in the caller's transaction: check it (INVALID_TRANSITION /
   * FORBIDDEN), set the status and the side columns, save the row, and append the audit
   * event `<prefix>.<event>` with the status before and after.
   */
  async transition<T extends { id: string }>(m: EntityManager, subject: T, event: E, parties: readonly P[], ctx: TransitionContext): Promise<Move<S, E>> {
    const row = subject as unknown as Record<string, unknown>;
    const from = row[this.field] as S;
    const to = this.next(from, event, parties, ctx.reason);
    const move: Move<S, E> = { from, to, event, at: ctx.clock.now() };
    Object.assign(row, this.options.sideColumns?.(move, this as unknown as StateMachine<S, E, string>) ?? {}, ctx.set ?? {});
    row[this.field] = to;
    await m.save(subject);
    if (this.options.audit === false) return move;
    await this.options.audit(m, ctx.actor, ctx.clock, {
      action: `${this.actionPrefix}.${ctx.action ?? event}`,
      subjectType: this.subjectType,
      subjectId: subject.id,
      before: { [this.field]: from },
      after: { [this.field]: to, ...(ctx.after ?? {}) },
      rationale: ctx.rationale ?? null,
    });
    return move;
  }
}
