/**
 * Writes to control lists: versions, entries, publication (with the mapping consequences)
 * and imports. Each write is one transaction with its audit event.
 */
import type { EntityManager } from 'typeorm';
import type { ServiceDeps } from '../../shared/service-deps';
import { InvalidTransitionError, NotFoundError, ValidationError } from '../../shared/errors';
import { inTransaction } from '../../shared/transaction';
import { checkDate } from '../../shared/validate';
import { actorOf, SYSTEM_ACTOR, type Actor, type AuthPrincipal } from '../../shared/actor';
import { auditChange } from '../audit/audit-chain';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { isUuid } from '../../shared/ids';
import { lockOrNotFound } from '../../shared/lock';
import { ControlEntry } from './control-entry.entity';
import type { ControlEntryData } from './control-entry.types';
import { validateEntries } from './control-entry.validate';
import { ControlList } from './control-list.entity';
import { VersionStatus } from './control-list.enums';
import { assertMayWriteList } from './control-list.permissions';
import { ControlListVersion } from './control-list-version.entity';
import { versionMachine } from './control-list.states';
import type { VersionMappings } from './version-mappings';
import { parseImport, type ImportFormat, type RowError } from './import.parser';

export interface CreateVersionInput {
  listId?: string | null;
  jurisdiction?: string | null;
  listName?: string | null;
  instrument?: string | null;
  label: string;
  effectiveFrom?: string | null;
  source?: string | null;
  coverage?: string[] | null;
  copyFromCurrent?: boolean | null;
}

export interface ImportInput extends Omit<CreateVersionInput, 'copyFromCurrent'> {
  format: ImportFormat;
  content: string;
}

export interface ImportOutcome {
  ok: boolean;
  version: ControlListVersion | null;
  rows: number;
  imported: number;
  errors: RowError[];
}

export type Progress = (phase: 'parse' | 'write', done: number, total: number) => void;

