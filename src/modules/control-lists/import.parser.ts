/**
 * Parses a control-list import (CSV or JSON) into entries, checking every row with the
 * one entry validator. It never throws for bad input: every problem comes back as a
 * RowError naming the line, the row's control number when it can be read, and the field.
 * `entries` holds only the valid rows, but callers write nothing when `errors` is non-empty.
 *
 * CSV layout: a header row (names case-insensitive, surrounding spaces ignored) naming
 * some of the columns below; controlNumber, title, text and tier are required. An empty
 * cell means the field is absent. Cells holding lists use these formats:
 *
 *   reasonsForControl, regimeReferences, hsCodes   CB;AT          8419.89;8479.89
 *   parameters          name|comparator|value|unit;…  total internal volume|GTE|20|L;flow rate|GT|100|L/h
 *                       (the unit may be left out for dimensionless parameters: count|GTE|3)
 *   exclusions          KIND: description;…   VACCINE: vaccines;MEDICAL_DEVICE: cleared devices
 *   tierIllustrative    true/false, yes/no, 1/0 (any case)
 *
 * Because `;` separates items and `|` separates parts, parameter names and exclusion
 * descriptions containing them cannot be written in CSV; use JSON for those.
 */
import { parse } from 'csv-parse/sync';
import type { ControlEntryData } from './control-entry.types';
import { truncateForMessage, type FieldError } from './control-entry.readers';
import { ENTRY_FIELDS, type EntryField, MAX_ENTRIES_PER_BATCH, rawControlNumber, validateEntry } from './control-entry.validate';

export type ImportFormat = 'CSV' | 'JSON';

/**
 * One problem in an import. `line` is the physical line in a CSV file (the header is
 * line 1; a row spanning several lines reports its first line). For JSON it is the
 * 1-based position of the entry in the entries array (1 for problems with the document
 * as a whole, or the line the JSON parser names for a syntax error).
 */
export interface RowError {
  line: number;
  controlNumber: string | null;
  field: string;
  message: string;
}

export interface ImportResult {
  entries: ControlEntryData[];
  errors: RowError[];
  /** Data rows read (CSV rows after the header, blank lines excluded; JSON array items). */
  rows: number;
}

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = MAX_ENTRIES_PER_BATCH;

const REQUIRED_COLUMNS: readonly EntryField[] = ['controlNumber', 'title', 'text', 'tier'];
const COLUMN_BY_LOWER_NAME = new Map<string, EntryField>(ENTRY_FIELDS.map((f) => [f.toLowerCase(), f]));

/** A row's control number as shown in errors: cut short so a hostile value is not echoed in full. */
function label(controlNumber: string | null): string | null {
  return controlNumber === null ? null : truncateForMessage(controlNumber, 40);
}

function fail(field: string, message: string, line = 1): ImportResult {
  return { entries: [], errors: [{ line, controlNumber: null, field, message }], rows: 0 };
}

export function parseImport(content: string, format: ImportFormat): ImportResult {
  if (typeof content !== 'string') return fail('content', 'must be a string');
  // Checked on the string length first so a huge content is refused without encoding it
  // (a string is never longer in UTF-16 code units than in UTF-8 bytes).
  if (content.length > MAX_IMPORT_BYTES || Buffer.byteLength(content, 'utf8') > MAX_IMPORT_BYTES) {
    return fail('content', `must be at most ${MAX_IMPORT_BYTES} bytes (10 MB)`);
  }
  // Spreadsheet exports often start with a UTF-8 byte-order mark; neither parser wants it.
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  if (format === 'CSV') return parseCsv(text);
  if (format === 'JSON') return parseJson(text);
  return fail('format', 'must be CSV or JSON');
}

/** Collects one row's errors and enforces unique control numbers across rows. */
class Collector {
  readonly entries: ControlEntryData[] = [];
  readonly errors: RowError[] = [];
  private readonly firstLine = new Map<string, number>();

