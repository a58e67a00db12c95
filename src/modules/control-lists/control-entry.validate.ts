/**
 * The one validator for control entries. Everything that creates or replaces an entry —
 * GraphQL input objects, rows of a CSV import, JSON imports, seed files — goes through
 * `validateEntry`, so the rules live in one place. It never throws: it checks untrusted
 * input field by field, reports every problem with a dotted path (`parameters.2.value`),
 * and returns the entry normalised (trimmed strings, [] for absent lists, null for absent
 * optionals, numbers as numbers) only when there is no error.
 */
import type { ControlEntryData, ExclusionData, ParameterData } from './control-entry.types';
import { Comparator, ExclusionKind, LicensingTier } from './control-list.enums';

export interface FieldError {
  field: string;
  message: string;
}

/** The fields of an entry, in the order they are checked (also the CSV columns). */
export const ENTRY_FIELDS = [
  'controlNumber',
  'parentNumber',
  'title',
  'text',
  'parameters',
  'reasonsForControl',
  'regimeReferences',
  'hsCodes',
  'notes',
  'exclusions',
  'tier',
  'tierIllustrative',
  'source',
] as const;
export type EntryField = (typeof ENTRY_FIELDS)[number];

/** Keys that may appear on an entry but are not part of it: seed files carry the entry's
 * taxonomy mappings next to it; the seeder reads them separately. */
const IGNORED_KEYS: ReadonlySet<string> = new Set(['mappings']);
/** Fields an entry may carry besides the CSV columns. */
const EXTRA_FIELDS = ['exclusionsRecorded'] as const;
const KNOWN_KEYS: ReadonlySet<string> = new Set<string>([...ENTRY_FIELDS, ...EXTRA_FIELDS]);

export const MAX_ENTRIES_PER_BATCH = 20_000;

export const LIMITS = {
  controlNumber: 40,
  title: 300,
  text: 10_000,
  notes: 5_000,
  source: 1_000,
  parameters: 50,
  parameterName: 100,
  parameterUnit: 30,
  reasonsForControl: 20,
  regimeReferences: 10,
  hsCodes: 30,
  exclusions: 30,
  exclusionDescription: 1_000,
} as const;

/**
 * Control numbers as real lists write them: `2B352.b`, `1C351.a.1`, `EAR99`, `I.2`,
 * `2-2.B.352`, and Japanese ones such as `3の2(2)2` (kana, kanji, and the full-width
 * digits, letters and ( ) - . / Japanese text uses). The first character must be a letter,
 * digit or Japanese character. Everything else — notably < > ; quotes and backslashes — is
 * refused: no numbering scheme uses them, and they are what injection payloads are made of.
 */
const CONTROL_NUMBER_PATTERN =
  /^[A-Za-z0-9\u3005\u3040-\u30FF\u4E00-\u9FFF\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A][A-Za-z0-9.\-()\/ \u3005\u3040-\u30FF\u4E00-\u9FFF\uFF08\uFF09\uFF0D-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]*$/u;

/** Reasons for control as lists write them: `CB`, `AT`, `NS`, `RS`, `CB Column 1`. */
const REASON_PATTERN = /^[A-Z]{2,4}( Column \d)?$/;
/** Regime abbreviations: `AG`, `WA`, `NSG`, `MTCR`. */
const REGIME_PATTERN = /^[A-Z]{2,4}$/;
/** HS heading (4 digits), subheading (6) or national tariff line (8): `8419`, `8419.89`, `8419.8998`. */
const HS_CODE_PATTERN = /^\d{4}(\.\d{2}(\d{2})?)?$/;
/** A plain decimal number, as a CSV cell writes one. Refuses what `Number()` would also
 * accept but nobody means in a threshold: '', 'Infinity', '0x10', '1_000'. */
const DECIMAL_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** C0 controls, DEL and C1 controls. */
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F]/;
/** The same, less line feed and tab, for multi-line prose (text, notes). */
const CONTROL_CHARACTERS_EXCEPT_LF_TAB = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
/** A UTF-16 surrogate not in a pair (JSON can carry one as "\ud800"). PostgreSQL cannot
 * store it, so it is refused here rather than failing the whole write later. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Keys and values echoed in messages are cut to this many characters. */
const ECHO_LIMIT = 100;

