/**
 * A dispute ruling on the secretariat's review of a mapping (contestedKind
 * MAPPING_REVIEW), applied by this module through mappingMachine: relative to the review
 * as contested, UPHOLD keeps it, OVERTURN reverses it, REMAND sends the mapping back for
 * review. The secretariat is the respondent.
 */
import type { EntityManager } from 'typeorm';
import { NotFoundError, ValidationError } from '../../shared/errors';
import type { ContestedDecision, RulingEffects, RulingToApply } from '../../shared/ruling-effects';
import { SYSTEM_ACTOR } from '../../shared/actor';
import { ControlEntry } from '../control-lists/control-entry.entity';
import { ControlList } from '../control-lists/control-list.entity';
import { MappingStatus } from './taxonomy.enums';
import { ControlListVersion } from '../control-lists/control-list-version.entity';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { isUuid } from '../../shared/ids';
import { EntryMapping } from './entry-mapping.entity';
import { mappingMachine } from './mapping.states';

export class MappingRulingEffects implements RulingEffects {
  async contestedDecision(m: EntityManager, id: string): Promise<ContestedDecision> {
    const map = isUuid(id) ? await m.getRepository(EntryMapping).findOneBy({ id }) : null;
    if (!map) throw new NotFoundError('EntryMapping', id);
    if (map.status !== MappingStatus.ACCEPTED && map.status !== MappingStatus.REJECTED)
      throw new ValidationError('only a reviewed (accepted or rejected) mapping can be contested', 'input.contestedId');
    const entry = await m.getRepository(ControlEntry).findOneByOrFail({ id: map.entryId });
    const version = await m.getRepository(ControlListVersion).findOneByOrFail({ id: entry.versionId });
    const list = await m.getRepository(ControlList).findOneByOrFail({ id: version.listId });
    const adopters = (await m.getRepository(Jurisdiction).findBy({ adoptsCode: list.jurisdictionCode })).map((j) => j.code);
    const [{ id: consortiumId }]: { id: string }[] = await m
      .query('SELECT consortium_id AS id FROM membership WHERE jurisdiction_code = ANY($1) ORDER BY since LIMIT 1', [[list.jurisdictionCode, ...adopters]])
      .then((rows: { id: string }[]) => (rows.length ? rows : m.query('SELECT id FROM consortium ORDER BY name LIMIT 1')));
    return {
      status: map.status,
      consortiumId,
      respondent: null,
      affected: [list.jurisdictionCode, ...adopters],
      describe: `the secretariat's review of mapping ${map.id} (${entry.controlNumber} → ${map.taxonomyCode})`,
    };
  }

  async applyRuling(m: EntityManager, ruling: RulingToApply): Promise<string> {
    const map = await m.getRepository(EntryMapping).findOneOrFail({ where: { id: ruling.contestedId }, lock: { mode: 'pessimistic_write' } });
    const from = map.status;
    const reviewed = (ruling.contestedStatus as MappingStatus | null) ?? map.status;
    const target =
      ruling.outcome === 'REMAND'
        ? MappingStatus.PROPOSED
        : ruling.outcome === 'UPHOLD'
          ? reviewed
          : reviewed === MappingStatus.ACCEPTED
            ? MappingStatus.REJECTED
            : MappingStatus.ACCEPTED;
    if (target === from) return `The mapping stays ${from}.`;
    const event = target === MappingStatus.PROPOSED ? 'REOPEN' : target === MappingStatus.ACCEPTED ? 'ACCEPT' : 'REJECT';
    if (!mappingMachine.allows(from, event)) return `The mapping is ${from}; nothing more to apply.`;
    await mappingMachine.transition(m, map, event, ['RULING'], {
      actor: SYSTEM_ACTOR,
      clock: ruling.clock,
      set: { reviewNote: `${map.reviewNote ? `${map.reviewNote}; ` : ''}changed by dispute ${ruling.disputeId}` },
      after: { byDispute: ruling.disputeId },
    });
    return `The mapping is now ${map.status} (was ${from}).`;
  }
}