const INSERT_BATCH = 500;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ControlListService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly mappings: VersionMappings,
  ) {}

  /** Create a DRAFT version (creating the list on first use), optionally copying the published version's entries. */
  async createVersion(principal: AuthPrincipal | null, input: CreateVersionInput, actor: Actor = actorOf(principal)): Promise<ControlListVersion> {
    this.checkVersionFields(input);
    return inTransaction(this.deps.dataSource, async (m) => {
      const list = await this.resolveList(m, principal, input);
      const version = await this.insertDraft(m, list, input, actor);
      let copied = 0;
      if (input.copyFromCurrent) {
        const current = await m.getRepository(ControlListVersion).findOneBy({ listId: list.id, status: VersionStatus.PUBLISHED });
        if (!current) throw new ValidationError(`${list.name} has no published version to copy`, 'input.copyFromCurrent');
        // INSERT … RETURNING comes back as the returned rows (UPDATE/DELETE as [rows, count]).
        const result: unknown[] = await m.query(
          `INSERT INTO control_entry (version_id, control_number, parent_number, title, text, parameters, reasons_for_control,
             regime_references, hs_codes, notes, exclusions, exclusions_recorded, tier, tier_illustrative, source)
           SELECT $1, control_number, parent_number, title, text, parameters, reasons_for_control, regime_references, hs_codes,
             notes, exclusions, exclusions_recorded, tier, tier_illustrative, source FROM control_entry WHERE version_id = $2 RETURNING id`,
          [version.id, current.id],
        );
        copied = result.length;
        version.basedOnVersionId = current.id;
        await m.update(ControlListVersion, version.id, { basedOnVersionId: current.id });
      }
      await auditChange(m, actor, this.deps.clock, version, 'CONTROL_LIST_VERSION.CREATED', {
        after: { listId: list.id, label: version.label, status: version.status, basedOnVersionId: version.basedOnVersionId, copiedEntries: copied },
      });
      return version;
    });
  }

  /** Insert or replace entries (by control number) of a DRAFT version. */
  async upsertEntries(principal: AuthPrincipal | null, versionId: string, raws: unknown[], actor: Actor = actorOf(principal)): Promise<ControlEntry[]> {
    if (raws.length === 0) throw new ValidationError('give at least one entry', 'entries');
    const { entries, errors } = validateEntries(raws);
    if (errors.length) {
      const e = errors[0];
      throw new ValidationError(`entries.${e.index}.${e.field}: ${e.message}`, `entries.${e.index}.${e.field}`, { errors: errors.slice(0, 50) });
    }
    return inTransaction(this.deps.dataSource, async (m) => {
      const version = await this.lockDraft(m, principal, versionId, 'change entries of');
      const existing: { control_number: string }[] = await m.query(
        'SELECT control_number FROM control_entry WHERE version_id = $1 AND control_number = ANY($2)',
        [version.id, entries.map((e) => e.controlNumber)],
      );
      const ids = await this.writeEntries(m, version.id, entries);
      const updated = new Set(existing.map((r) => r.control_number));
      await auditChange(m, actor, this.deps.clock, version, 'CONTROL_ENTRIES.UPSERTED', {
        after: {
          inserted: entries.filter((e) => !updated.has(e.controlNumber)).map((e) => e.controlNumber),
          updated: [...updated].sort(),
        },
      });
      return m.getRepository(ControlEntry).find({ where: ids.map((id) => ({ id })), order: { controlNumber: 'ASC' } });
    });
  }

  /** Remove entries (by control number) from a DRAFT version. */
  async removeEntries(principal: AuthPrincipal | null, versionId: string, controlNumbers: string[]): Promise<number> {
    if (controlNumbers.length === 0) throw new ValidationError('give at least one control number', 'controlNumbers');
    return inTransaction(this.deps.dataSource, async (m) => {
      const version = await this.lockDraft(m, principal, versionId, 'remove entries of');
      const result: [unknown[], number] = await m.query(
        'DELETE FROM control_entry WHERE version_id = $1 AND control_number = ANY($2) RETURNING control_number',
        [version.id, controlNumbers],
      );
      await auditChange(m, actorOf(principal), this.deps.clock, version, 'CONTROL_ENTRIES.REMOVED', {
        before: { controlNumbers: (result[0] as { control_number: string }[]).map((r) => r.control_number) },
      });
      return result[1];
    });
  }

  /**
   * Publish a DRAFT: the list's published version becomes SUPERSEDED in the same
   * transaction. Mappings carry forward onto entries whose text, parameters and tier are
   * unchanged; mappings of changed entries become STALE pointing at the new entry, and a
   * PROPOSED copy awaits review on the new entry.
   *
   * A version whose effectiveFrom lies after today becomes SCHEDULED instead: the current
   * version stays PUBLISHED (and in force) until that day, when the scheduler makes the new
   * one PUBLISHED (`takeEffect`). Its mappings are carried and proposed now, so they can be
   * reviewed ahead; the harmonized views keep counting the STALE mappings of the version in
   * force until then.
   */
  async publish(principal: AuthPrincipal | null, versionId: string, actor: Actor = actorOf(principal)): Promise<ControlListVersion> {
    return inTransaction(this.deps.dataSource, async (m) => {
      const draft = await this.lockDraft(m, principal, versionId, 'publish', 'PUBLISH');
      // One publication per list at a time: lock the list row, then read the current version.
      await m.query('SELECT id FROM control_list WHERE id = $1 FOR UPDATE', [draft.listId]);
      const [{ count }]: { count: number }[] = await m.query('SELECT count(*)::int AS count FROM control_entry WHERE version_id = $1', [draft.id]);
      if (count === 0) throw new ValidationError('a version with no entries cannot be published', 'id');
      const now = this.deps.clock.now();
      const today = now.toISOString().slice(0, 10);
      const previous = await m.getRepository(ControlListVersion).findOneBy({ listId: draft.listId, status: VersionStatus.PUBLISHED });
      const effectiveFrom = draft.effectiveFrom ?? today;
      const scheduled = effectiveFrom > today;
      let carried = 0;
      let stale = 0;
      const ctx = { actor, clock: this.deps.clock };
      const event = scheduled ? 'SCHEDULE' : 'PUBLISH';
      // The unique index allows one PUBLISHED version per list: supersede first. A scheduled
      // version leaves the current one in force until its day (takeEffect).
      if (previous && !scheduled) {
        await versionMachine.transition(m, previous, 'SUPERSEDE', ['PUBLICATION'], {
          ...ctx,
          action: 'SUPERSEDED',
          set: { effectiveTo: previous.effectiveTo ?? effectiveFrom },
          after: { by: draft.id },
        });
      }
      // Checked before the mappings move; the version's own event follows with their counts.
      versionMachine.next(draft.status, event, ['PUBLISHER']);
      if (previous) {
        ({ carried, stale } = await this.mappings.carryForward(m, { previousVersionId: previous.id, newVersionId: draft.id, now, ...ctx }));
      }
      await versionMachine.transition(m, draft, event, ['PUBLISHER'], {
        ...ctx,
        action: 'PUBLISHED', // one action for both: the status after it says SCHEDULED or PUBLISHED
        set: { publishedAt: now, effectiveFrom },
        after: { supersedes: scheduled ? null : (previous?.id ?? null), effectiveFrom, carriedMappings: carried, staleMappings: stale },
      });
      return (await m.getRepository(ControlListVersion).findOneBy({ id: draft.id }))!;
    });
  }

  /** SCHEDULED versions whose effectiveFrom has come (scheduler task `list-versions`). */
  async dueScheduled(now: Date): Promise<{ key: string; id: string }[]> {
    const rows: { id: string }[] = await this.deps.dataSource.query(
      `SELECT id FROM control_list_version WHERE status = 'SCHEDULED' AND effective_from <= $1::date ORDER BY effective_from, id`,
      [now.toISOString().slice(0, 10)],
    );
    return rows.map((r) => ({ key: r.id, id: r.id }));
  }

  /**
   * A SCHEDULED version takes effect: the list's PUBLISHED version becomes SUPERSEDED (its
   * effectiveTo, exclusive, is the new one's effectiveFrom, as publication sets it) and the scheduled one
   * PUBLISHED, in one transaction with its audit event. Re-checks under the list lock that it
   * is still due, so a duplicate job changes nothing. The update NOTIFYs the harmonized
   * response caches (migration HarmonizedCache), which empty themselves.
   */
  async takeEffect(id: string): Promise<boolean> {
    return inTransaction(this.deps.dataSource, async (m) => {
      const found = await m.getRepository(ControlListVersion).findOneBy({ id });
      if (!found) return false;
      await m.query('SELECT id FROM control_list WHERE id = $1 FOR UPDATE', [found.listId]);
      const version = (await m.getRepository(ControlListVersion).findOneBy({ id }))!;
      const today = this.deps.clock.now().toISOString().slice(0, 10);
      if (version.status !== VersionStatus.SCHEDULED || !version.effectiveFrom || version.effectiveFrom > today) return false;
      const ctx = { actor: SYSTEM_ACTOR, clock: this.deps.clock };
      // A later scheduled version that is also due takes effect after this one (jobs run in effectiveFrom order).
      const previous = await m.getRepository(ControlListVersion).findOneBy({ listId: version.listId, status: VersionStatus.PUBLISHED });
      if (previous) {
        if (previous.effectiveFrom && previous.effectiveFrom > version.effectiveFrom) {
          // A newer version already took effect: this one was overtaken before its day came.
          await versionMachine.transition(m, version, 'OVERTAKE', ['SYSTEM'], {
            ...ctx,
            action: 'OVERTAKEN',
            set: { effectiveTo: previous.effectiveFrom },
            after: { overtakenBy: previous.id },
          });
          return true;
        }
        await versionMachine.transition(m, previous, 'SUPERSEDE', ['PUBLICATION'], {
          ...ctx,
          action: 'SUPERSEDED',
          set: { effectiveTo: previous.effectiveTo ?? version.effectiveFrom },
          after: { by: version.id },
        });
      }
      await versionMachine.transition(m, version, 'TAKE_EFFECT', ['SYSTEM'], {
        ...ctx,
        action: 'TOOK_EFFECT',
        after: { supersedes: previous?.id ?? null, effectiveFrom: version.effectiveFrom },
      });
      return true;
    });
  }

  /**
   * Import CSV or JSON into a new DRAFT version. Every row is checked first; when any row
   * is invalid nothing is written and every error is reported with its line.
   */
  async import(principal: AuthPrincipal | null, input: ImportInput, opts: { actor?: Actor; onProgress?: Progress } = {}): Promise<ImportOutcome> {
    this.checkVersionFields(input);
    const parsed = parseImport(input.content, input.format);
    opts.onProgress?.('parse', parsed.rows, parsed.rows);
    if (parsed.errors.length) return { ok: false, version: null, rows: parsed.rows, imported: 0, errors: parsed.errors };
    if (parsed.entries.length === 0) {
      return {
        ok: false,
        version: null,
        rows: 0,
        imported: 0,
        errors: [{ line: 1, controlNumber: null, field: 'content', message: 'the file holds no entries' }],
      };
    }
    const actor = opts.actor ?? actorOf(principal);
    const version = await inTransaction(this.deps.dataSource, async (m) => {
      const list = await this.resolveList(m, principal, input, actor);
      const v = await this.insertDraft(m, list, input, actor);
      await this.writeEntries(m, v.id, parsed.entries, (done) => opts.onProgress?.('write', done, parsed.entries.length));
      await auditChange(m, actor, this.deps.clock, v, 'CONTROL_LIST.IMPORTED', {
        after: { listId: list.id, label: v.label, format: input.format, entries: parsed.entries.length },
      });
      return v;
    });
    return { ok: true, version, rows: parsed.rows, imported: parsed.entries.length, errors: [] };
  }

  // --- helpers -------------------------------------------------------------------

  private checkVersionFields(input: CreateVersionInput): void {
    const label = input.label?.trim() ?? '';
    if (!label || label.length > 200) throw new ValidationError('label must be 1 to 200 characters', 'input.label');
    if (input.effectiveFrom && (!DATE.test(input.effectiveFrom) || Number.isNaN(Date.parse(input.effectiveFrom)))) {
      throw new ValidationError('effectiveFrom must be a date (YYYY-MM-DD)', 'input.effectiveFrom');
    }
    checkDate(input.effectiveFrom, 'input.effectiveFrom');
    for (const [field, value] of [
      ['input.listName', input.listName],
      ['input.instrument', input.instrument],
      ['input.jurisdiction', input.jurisdiction],
    ] as const) {
      if ((value?.length ?? 0) > 200) throw new ValidationError(`${field.split('.').pop()} is at most 200 characters`, field);
    }
    if ((input.source?.length ?? 0) > 1000) throw new ValidationError('source is at most 1000 characters', 'input.source');
    for (const [i, c] of (input.coverage ?? []).entries()) {
      if (!/^[A-Z0-9_]+(\.[A-Z0-9_]+)*$/.test(c)) throw new ValidationError(`coverage ${JSON.stringify(c)} is not a taxonomy code`, `input.coverage.${i}`);
    }
    if (!input.listId && !input.jurisdiction) throw new ValidationError('give listId, or jurisdiction (and listName)', 'input.listId');
  }

  /** The list named by id, or by jurisdiction (+ name); created on first use when named. */
  private async resolveList(
    m: EntityManager,
    principal: AuthPrincipal | null,
    input: CreateVersionInput,
    actor: Actor = actorOf(principal),
  ): Promise<ControlList> {
    const lists = m.getRepository(ControlList);
    let list: ControlList | null = null;
    if (input.listId) {
      list = isUuid(input.listId) ? await lists.findOneBy({ id: input.listId }) : null;
      if (!list) throw new NotFoundError('ControlList', input.listId);
    }
    const code = (list?.jurisdictionCode ?? input.jurisdiction ?? '').toUpperCase();
    const jurisdiction = await m.getRepository(Jurisdiction).findOneBy({ code });
    if (!jurisdiction) throw new NotFoundError('Jurisdiction', code);
    if (!list) {
      const ofJurisdiction = await lists.find({ where: { jurisdictionCode: code }, order: { createdAt: 'ASC' } });
      const name = input.listName?.trim();
      list = name ? (ofJurisdiction.find((l) => l.name === name) ?? null) : ofJurisdiction.length === 1 ? ofJurisdiction[0] : null;
      if (!list && !name && ofJurisdiction.length > 1) {
        throw new ValidationError(`${code} keeps several lists (${ofJurisdiction.map((l) => l.name).join('; ')}): give listId or listName`, 'input.listName');
      }
      if (!list) {
        if (!name) throw new ValidationError(`${code} has no control list yet: give listName to create one`, 'input.listName');
        if (name.length > 200) throw new ValidationError('listName is at most 200 characters', 'input.listName');
        assertMayWriteList(principal ?? toPrincipal(actor), { jurisdictionCode: code }, jurisdiction.kind);
        list = await lists.save(lists.create({ jurisdictionCode: code, name, instrument: input.instrument?.trim() ?? '' }));
        await auditChange(m, actor, this.deps.clock, list, 'CONTROL_LIST.CREATED', { after: { jurisdiction: code, name, instrument: list.instrument } });
      }
    }
    assertMayWriteList(principal ?? toPrincipal(actor), list, jurisdiction.kind);
    return list;
  }

  private async insertDraft(m: EntityManager, list: ControlList, input: CreateVersionInput, actor: Actor): Promise<ControlListVersion> {
    const repo = m.getRepository(ControlListVersion);
    return repo.save(
      repo.create({
        listId: list.id,
        label: input.label.trim(),
        status: VersionStatus.DRAFT,
        effectiveFrom: input.effectiveFrom ?? null,
        source: input.source?.trim() ?? '',
        coverage: [...new Set(input.coverage ?? [])],
        createdById: actor.id,
      }),
    );
  }

  /** Lock a version for writing; it must exist, be writable by the caller and be a DRAFT. */
  private async lockDraft(m: EntityManager, principal: AuthPrincipal | null, versionId: string, what: string, event = 'EDIT'): Promise<ControlListVersion> {
    const version = await lockOrNotFound(m, ControlListVersion, versionId, 'ControlListVersion');
    const list = (await m.getRepository(ControlList).findOneBy({ id: version.listId }))!;
    const jurisdiction = (await m.getRepository(Jurisdiction).findOneBy({ code: list.jurisdictionCode }))!;
    assertMayWriteList(principal, list, jurisdiction.kind);
    if (version.status !== VersionStatus.DRAFT) {
      throw new InvalidTransitionError(
        'ControlListVersion',
        version.status,
        event,
        `version is ${version.status}: only a DRAFT can ${what === 'publish' ? 'be published' : 'be changed'}; published versions are immutable`,
      );
    }
    return version;
  }

  /** Multi-row upserts in batches; returns the entry ids in input order. */
  private async writeEntries(m: EntityManager, versionId: string, entries: ControlEntryData[], onBatch?: (done: number) => void): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < entries.length; i += INSERT_BATCH) {
      const batch = entries.slice(i, i + INSERT_BATCH);
      const result = await m
        .createQueryBuilder()
        .insert()
        .into(ControlEntry)
        .values(batch.map((e) => ({ ...entryColumns(e), versionId })))
        .orUpdate(
          [
            'parent_number',
            'title',
            'text',
            'parameters',
            'reasons_for_control',
            'regime_references',
            'hs_codes',
            'notes',
            'exclusions',
            'exclusions_recorded',
            'tier',
            'tier_illustrative',
            'source',
          ],
          ['version_id', 'control_number'],
        )
        .returning(['id'])
        .execute();
      ids.push(...(result.raw as { id: string }[]).map((r) => r.id));
      onBatch?.(Math.min(i + INSERT_BATCH, entries.length));
    }
    return ids;
  }
}

export function entryColumns(e: ControlEntryData): Partial<ControlEntry> {
  return {
    controlNumber: e.controlNumber,
    parentNumber: e.parentNumber ?? null,
    title: e.title,
    text: e.text,
    parameters: e.parameters ?? [],
    reasonsForControl: e.reasonsForControl ?? [],
    regimeReferences: e.regimeReferences ?? [],
    hsCodes: e.hsCodes ?? [],
    notes: e.notes ?? null,
    exclusions: e.exclusions ?? [],
    exclusionsRecorded: e.exclusionsRecorded ?? (e.exclusions ?? []).length > 0,
    tier: e.tier,
    tierIllustrative: e.tierIllustrative ?? false,
    source: e.source ?? null,
  };
}

/** The CLI acts as a principal-less actor; permission checks then see its role and jurisdiction. */
function toPrincipal(actor: Actor): AuthPrincipal | null {
  if (actor.role === 'SYSTEM' || actor.role === 'PUBLIC') return null;
  return { id: actor.id ?? 'cli', role: actor.role, jurisdiction: actor.jurisdiction };
}