type Errors = FieldError[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Length in characters (code points), as PostgreSQL counts varchar lengths. */
function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Cuts a string to `max` characters for echoing it in an error. */
export function truncateForMessage(s: string, max = ECHO_LIMIT): string {
  return charLength(s) <= max ? s : `${Array.from(s).slice(0, max).join('')}…`;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

interface StringRule {
  required: boolean;
  max: number;
  /** Allows \n and \t; CRLF and lone CR are turned into \n first. */
  multiline?: boolean;
}

/**
 * Reads a string field: trimmed, within its length, free of control characters. Returns
 * the value, or null when an optional field is absent, empty, or invalid (the error is
 * recorded either way).
 */
function readString(value: unknown, field: string, rule: StringRule, errors: Errors): string | null {
  if (value === undefined || value === null) {
    if (rule.required) errors.push({ field, message: 'is required' });
    return null;
  }
  if (typeof value !== 'string') {
    errors.push({ field, message: `must be a string, got ${typeName(value)}` });
    return null;
  }
  const s = (rule.multiline ? value.replace(/\r\n?/g, '\n') : value).trim();
  if (s === '') {
    if (rule.required) errors.push({ field, message: 'must not be empty' });
    return null;
  }
  const length = charLength(s);
  if (length > rule.max) {
    errors.push({ field, message: `must be at most ${rule.max} characters, got ${length}` });
    return null;
  }
  if ((rule.multiline ? CONTROL_CHARACTERS_EXCEPT_LF_TAB : CONTROL_CHARACTERS).test(s)) {
    errors.push({
      field,
      message: rule.multiline
        ? 'must not contain control characters other than line feed and tab'
        : 'must not contain control characters',
    });
    return null;
  }
  if (LONE_SURROGATE.test(s)) {
    errors.push({ field, message: 'must be well-formed Unicode text' });
    return null;
  }
  return s;
}

function readControlNumber(value: unknown, field: string, required: boolean, errors: Errors): string | null {
  const s = readString(value, field, { required, max: LIMITS.controlNumber }, errors);
  if (s === null) return null;
  if (!CONTROL_NUMBER_PATTERN.test(s)) {
    errors.push({
      field,
      message: 'must start with a letter or digit and contain only letters, digits, Japanese characters, spaces and . - ( ) /',
    });
    return null;
  }
  return s;
}

function readEnum<T extends string>(
  value: unknown,
  field: string,
  enumObject: Record<string, T>,
  errors: Errors,
): T | null {
  if (value === undefined || value === null) {
    errors.push({ field, message: 'is required' });
    return null;
  }
  const allowed = Object.values(enumObject);
  const s = typeof value === 'string' ? value.trim() : null;
  const match = allowed.find((v) => v === s);
  if (match === undefined) {
    errors.push({ field, message: `must be one of ${allowed.join(', ')}` });
    return null;
  }
  return match;
}

/** Reads an optional list: absent → [], otherwise an array of at most `max` items. */
function readArray(value: unknown, field: string, max: number, errors: Errors): unknown[] | null {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.push({ field, message: `must be an array, got ${typeName(value)}` });
    return null;
  }
  if (value.length > max) {
    // Items are not checked past this point: a hostile list would only multiply errors.
    errors.push({ field, message: `must have at most ${max} items, got ${value.length}` });
    return null;
  }
  return value;
}

function reportUnknownKeys(obj: Record<string, unknown>, prefix: string, known: ReadonlySet<string>, errors: Errors): void {
  for (const key of Object.keys(obj)) {
    if (known.has(key) || (prefix === '' && IGNORED_KEYS.has(key))) continue;
    errors.push({ field: prefix + truncateForMessage(key), message: 'unknown field' });
  }
}

/** A list of short upper-case codes; duplicates carry no meaning and are dropped. */
function readCodeList(
  value: unknown,
  field: string,
  max: number,
  pattern: RegExp,
  shape: string,
  errors: Errors,
): string[] {
  const items = readArray(value, field, max, errors);
  if (items === null) return [];
  const out: string[] = [];
  items.forEach((item, i) => {
    const path = `${field}.${i}`;
    // Numbers are refused, not converted: 8419.10 as a JSON number is 8419.1.
    if (typeof item !== 'string') {
      errors.push({ field: path, message: `must be a string, got ${typeName(item)}` });
      return;
    }
    const s = item.trim();
    if (!pattern.test(s)) {
      errors.push({ field: path, message: `must look like ${shape}` });
      return;
    }
    if (!out.includes(s)) out.push(s);
  });
  return out;
}

/** A finite number; numeric strings (CSV cells) are accepted and converted. */
function readNumber(value: unknown, field: string, errors: Errors): number | null {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    errors.push({ field, message: 'must be a finite number' });
    return null;
  }
  if (typeof value === 'string') {
    const s = value.trim();
    const n = DECIMAL_PATTERN.test(s) ? Number(s) : NaN;
    if (Number.isFinite(n)) return n;
    errors.push({ field, message: 'must be a finite decimal number' });
    return null;
  }
  errors.push({ field, message: value === undefined || value === null ? 'is required' : `must be a number, got ${typeName(value)}` });
  return null;
}

