/**
 * The concordance matrix as CSV: one row per taxonomy node, one column per member. A
 * cell reads "TIER: numbers" when controlled, "not controlled", or "unknown" (the
 * member's list has not been mapped there); a member applying another's list says so
 * ("(applies EU list)"). Produced page by page, so memory stays flat.
 * `asOf` (YYYY-MM-DD, default today): the list versions in force that day.
 *
 * Labels and control numbers are member-supplied text: a cell that a spreadsheet would
 * read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is
 * written with a leading apostrophe, so it opens as text (CSV/formula injection).
 */
import { stringify } from 'csv-stringify/sync';
import { ValidationError } from '../../shared/errors';
import { checkDate } from '../../shared/validate';
import { CoverageStatus } from './harmonized.enums';
import type { HarmonizedService } from './harmonized.service';

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as a spreadsheet will read it as text, never as a formula. */
export function csvSafe(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function csvRows(rows: string[][]): string {
  return stringify(rows.map((r) => r.map(csvSafe)));
}

export async function* concordanceCsv(
  service: HarmonizedService,
  consortiumId: string,
  taxonomyPrefix?: string | null,
  asOf?: string | null,
): AsyncGenerator<string> {
  if (asOf && (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf)) || new Date(asOf).toISOString().slice(0, 10) !== asOf)) {
    throw new ValidationError('asOf must be a date (YYYY-MM-DD)', 'asOf');
  }
  checkDate(asOf, 'asOf');
  const day = asOf || service.today(); // one day for every page, even across midnight
  const members = await service.members(consortiumId);
  yield csvRows([['code', 'label', 'most restrictive tier', ...members.map((m) => m.code)]]);
  let after: string | undefined;
  for (;;) {
    const page = await service.concordance(consortiumId, taxonomyPrefix, 100, after, day);
    const rows = page.edges.map(({ node: row }) => {
      const tiers = row.cells.filter((c) => c.tier).map((c) => c.tier!);
      const order = ['DECLARATION', 'STANDARD', 'ENHANCED'];
      const top = tiers.sort((a, b) => order.indexOf(b) - order.indexOf(a))[0] ?? '';
      return [
        row.node.code,
        row.node.label,
        top,
        ...row.cells.map((c) =>
          c.status === CoverageStatus.CONTROLLED
            ? `${c.tier}: ${c.entries.map((e) => e.controlNumber).join(' ')}${c.adoption.adopts && c.listJurisdictions.includes(c.adoption.adopts) ? ` (applies ${c.adoption.adopts} list)` : ''}`
            : c.status === CoverageStatus.NOT_CONTROLLED
              ? 'not controlled'
              : 'unknown',
        ),
      ];
    });
    if (rows.length) yield csvRows(rows);
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
    after = page.pageInfo.endCursor;
  }
}
