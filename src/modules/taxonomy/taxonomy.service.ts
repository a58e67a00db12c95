/** The shared taxonomy (secretariat-curated) and the mappings of list entries onto it. */
import { IsNull } from 'typeorm';
import type { ServiceDeps } from '../../shared/service-deps';
import { ConflictError, InvalidTransitionError, NotFoundError, ValidationError } from '../../shared/errors';
import { inTransaction } from '../../shared/transaction';
import { actorOf, type AuthPrincipal } from '../../shared/actor';
import { auditChange, recordAudit } from '../audit/audit-chain';
import { ControlEntry } from '../control-lists/control-entry.entity';
import { ControlList } from '../control-lists/control-list.entity';
import { MappingDecision, MappingRelation, MappingStatus, TaxonomyKind } from './taxonomy.enums';
import { assertMayProposeMapping } from './mapping.permissions';
import { ControlListVersion } from '../control-lists/control-list-version.entity';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { isUuid } from '../../shared/ids';
import { lockOrNotFound } from '../../shared/lock';
import { EntryMapping } from './entry-mapping.entity';
import { mappingMachine } from './mapping.states';
import { TaxonomyNode } from './taxonomy-node.entity';

export const TAXONOMY_CODE = /^[A-Z0-9_]{1,30}(\.[A-Z0-9_]{1,30}){0,7}$/;
const HS_CODE = /^\d{4}(\.\d{2}(\d{2})?)?$/;

export interface TaxonomyNodeData {
  code: string;
  label: string;
  description?: string | null;
  kind: TaxonomyKind;
  parentCode?: string | null;
  hsCodes?: string[] | null;
}

export interface ProposeMappingData {
  entryId: string;
  taxonomyCode: string;
  relation: MappingRelation;
  note?: string | null;
}

export class TaxonomyService {
  constructor(private readonly deps: ServiceDeps) {}

  roots(): Promise<TaxonomyNode[]> {
    return this.deps.dataSource.getRepository(TaxonomyNode).find({ where: { parentCode: IsNull() }, order: { code: 'ASC' } });
  }

  children(parentCode: string): Promise<TaxonomyNode[]> {
    return this.deps.dataSource.getRepository(TaxonomyNode).find({ where: { parentCode }, order: { code: 'ASC' } });
  }

  node(code: string): Promise<TaxonomyNode | null> {
    return this.deps.dataSource.getRepository(TaxonomyNode).findOneBy({ code });
  }

  /** Create a node (secretariat; the role check is on the mutation). */
  async createNode(principal: AuthPrincipal | null, input: TaxonomyNodeData): Promise<TaxonomyNode> {
    const code = input.code?.trim() ?? '';
    if (!TAXONOMY_CODE.test(code)) throw new ValidationError('code must be upper-case segments joined by dots, e.g. BIO.EQP.FERMENTER', 'input.code');
    const label = input.label?.trim() ?? '';
    if (!label || label.length > 200) throw new ValidationError('label must be 1 to 200 characters', 'input.label');
    if ((input.description?.length ?? 0) > 5000) throw new ValidationError('description is at most 5000 characters', 'input.description');
    for (const [i, hs] of (input.hsCodes ?? []).entries()) {
      if (!HS_CODE.test(hs)) throw new ValidationError(`${JSON.stringify(hs)} is not an HS code like 8419 or 8419.89`, `input.hsCodes.${i}`);
    }
    const parentCode = input.parentCode?.trim() || null;
    if (parentCode && !code.startsWith(`${parentCode}.`)) {
      throw new ValidationError(`code must extend its parent's code (${parentCode}.…)`, 'input.code');
    }
    if (!parentCode && code.includes('.')) throw new ValidationError('a code with dots needs its parentCode', 'input.parentCode');
    return inTransaction(this.deps.dataSource, async (m) => {
      const repo = m.getRepository(TaxonomyNode);
      if (parentCode && !(await repo.findOneBy({ code: parentCode }))) throw new NotFoundError('TaxonomyNode', parentCode);
      if (await repo.findOneBy({ code })) throw new ConflictError(`taxonomy node ${code} exists already`, { field: 'input.code' });
      const node = await repo.save(
        repo.create({ code, label, description: input.description?.trim() ?? '', kind: input.kind, parentCode, hsCodes: [...new Set(input.hsCodes ?? [])] }),
      );
      await recordAudit(m, actorOf(principal), this.deps.clock, {
        action: 'TAXONOMY_NODE.CREATED',
        subjectType: 'TaxonomyNode',
        subjectId: code,
        after: { code, label, kind: node.kind, parentCode, hsCodes: node.hsCodes },
      });
      return node;
    });
  }

