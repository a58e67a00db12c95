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
import {
  isRecord,
  readArray,
  readCodeList,
  readEnum,
  readNumber,
  readString,
  truncateForMessage,
  typeName,
  type Errors,
  type FieldError,
} from './control-entry.readers';

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
  /^[A-Za-z0-9\u3005\u3040-\u30FF\u4E00-\u9FFF\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A][A-Za-z0-9.\-()/ \u3005\u3040-\u30FF\u4E00-\u9FFF\uFF08\uFF09\uFF0D-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]*$/u;

/** Reasons for control as lists write them: `CB`, `AT`, `NS`, `RS`, `CB Column 1`. */
const REASON_PATTERN = /^[A-Z]{2,4}( Column \d)?$/;
/** Regime abbreviations: `AG`, `WA`, `NSG`, `MTCR`. */
const REGIME_PATTERN = /^[A-Z]{2,4}$/;
/** HS heading (4 digits), subheading (6) or national tariff line (8): `8419`, `8419.89`, `8419.8998`. */
const HS_CODE_PATTERN = /^\d{4}(\.\d{2}(\d{2})?)?$/;
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

function reportUnknownKeys(obj: Record<string, unknown>, prefix: string, known: ReadonlySet<string>, errors: Errors): void {
  for (const key of Object.keys(obj)) {
    if (known.has(key) || (prefix === '' && IGNORED_KEYS.has(key))) continue;
    errors.push({ field: prefix + truncateForMessage(key), message: 'unknown field' });
  }
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
    const description = readString(item.description, `${path}.description`, { required: true, max: LIMITS.exclusionDescription }, errors);
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
  const reasonsForControl = readCodeList(raw.reasonsForControl, 'reasonsForControl', LIMITS.reasonsForControl, REASON_PATTERN, 'CB, NS or CB Column 1', errors);
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
