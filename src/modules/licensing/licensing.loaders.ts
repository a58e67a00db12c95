/** Country groups: request-scoped loaders, one statement per batch. */
import type { DataSource } from 'typeorm';
import { byIdsLoader } from '../../graphql/batch';
import { CountryGroup } from './country-group.entity';
import type { AuthPrincipal } from '../../shared/actor';

export function createLicensingLoaders(ds: DataSource, _principal: AuthPrincipal | null) {
  return {
    countryGroup: byIdsLoader(ds, CountryGroup),
  };
}