  /** Validates one row (`decodeErrors` are problems already found reading its cells). */
  add(line: number, raw: unknown, decodeErrors: FieldError[] = []): void {
    const controlNumber = rawControlNumber(raw);
    const shown = label(controlNumber);
    const result = validateEntry(raw);
    for (const e of [...decodeErrors, ...result.errors]) this.errors.push({ line, controlNumber: shown, ...e });
    let duplicate = false;
    if (controlNumber !== null) {
      const first = this.firstLine.get(controlNumber);
      if (first === undefined) {
        this.firstLine.set(controlNumber, line);
      } else {
        duplicate = true;
        this.errors.push({
          line,
          controlNumber: shown,
          field: 'controlNumber',
          message: `duplicate controlNumber "${shown}" (first at line ${first})`,
        });
      }
    }
    if (result.entry && decodeErrors.length === 0 && !duplicate) this.entries.push(result.entry);
  }
}

// ---------------------------------------------------------------- JSON

function jsonErrorLine(message: string, text: string): number {
  const line = /\bline (\d+)/.exec(message);
  if (line) return Number(line[1]);
  // Node 20 names a character position at best; count the line breaks before it.
  const position = /\bposition (\d+)/.exec(message);
  if (position) {
    const end = Math.min(Number(position[1]), text.length);
    let n = 1;
    for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) n++;
    return n;
  }
  return 1;
}

function parseJson(text: string): ImportResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return fail('content', `invalid JSON: ${message}`, jsonErrorLine(message, text));
  }
  let items: unknown;
  if (Array.isArray(doc)) {
    items = doc;
  } else if (typeof doc === 'object' && doc !== null) {
    // Anything else at the top level (a jurisdiction, a version…) would be silently
    // ignored, and it may not match the version being imported into, so it is refused.
    const extra = Object.keys(doc).filter((k) => k !== 'entries');
    if (extra.length > 0) {
      return fail(truncateForMessage(extra[0]), 'unknown top-level field: expected an array or { "entries": [...] }');
    }
    items = (doc as { entries?: unknown }).entries;
  }
  if (!Array.isArray(items)) return fail('content', 'must be an array of entries or { "entries": [...] }');
  if (items.length > MAX_IMPORT_ROWS) {
    return { ...fail('content', `at most ${MAX_IMPORT_ROWS} entries per import, got ${items.length}`), rows: items.length };
  }

  const out = new Collector();
  items.forEach((item, index) => out.add(index + 1, item));
  return { entries: out.entries, errors: out.errors, rows: items.length };
}

// ---------------------------------------------------------------- CSV

interface CsvRecord {
  record: string[];
  info: { lines: number };
}

interface CsvParseError {
  message: string;
  lines?: number;
}

function splitList(cell: string): string[] {
  return cell
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** `name|comparator|value|unit;…` → parameter objects; the validator checks their parts. */
function decodeParameters(cell: string, errors: FieldError[]): unknown[] {
  const out: unknown[] = [];
  splitList(cell).forEach((item, i) => {
    const parts = item.split('|').map((p) => p.trim());
    if (parts.length !== 3 && parts.length !== 4) {
      errors.push({ field: `parameters.${i}`, message: 'must be written name|comparator|value|unit' });
      return;
    }
    const [name, comparator, value, unit = ''] = parts;
    out.push({ name, comparator, value, unit });
  });
  return out;
}

/** `KIND: description;…` → exclusion objects. */
function decodeExclusions(cell: string, errors: FieldError[]): unknown[] {
  const out: unknown[] = [];
  splitList(cell).forEach((item, i) => {
    const colon = item.indexOf(':');
    if (colon < 0) {
      errors.push({ field: `exclusions.${i}`, message: 'must be written KIND: description' });
      return;
    }
    out.push({ kind: item.slice(0, colon).trim(), description: item.slice(colon + 1).trim() });
  });
  return out;
}

function decodeBoolean(cell: string, errors: FieldError[]): boolean | undefined {
  const s = cell.trim().toLowerCase();
  if (s === 'true' || s === 'yes' || s === '1') return true;
  if (s === 'false' || s === 'no' || s === '0') return false;
  errors.push({ field: 'tierIllustrative', message: 'must be true, false, yes, no, 1 or 0' });
  return undefined;
}

/**
 * Turns one CSV row into an entry-like object for the validator. A cell whose format
 * cannot be read is left out (its errors are reported instead), so the validator does not
 * report the same cell twice; its other cells are still checked.
 */
function decodeRow(columns: EntryField[], cells: string[], errors: FieldError[]): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const cell = cells[i];
    if (cell.trim() === '') return; // empty cell = absent
    const before = errors.length;
    let value: unknown;
    switch (column) {
      case 'parameters':
        value = decodeParameters(cell, errors);
        break;
      case 'exclusions':
        value = decodeExclusions(cell, errors);
        break;
      case 'reasonsForControl':
      case 'regimeReferences':
      case 'hsCodes':
        value = splitList(cell);
        break;
      case 'tierIllustrative':
        value = decodeBoolean(cell, errors);
        break;
      default:
        value = cell;
    }
    if (errors.length === before) raw[column] = value;
  });
  return raw;
}

