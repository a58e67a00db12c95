/**
 * Mappings across list versions: when a version replaces another, accepted mappings of
 * unchanged entries (same text, parameters and tier) carry forward as ACCEPTED; those of
 * changed entries become STALE pointing at the new entry (through mappingMachine, fired by
 * the publication), and a PROPOSED copy awaits review on the new entry.
 */
import { In, type EntityManager } from 'typeorm';
import type { VersionChange, VersionMappings } from '../control-lists/version-mappings';
import { EntryMapping } from './entry-mapping.entity';
import { mappingMachine } from './mapping.states';

export class MappingCarryForward implements VersionMappings {
  async carryForward(m: EntityManager, change: VersionChange): Promise<{ carried: number; stale: number }> {
    const pairs = `
      SELECT o.id AS old_id, n.id AS new_id,
             (o.text IS DISTINCT FROM n.text OR o.parameters IS DISTINCT FROM n.parameters OR o.tier IS DISTINCT FROM n.tier) AS changed
      FROM control_entry o JOIN control_entry n ON n.control_number = o.control_number AND n.version_id = $2
      WHERE o.version_id = $1`;
    const carriedRows: unknown[] = await m.query(
      `INSERT INTO entry_mapping (entry_id, taxonomy_code, relation, status, note, proposed_by_id, proposed_at, reviewed_by_id, reviewed_at, review_note)
       SELECT p.new_id, em.taxonomy_code, em.relation, 'ACCEPTED', em.note, em.proposed_by_id, $3, em.reviewed_by_id, em.reviewed_at,
              'carried forward: entry unchanged from the previous version'
       FROM (${pairs}) p JOIN entry_mapping em ON em.entry_id = p.old_id AND em.status = 'ACCEPTED'
       WHERE NOT p.changed
       ON CONFLICT (entry_id, taxonomy_code) WHERE status IN ('PROPOSED', 'ACCEPTED') DO NOTHING RETURNING id`,
      [change.previousVersionId, change.newVersionId, change.now],
    );
    const carried = carriedRows.length;
    await m.query(
      `INSERT INTO entry_mapping (entry_id, taxonomy_code, relation, status, note, proposed_by_id, proposed_at)
       SELECT p.new_id, em.taxonomy_code, em.relation, 'PROPOSED', em.note, $4, $3
       FROM (${pairs}) p JOIN entry_mapping em ON em.entry_id = p.old_id AND em.status = 'ACCEPTED'
       WHERE p.changed
       ON CONFLICT (entry_id, taxonomy_code) WHERE status IN ('PROPOSED', 'ACCEPTED') DO NOTHING`,
      [change.previousVersionId, change.newVersionId, change.now, change.actor.id],
    );
    // Mappings of changed entries go STALE through mappingMachine (MARK_STALE, fired by the publication).
    const staleRows: { id: string; new_id: string }[] = await m.query(
      `SELECT em.id, p.new_id FROM (${pairs}) p JOIN entry_mapping em ON em.entry_id = p.old_id AND em.status = 'ACCEPTED'
       WHERE p.changed ORDER BY em.id FOR UPDATE OF em`,
      [change.previousVersionId, change.newVersionId],
    );
    const successor = new Map(staleRows.map((r) => [r.id, r.new_id]));
    const mappings = staleRows.length ? await m.getRepository(EntryMapping).findBy({ id: In([...successor.keys()]) }) : [];
    for (const mapping of mappings) {
      await mappingMachine.transition(m, mapping, 'MARK_STALE', ['PUBLICATION'], {
        actor: change.actor,
        clock: change.clock,
        set: { successorEntryId: successor.get(mapping.id) },
        after: { version: change.newVersionId, successorEntryId: successor.get(mapping.id) },
      });
    }
    return { carried, stale: mappings.length };
  }
}
