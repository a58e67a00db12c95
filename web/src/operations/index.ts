/**
 * Every GraphQL operation the explorer pages send, with the shape of its answer: one file
 * per page, common.ts for the types they share. Kept free of DOM code so that a test can
 * validate each operation against
 * schema/schema.graphql (test/browser/operations.test.ts): a renamed field fails there,
 * not in a reader's browser.
 */
import { ASSESS_TRANSACTION_QUERY } from './assess';
import { CONCORDANCE_QUERY, CONSORTIA_QUERY, TAXONOMY_ROOTS_QUERY } from './concordance';
import { CONSISTENCY_REPORT_QUERY, DESTINATION_STATS_QUERY, END_USER_MATCHES_QUERY } from './consistency';
import { HARMONIZED_ITEM_QUERY, JURISDICTIONS_QUERY, SEARCH_ENTRIES_QUERY } from './explorer';
import { PUBLIC_REGISTER_QUERY, TRANSPARENCY_STATS_QUERY } from './register';

export * from './common';
export * from './explorer';
export * from './concordance';
export * from './register';
export * from './assess';
export * from './consistency';

/** Operations the pages send, by name, for the schema test. */
export const OPERATIONS: Record<string, string> = {
  ExplorerJurisdictions: JURISDICTIONS_QUERY,
  SearchControlEntries: SEARCH_ENTRIES_QUERY,
  HarmonizedItem: HARMONIZED_ITEM_QUERY,
  ExplorerConsortia: CONSORTIA_QUERY,
  TaxonomyTree: TAXONOMY_ROOTS_QUERY,
  ConcordancePage: CONCORDANCE_QUERY,
  PublicRegister: PUBLIC_REGISTER_QUERY,
  TransparencyStats: TRANSPARENCY_STATS_QUERY,
  AssessTransaction: ASSESS_TRANSACTION_QUERY,
  ConsistencyReport: CONSISTENCY_REPORT_QUERY,
  DestinationStats: DESTINATION_STATS_QUERY,
  EndUserMatches: END_USER_MATCHES_QUERY,
};
