/**
 * Readers of untrusted values, field by field: each checks one value, records what is wrong
 * with a dotted path, and returns the value normalised or null. Used by the entry validator
 * and the import parser.
 */

export interface FieldError {
  field: string;
  message: string;
}

/** A plain decimal number, as a CSV cell writes one. Refuses what `Number()` would also
 * accept but nobody means in a threshold: '', 'Infinity', '0x10', '1_000'. */
const DECIMAL_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** C0 controls, DEL and C1 controls. */
// eslint-disable-next-line no-control-regex -- the pattern finds control characters to refuse them
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F]/;
/** The same, less line feed and tab, for multi-line prose (text, notes). */
// eslint-disable-next-line no-control-regex -- the pattern finds control characters to refuse them
const CONTROL_CHARACTERS_EXCEPT_LF_TAB = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
/** A UTF-16 surrogate not in a pair (JSON can carry one as "\ud800"). PostgreSQL cannot
 * store it, so it is refused here rather than failing the whole write later. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Keys and values echoed in messages are cut to this many characters. */
const ECHO_LIMIT = 100;

export type Errors = FieldError[];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Length in characters (code points), as PostgreSQL counts varchar lengths. */
export function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Cuts a string to `max` characters for echoing it in an error. */
export function truncateForMessage(s: string, max = ECHO_LIMIT): string {
  return charLength(s) <= max ? s : `${Array.from(s).slice(0, max).join('')}…`;
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export interface StringRule {
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
export function readString(value: unknown, field: string, rule: StringRule, errors: Errors): string | null {
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
      message: rule.multiline ? 'must not contain control characters other than line feed and tab' : 'must not contain control characters',
    });
    return null;
  }
  if (LONE_SURROGATE.test(s)) {
    errors.push({ field, message: 'must be well-formed Unicode text' });
    return null;
  }
  return s;
}

export function readEnum<T extends string>(value: unknown, field: string, enumObject: Record<string, T>, errors: Errors): T | null {
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
export function readArray(value: unknown, field: string, max: number, errors: Errors): unknown[] | null {
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
  const items: unknown[] = value;
  return items;
}

/** A list of short upper-case codes; duplicates carry no meaning and are dropped. */
export function readCodeList(value: unknown, field: string, max: number, pattern: RegExp, shape: string, errors: Errors): string[] {
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
export function readNumber(value: unknown, field: string, errors: Errors): number | null {
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
