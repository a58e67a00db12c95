/** A dispute's submissions, panelists, votes and rulings: request-scoped loaders, one statement per batch. */
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { groupByKey } from '../../graphql/batch';
import type { AuthPrincipal } from '../../shared/actor';
import { DisputePanelist, DisputeRuling, DisputeSubmission, DisputeVote } from './dispute.entity';
import { submissionVisibility } from './dispute.query';

export function createDisputeLoaders(ds: DataSource, principal: AuthPrincipal | null) {
  return {
    /** Submissions the caller may read: the confidentiality rule is applied in the query. */
    visibleSubmissions: new DataLoader<string, DisputeSubmission[]>(async (ids) => {
      const params: unknown[] = [[...ids]];
      const where = submissionVisibility(principal, params);
      const rows: Record<string, unknown>[] = await ds.query(
        `SELECT s.id, s.dispute_id, s.round, s.party, s.title, s.body, s.confidentiality, s.nature, s.submitted_at, s.on_interim_report
         FROM dispute_submission s JOIN dispute_case d ON d.id = s.dispute_id
         WHERE s.dispute_id = ANY($1) AND ${where} ORDER BY s.submitted_at, s.id`,
        params,
      );
      const subs = rows.map((r) =>
        Object.assign(new DisputeSubmission(), {
          id: r.id,
          disputeId: r.dispute_id,
          round: r.round,
          party: r.party,
          title: r.title,
          body: r.body,
          confidentiality: r.confidentiality,
          nature: r.nature,
          submittedAt: r.submitted_at,
          onInterimReport: r.on_interim_report,
        }),
      );
      return groupByKey(ids, subs, (s) => s.disputeId);
    }),
    panelistsByDispute: new DataLoader<string, DisputePanelist[]>(async (ids) =>
      groupByKey(
        ids,
        await ds.getRepository(DisputePanelist).find({ where: { disputeId: In([...ids]) }, order: { round: 'ASC', appointedAt: 'ASC', id: 'ASC' } }),
        (p) => p.disputeId,
      ),
    ),
    votesByDispute: new DataLoader<string, DisputeVote[]>(async (ids) =>
      groupByKey(
        ids,
        await ds.getRepository(DisputeVote).find({ where: { disputeId: In([...ids]) }, order: { round: 'ASC', castAt: 'ASC', id: 'ASC' } }),
        (v) => v.disputeId,
      ),
    ),
    rulingsByDispute: new DataLoader<string, DisputeRuling[]>(async (ids) =>
      groupByKey(
        ids,
        await ds.getRepository(DisputeRuling).find({ where: { disputeId: In([...ids]) }, order: { round: 'ASC', id: 'ASC' } }),
        (r) => r.disputeId,
      ),
    ),
  };
}