const PARAMETER_KEYS: ReadonlySet<string> = new Set(['name', 'comparator', 'value', 'unit', 'appliesTo']);
/** A taxonomy code such as BIO.EQP.FERMENTER. */
const TAXONOMY_CODE_PATTERN = /^[A-Z0-9_]+(\.[A-Z0-9_]+)*$/;
const MAX_APPLIES_TO = 20;

/** The optional scope of a parameter or exclusion: taxonomy codes; undefined when absent. */
function readAppliesTo(value: unknown, field: string, errors: Errors): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const codes = readCodeList(value, field, MAX_APPLIES_TO, TAXONOMY_CODE_PATTERN, 'a taxonomy code such as BIO.EQP.FERMENTER', errors);
  return codes.length ? codes : undefined;
}

function readParameters(value: unknown, errors: Errors): ParameterData[] {
  const items = readArray(value, 'parameters', LIMITS.parameters, errors);
  if (items === null) return [];
  const out: ParameterData[] = [];
  items.forEach((item, i) => {
    const path = `parameters.${i}`;
    if (!isRecord(item)) {
      errors.push({ field: path, message: `must be an object, got ${typeName(item)}` });
      return;
    }
    const before = errors.length;
    reportUnknownKeys(item, `${path}.`, PARAMETER_KEYS, errors);
    const name = readString(item.name, `${path}.name`, { required: true, max: LIMITS.parameterName }, errors);
    const comparator = readEnum(item.comparator, `${path}.comparator`, Comparator, errors);
    const num = readNumber(item.value, `${path}.value`, errors);
    // Dimensionless parameters have an empty unit, so an absent or empty unit is ''.
    const unit = readString(item.unit, `${path}.unit`, { required: false, max: LIMITS.parameterUnit }, errors) ?? '';
    const appliesTo = readAppliesTo(item.appliesTo, `${path}.appliesTo`, errors);
    if (errors.length === before && name !== null && comparator !== null && num !== null) {
      out.push(appliesTo ? { name, comparator, value: num, unit, appliesTo } : { name, comparator, value: num, unit });
    }
  });
  return out;
}

const EXCLUSION_KEYS: ReadonlySet<string> = new Set(['kind', 'description', 'appliesTo']);

function readExclusions(value: unknown, errors: Errors): ExclusionData[] {
  const items = readArray(value, 'exclusions', LIMITS.exclusions, errors);
  if (items === null) return [];
  const out: ExclusionData[] = [];
  items.forEach((item, i) => {
    const path = `exclusions.${i}`;
    if (!isRecord(item)) {
      errors.push({ field: path, message: `must be an object, got ${typeName(item)}` });
      return;
    }
    const before = errors.length;
    reportUnknownKeys(item, `${path}.`, EXCLUSION_KEYS, errors);
    const kind = readEnum(item.kind, `${path}.kind`, ExclusionKind, errors);
    const description = readString(
      item.description,
      `${path}.description`,
      { required: true, max: LIMITS.exclusionDescription },
      errors,
    );
    const appliesTo = readAppliesTo(item.appliesTo, `${path}.appliesTo`, errors);
    if (errors.length === before && kind !== null && description !== null) out.push(appliesTo ? { kind, description, appliesTo } : { kind, description });
  });
  return out;
}

/**
 * Checks and normalises one entry from untrusted input. `entry` is set only when `errors`
 * is empty.
 */
