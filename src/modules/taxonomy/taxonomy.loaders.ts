/** Taxonomy nodes and the mappings the caller may read: request-scoped loaders, one statement per batch. */
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { queryPrepared } from '../../db/prepared';
import { byKey, groupByKey, uuids } from '../../graphql/batch';
import type { AuthPrincipal } from '../../shared/actor';
import { readableVersionSql } from '../control-lists/visibility';
import { EntryMapping } from './entry-mapping.entity';
import { TaxonomyNode } from './taxonomy-node.entity';

/** EntryMapping fields a lean mapping answers (its own id, keys, relation and status; the entry and node resolve from the keys). */
export const LEAN_MAPPING_FIELDS: ReadonlySet<string> = new Set(['id', 'taxonomyCode', 'relation', 'status', 'node', 'entry']);

export function createTaxonomyLoaders(ds: DataSource, principal: AuthPrincipal | null) {
  /**
   * Mappings whose entry the caller may read, in one statement per batch: only their own
   * columns, oldest proposal first and then by id (a stable order).
   */
  const readableMappings = async (column: 'entry_id' | 'taxonomy_code', keys: readonly string[], lean = false): Promise<EntryMapping[]> => {
    const params: unknown[] = [[...keys]];
    const readable = readableVersionSql(principal, (value) => (params.push(value), `$${params.length}`));
    const rows = await queryPrepared<Record<string, unknown>>(
      ds,
      `SELECT em.id, em.entry_id, em.taxonomy_code, em.relation, em.status${
        lean
          ? ''
          : `, em.note, em.proposed_by_id, em.proposed_at,
              em.reviewed_by_id, em.reviewed_at, em.review_note, em.successor_entry_id`
      }
       FROM entry_mapping em
       JOIN control_entry e ON e.id = em.entry_id
       JOIN control_list_version v ON v.id = e.version_id
       JOIN control_list l ON l.id = v.list_id
       WHERE em.${column} = ANY($1) AND ${readable}
       ORDER BY em.proposed_at, em.id`,
      params,
    );
    if (lean)
      return rows.map((r) =>
        Object.assign(new EntryMapping(), { id: r.id, entryId: r.entry_id, taxonomyCode: r.taxonomy_code, relation: r.relation, status: r.status }),
      );
    return rows.map((r) =>
      Object.assign(new EntryMapping(), {
        id: r.id,
        entryId: r.entry_id,
        taxonomyCode: r.taxonomy_code,
        relation: r.relation,
        status: r.status,
        note: r.note,
        proposedById: r.proposed_by_id,
        proposedAt: r.proposed_at,
        reviewedById: r.reviewed_by_id,
        reviewedAt: r.reviewed_at,
        reviewNote: r.review_note,
        successorEntryId: r.successor_entry_id,
      }),
    );
  };
  return {
    /** Mappings whose entry the caller may read (a mapping of another's draft entry is part of the draft). */
    mappingsByEntry: new DataLoader<string, EntryMapping[]>(async (ids) =>
      groupByKey(ids, uuids(ids).length ? await readableMappings('entry_id', uuids(ids)) : [], (m) => m.entryId),
    ),
    /** The same mappings with only their LEAN_MAPPING_FIELDS' columns: for a page whose selection of mappings asks for nothing else. */
    mappingsByEntryLean: new DataLoader<string, EntryMapping[]>(async (ids) =>
      groupByKey(ids, uuids(ids).length ? await readableMappings('entry_id', uuids(ids), true) : [], (m) => m.entryId),
    ),
    mappingsByNode: new DataLoader<string, EntryMapping[]>(async (codes) =>
      groupByKey(codes, await readableMappings('taxonomy_code', codes), (m) => m.taxonomyCode),
    ),
    taxonomyNode: new DataLoader<string, TaxonomyNode | null>(async (codes) =>
      byKey(codes, await ds.getRepository(TaxonomyNode).findBy({ code: In([...codes]) }), (n) => n.code),
    ),
    taxonomyChildren: new DataLoader<string, TaxonomyNode[]>(async (codes) =>
      groupByKey(codes, await ds.getRepository(TaxonomyNode).find({ where: { parentCode: In([...codes]) }, order: { code: 'ASC' } }), (n) => n.parentCode!),
    ),
  };
}