function parseCsv(text: string): ImportResult {
  // csv-parse 6.1.0 counts a CRLF inside a quoted cell as two lines, which would shift the
  // line of every later row. Turning CRLF (and lone CR) into LF keeps the physical line
  // numbers and the parser's count right, and multi-line cells then hold plain \n.
  const normalised = text.replace(/\r\n?/g, '\n');
  let records: CsvRecord[];
  try {
    records = parse(normalised, {
      info: true,
      skip_empty_lines: true,
      // Rows with the wrong number of cells are reported per row below, not as a parse failure.
      relax_column_count: true,
    }) as unknown as CsvRecord[];
  } catch (err) {
    const e = err as CsvParseError;
    const line = typeof e.lines === 'number' && e.lines > 0 ? e.lines : 1;
    return fail('content', `invalid CSV: ${e.message}`, line);
  }

  // `info.lines` is the line a record ends on; a record spans one line more for each line
  // break inside its quoted cells, so its first line is that many lines earlier.
  const rows = records
    .map(({ record, info }) => ({
      cells: record,
      line: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
    }))
    // A line of only commas or spaces is as empty as an empty one.
    .filter((r) => r.cells.some((c) => c.trim() !== ''));

  const header = rows.shift();
  if (!header) return fail('content', 'a header row is required');
  const dataRows = rows.length;

  const headerErrors: RowError[] = [];
  const named: (EntryField | undefined)[] = [];
  header.cells.forEach((name, i) => {
    const trimmed = name.trim();
    const column = COLUMN_BY_LOWER_NAME.get(trimmed.toLowerCase());
    const field = trimmed === '' ? `column ${i + 1}` : truncateForMessage(trimmed);
    if (column === undefined) {
      headerErrors.push({ line: header.line, controlNumber: null, field, message: `unknown column; known columns: ${ENTRY_FIELDS.join(', ')}` });
    } else if (named.includes(column)) {
      headerErrors.push({ line: header.line, controlNumber: null, field, message: 'duplicate column' });
    }
    named.push(column);
  });
  for (const required of REQUIRED_COLUMNS) {
    if (!named.includes(required)) {
      headerErrors.push({ line: header.line, controlNumber: null, field: required, message: 'required column is missing' });
    }
  }
  // Without a sound header no cell can be trusted to be what it claims: stop here.
  if (headerErrors.length > 0) return { entries: [], errors: headerErrors, rows: dataRows };
  const columns = named as EntryField[]; // every name is known now
  if (dataRows > MAX_IMPORT_ROWS) {
    return { ...fail('content', `at most ${MAX_IMPORT_ROWS} rows per import, got ${dataRows}`), rows: dataRows };
  }

  const out = new Collector();
  const controlNumberColumn = columns.indexOf('controlNumber');
  for (const row of rows) {
    if (row.cells.length !== columns.length) {
      // A stray unquoted comma shifts every later cell: do not guess which cell is which.
      const cell = row.cells[controlNumberColumn]?.trim();
      out.errors.push({
        line: row.line,
        controlNumber: cell ? label(cell) : null,
        field: 'row',
        message: `expected ${columns.length} cells, got ${row.cells.length}`,
      });
      continue;
    }
    const decodeErrors: FieldError[] = [];
    const raw = decodeRow(columns, row.cells, decodeErrors);
    out.add(row.line, raw, decodeErrors);
  }
  return { entries: out.entries, errors: out.errors, rows: dataRows };
}