export function validateEntry(raw: unknown): { entry?: ControlEntryData; errors: FieldError[] } {
  const errors: Errors = [];
  if (!isRecord(raw)) {
    return { errors: [{ field: 'entry', message: `must be an object, got ${typeName(raw)}` }] };
  }
  reportUnknownKeys(raw, '', KNOWN_KEYS, errors);

  const controlNumber = readControlNumber(raw.controlNumber, 'controlNumber', true, errors);
  const parentNumber = readControlNumber(raw.parentNumber, 'parentNumber', false, errors);
  if (parentNumber !== null && parentNumber === controlNumber) {
    errors.push({ field: 'parentNumber', message: 'must differ from controlNumber' });
  }
  const title = readString(raw.title, 'title', { required: true, max: LIMITS.title }, errors);
  const text = readString(raw.text, 'text', { required: true, max: LIMITS.text, multiline: true }, errors);
  const parameters = readParameters(raw.parameters, errors);
  const reasonsForControl = readCodeList(
    raw.reasonsForControl,
    'reasonsForControl',
    LIMITS.reasonsForControl,
    REASON_PATTERN,
    'CB, NS or CB Column 1',
    errors,
  );
  const regimeReferences = readCodeList(
    raw.regimeReferences,
    'regimeReferences',
    LIMITS.regimeReferences,
    REGIME_PATTERN,
    'AG, WA or NSG (2 to 4 capital letters)',
    errors,
  );
  const hsCodes = readCodeList(raw.hsCodes, 'hsCodes', LIMITS.hsCodes, HS_CODE_PATTERN, '8419, 8419.89 or 8419.8998', errors);
  const notes = readString(raw.notes, 'notes', { required: false, max: LIMITS.notes, multiline: true }, errors);
  const exclusions = readExclusions(raw.exclusions, errors);
  const tier = readEnum(raw.tier, 'tier', LicensingTier, errors);
  let tierIllustrative = false;
  if (raw.tierIllustrative !== undefined && raw.tierIllustrative !== null) {
    if (typeof raw.tierIllustrative === 'boolean') tierIllustrative = raw.tierIllustrative;
    else errors.push({ field: 'tierIllustrative', message: `must be a boolean, got ${typeName(raw.tierIllustrative)}` });
  }
  // Kept only when given; writers default it to "recorded when exclusions are given".
  let exclusionsRecorded: boolean | undefined;
  if (raw.exclusionsRecorded !== undefined && raw.exclusionsRecorded !== null) {
    // false with exclusions listed: the ones known were entered, but the list may be incomplete.
    if (typeof raw.exclusionsRecorded === 'boolean') exclusionsRecorded = raw.exclusionsRecorded;
    else errors.push({ field: 'exclusionsRecorded', message: `must be a boolean, got ${typeName(raw.exclusionsRecorded)}` });
  }
  const source = readString(raw.source, 'source', { required: false, max: LIMITS.source }, errors);

  if (errors.length > 0 || controlNumber === null || title === null || text === null || tier === null) {
    return { errors };
  }
  return {
    entry: {
      controlNumber,
      parentNumber,
      title,
      text,
      parameters,
      reasonsForControl,
      regimeReferences,
      hsCodes,
      notes,
      exclusions,
      ...(exclusionsRecorded === undefined ? {} : { exclusionsRecorded }),
      tier,
      tierIllustrative,
      source,
    },
    errors,
  };
}

/**
 * The control number of an entry-like value as written (trimmed), valid or not, or null
 * when there is none to read. Used to spot duplicates and to label errors.
 */
export function rawControlNumber(raw: unknown): string | null {
  if (!isRecord(raw) || typeof raw.controlNumber !== 'string') return null;
  const s = raw.controlNumber.trim();
  return s === '' ? null : s;
}

/**
 * Validates a batch: each entry as `validateEntry` does, plus duplicate control numbers
 * (reported on every later occurrence). `entries` holds the valid, non-duplicate entries;
 * callers write nothing when `errors` is non-empty.
 */
export function validateEntries(raws: unknown[]): {
  entries: ControlEntryData[];
  errors: (FieldError & { index: number })[];
} {
  const entries: ControlEntryData[] = [];
  const errors: (FieldError & { index: number })[] = [];
  if (!Array.isArray(raws)) {
    return { entries, errors: [{ index: 0, field: 'entries', message: `must be an array, got ${typeName(raws)}` }] };
  }
  if (raws.length > MAX_ENTRIES_PER_BATCH) {
    return {
      entries,
      errors: [
        {
          index: MAX_ENTRIES_PER_BATCH,
          field: 'entries',
          message: `at most ${MAX_ENTRIES_PER_BATCH} entries per batch, got ${raws.length}`,
        },
      ],
    };
  }
  const firstIndex = new Map<string, number>();
  raws.forEach((raw, index) => {
    const result = validateEntry(raw);
    for (const e of result.errors) errors.push({ index, ...e });
    let duplicate = false;
    const controlNumber = rawControlNumber(raw);
    if (controlNumber !== null) {
      const first = firstIndex.get(controlNumber);
      if (first === undefined) {
        firstIndex.set(controlNumber, index);
      } else {
        duplicate = true;
        errors.push({
          index,
          field: 'controlNumber',
          message: `duplicate controlNumber "${truncateForMessage(controlNumber)}" (first at index ${first})`,
        });
      }
    }
    if (result.entry && !duplicate) entries.push(result.entry);
  });
  return { entries, errors };
}
