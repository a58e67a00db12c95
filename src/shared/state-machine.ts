/**
 * State machines as data. Each workflow declares its states and a table
 * `from → event → { to, by }` (who may fire it) in its `<module>.states.ts`; this class
 * checks the table when it is built (every target is a declared state) and answers
 * "may this party fire this event from this state, and where does it lead".
 */
import { ForbiddenError, InvalidTransitionError } from './errors';

export interface TransitionRule<S extends string, P extends string> {
  to: S;
  /** The parties that may fire the event ('SYSTEM' for scheduled transitions). */
  by: readonly P[];
}

export type TransitionTable<S extends string, E extends string, P extends string> = {
  readonly [from in S]?: { readonly [event in E]?: TransitionRule<S, P> };
};

export class StateMachine<S extends string, E extends string, P extends string> {
  constructor(
    readonly name: string,
    readonly states: readonly S[],
    readonly table: TransitionTable<S, E, P>,
  ) {
    for (const [from, events] of Object.entries(table) as [S, Record<string, TransitionRule<S, P>>][]) {
      if (!states.includes(from)) throw new Error(`${name}: transition table names unknown state ${from}`);
      for (const [event, rule] of Object.entries(events)) {
        if (!states.includes(rule.to)) throw new Error(`${name}: ${from} --${event}--> unknown state ${rule.to}`);
        if (rule.by.length === 0) throw new Error(`${name}: ${from} --${event}--> names nobody who may fire it`);
      }
    }
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

  /**
   * Where `event` leads from `from` when fired by a party in `parties`. Throws
   * INVALID_TRANSITION when the table does not allow the event from this state, FORBIDDEN
   * when none of the caller's parties may fire it.
   */
  next(from: S, event: E, parties: readonly P[]): S {
    const rule = this.rule(from, event);
    if (!rule) throw new InvalidTransitionError(this.name, from, event);
    if (!parties.some((p) => rule.by.includes(p))) {
      throw new ForbiddenError(`${event} on a ${this.name} in state ${from} is for ${rule.by.join(' or ')}`);
    }
    return rule.to;
  }
}
