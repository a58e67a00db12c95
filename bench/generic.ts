/**
 * The generic reads — what a team could also get from a generic GraphQL layer
 * over the same tables — as Accord's operations and PostGraphile v4's (bench/postgraphile),
 * with the normalisation that lets the bench check both return the same rows.
 *
 * - page: 100 entries of one version in control-number order
 * - page+mappings: the same page with each entry's mappings (status, relation, node code),
 *   oldest proposal first, then by id
 * - register: the 20 newest public register entries (newest first, then by id)
 * - count: the number of entries of one version
 *
 * PostGraphile orders a non-unique `orderBy` by the primary key after it; Accord's orders
 * are the same rows (control numbers are unique within a version; mappings and register
 * entries break ties by id).
 */

export interface GenericRead {
  /** Scenario name in the results. */
  scenario: string;
  /** SQL-count operation name (bench/inprocess.ts). */
  sqlOperation: string;
  accord: string;
  postgraphile: string;
  /** Whether the operation takes the version id. */
  perVersion: boolean;
  /** Normalised rows from an Accord answer's data. */
  fromAccord(data: any): unknown;
  /** Normalised rows from a PostGraphile answer's data. */
  fromPostgraphile(data: any): unknown;
}

const entry = (n: any) => ({ id: n.id, controlNumber: n.controlNumber, title: n.title, tier: n.tier, hsCodes: n.hsCodes });
const ms = (t: string) => new Date(t).getTime();
const registerRow = (n: any) => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  summary: n.summary,
  jurisdictions: n.jurisdictions,
  publishedAt: ms(n.publishedAt),
});

export const GENERIC_READS: GenericRead[] = [
  {
    scenario: 'entries page(100)',
    sqlOperation: 'controlEntries versionId first 100',
    perVersion: true,
    accord: `query GenericPage($v: ID!) { controlEntries(filter: { versionId: $v }, first: 100) {
  pageInfo { hasNextPage endCursor } edges { node { id controlNumber title tier hsCodes } } } }`,
    postgraphile: `query GenericPage($v: UUID!) { allControlEntries(condition: { versionId: $v }, first: 100, orderBy: [CONTROL_NUMBER_ASC]) {
  pageInfo { hasNextPage endCursor } nodes { id controlNumber title tier hsCodes } } }`,
    fromAccord: (d) => ({ more: d.controlEntries.pageInfo.hasNextPage, rows: d.controlEntries.edges.map((e: any) => entry(e.node)) }),
    fromPostgraphile: (d) => ({ more: d.allControlEntries.pageInfo.hasNextPage, rows: d.allControlEntries.nodes.map(entry) }),
  },
  {
    scenario: 'entries page(100)+mappings',
    sqlOperation: 'controlEntries versionId first 100 with mappings',
    perVersion: true,
    accord: `query GenericPageMappings($v: ID!) { controlEntries(filter: { versionId: $v }, first: 100) {
  pageInfo { hasNextPage endCursor } edges { node { id controlNumber mappings { status relation node { code } } } } } }`,
    postgraphile: `query GenericPageMappings($v: UUID!) { allControlEntries(condition: { versionId: $v }, first: 100, orderBy: [CONTROL_NUMBER_ASC]) {
  pageInfo { hasNextPage endCursor } nodes { id controlNumber
    entryMappingsByEntryId(orderBy: [PROPOSED_AT_ASC, ID_ASC]) { nodes { status relation taxonomyNodeByTaxonomyCode { code } } } } } }`,
    fromAccord: (d) => ({
      more: d.controlEntries.pageInfo.hasNextPage,
      rows: d.controlEntries.edges.map((e: any) => ({
        id: e.node.id,
        controlNumber: e.node.controlNumber,
        mappings: e.node.mappings.map((m: any) => ({ status: m.status, relation: m.relation, code: m.node.code })),
      })),
    }),
    fromPostgraphile: (d) => ({
      more: d.allControlEntries.pageInfo.hasNextPage,
      rows: d.allControlEntries.nodes.map((n: any) => ({
        id: n.id,
        controlNumber: n.controlNumber,
        mappings: n.entryMappingsByEntryId.nodes.map((m: any) => ({ status: m.status, relation: m.relation, code: m.taxonomyNodeByTaxonomyCode.code })),
      })),
    }),
  },
  {
    scenario: 'publicRegister(first:20)',
    sqlOperation: 'publicRegister first 20 (no totalCount)',
    perVersion: false,
    accord: `query GenericRegister { publicRegister(first: 20) { pageInfo { hasNextPage endCursor } edges { node { id kind title summary jurisdictions publishedAt } } } }`,
    postgraphile: `query GenericRegister { allRegisterEntries(first: 20, orderBy: [PUBLISHED_AT_DESC, ID_DESC]) {
  pageInfo { hasNextPage endCursor } nodes { id kind title summary jurisdictions publishedAt } } }`,
    fromAccord: (d) => ({ more: d.publicRegister.pageInfo.hasNextPage, rows: d.publicRegister.edges.map((e: any) => registerRow(e.node)) }),
    fromPostgraphile: (d) => ({ more: d.allRegisterEntries.pageInfo.hasNextPage, rows: d.allRegisterEntries.nodes.map(registerRow) }),
  },
  {
    scenario: 'entries totalCount',
    sqlOperation: 'controlEntries versionId totalCount',
    perVersion: true,
    accord: `query GenericCount($v: ID!) { controlEntries(filter: { versionId: $v }) { totalCount } }`,
    postgraphile: `query GenericCount($v: UUID!) { allControlEntries(condition: { versionId: $v }) { totalCount } }`,
    fromAccord: (d) => d.controlEntries.totalCount,
    fromPostgraphile: (d) => d.allControlEntries.totalCount,
  },
];
