/**
 * Country → World Bank region and income group, for destinationStats. The table is
 * seeds/data/country-regions.json (copied, with its source, from the reference data; a
 * value that was not verified is null there). A country without a cited group is UNKNOWN,
 * never guessed.
 */
import table from '../../../seeds/data/country-regions.json';

export const UNKNOWN_GROUP = 'UNKNOWN';

const byCountry = new Map((table.countries as { iso2: string; region: string | null; incomeGroup: string | null }[]).map((c) => [c.iso2, c]));

export function regionOf(country: string): string {
  return byCountry.get(country)?.region ?? UNKNOWN_GROUP;
}

export function incomeGroupOf(country: string): string {
  return byCountry.get(country)?.incomeGroup ?? UNKNOWN_GROUP;
}

export const COUNTRY_GROUP_SOURCE: string = (table.sources as { title: string; url: string }[]).map((s) => `${s.title} <${s.url}>`).join('; ');
export const COUNTRY_GROUP_CLASSIFICATION: string = table.classification;