  /** Propose a mapping of one's own entry onto a node; it counts once the secretariat accepts it. */
  async propose(principal: AuthPrincipal | null, input: ProposeMappingData): Promise<EntryMapping> {
    if ((input.note?.length ?? 0) > 2000) throw new ValidationError('note is at most 2000 characters', 'input.note');
    return inTransaction(this.deps.dataSource, async (m) => {
      const entry = isUuid(input.entryId) ? await m.getRepository(ControlEntry).findOneBy({ id: input.entryId }) : null;
      if (!entry) throw new NotFoundError('ControlEntry', input.entryId);
      const version = (await m.getRepository(ControlListVersion).findOneBy({ id: entry.versionId }))!;
      const list = (await m.getRepository(ControlList).findOneBy({ id: version.listId }))!;
      const jurisdiction = (await m.getRepository(Jurisdiction).findOneBy({ code: list.jurisdictionCode }))!;
      const p = assertMayProposeMapping(principal, list.jurisdictionCode, jurisdiction.kind);
      if (version.status === 'SUPERSEDED') throw new ValidationError('the entry belongs to a superseded version; map the current one', 'input.entryId');
      const node = await m.getRepository(TaxonomyNode).findOneBy({ code: input.taxonomyCode });
      if (!node) throw new NotFoundError('TaxonomyNode', input.taxonomyCode);
      const live = await m
        .getRepository(EntryMapping)
        .createQueryBuilder('em')
        .where('em.entry_id = :e AND em.taxonomy_code = :c AND em.status IN (:...s)', { e: entry.id, c: node.code, s: ['PROPOSED', 'ACCEPTED'] })
        .getOne();
      if (live) throw new ConflictError(`${entry.controlNumber} is already ${live.status.toLowerCase()} for ${node.code}`, { mappingId: live.id });
      const mapping = await m.save(
        m.create(EntryMapping, {
          entryId: entry.id,
          taxonomyCode: node.code,
          relation: input.relation,
          status: MappingStatus.PROPOSED,
          note: input.note?.trim() || null,
          proposedById: p.id,
          proposedAt: this.deps.clock.now(),
        }),
      );
      await auditChange(m, actorOf(principal), this.deps.clock, mapping, 'ENTRY_MAPPING.PROPOSED', {
        after: { entryId: entry.id, controlNumber: entry.controlNumber, taxonomyCode: node.code, relation: mapping.relation, status: mapping.status },
        rationale: mapping.note,
      });
      return mapping;
    });
  }

  /** Accept or reject a proposed mapping (secretariat). A rejection needs a note. */
  async review(principal: AuthPrincipal | null, id: string, decision: MappingDecision, note?: string | null): Promise<EntryMapping> {
    if (decision === MappingDecision.REJECT && !note?.trim()) throw new ValidationError('a rejection needs a note saying why', 'note');
    if ((note?.length ?? 0) > 2000) throw new ValidationError('note is at most 2000 characters', 'note');
    return inTransaction(this.deps.dataSource, async (m) => {
      const mapping = await lockOrNotFound(m, EntryMapping, id, 'EntryMapping');
      const from = mapping.status;
      // The secretariat reviews proposals; later changes to a review come from dispute rulings.
      if (from !== MappingStatus.PROPOSED)
        throw new InvalidTransitionError('EntryMapping', from, decision, `the mapping is ${from}: only a PROPOSED mapping is reviewed`);
      const reviewNote = note?.trim() || null;
      await mappingMachine.transition(m, mapping, decision, ['SECRETARIAT'], {
        actor: actorOf(principal),
        clock: this.deps.clock,
        set: { reviewedById: principal?.id ?? null, reviewedAt: this.deps.clock.now(), reviewNote },
        action: decision === MappingDecision.ACCEPT ? 'ACCEPTED' : 'REJECTED',
        rationale: reviewNote,
      });
      return mapping;
    });
  }
}
