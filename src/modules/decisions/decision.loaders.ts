/** End users and licence decisions: request-scoped loaders, one statement per batch. */
import type { DataSource } from 'typeorm';
import { byIdsLoader } from '../../graphql/batch';
import { EndUser } from './end-user.entity';
import { LicenceDecision } from './licence-decision.entity';
import type { AuthPrincipal } from '../../shared/actor';

export function createDecisionLoaders(ds: DataSource, _principal: AuthPrincipal | null) {
  return {
    endUser: byIdsLoader(ds, EndUser),
    /** Unredacted: resolvers pass the result through redactDecision for the caller. */
    licenceDecision: byIdsLoader(ds, LicenceDecision),
  };
}
