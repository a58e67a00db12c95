/**
 * Licensing rules from CSV or JSON ("importable from CSV/JSON like entries").
 * Never throws for bad input: every problem comes back as a RowError naming the line, the
 * rule key when readable, and the field. Callers write nothing when there are errors.
 *
 * JSON: an array of rules, or `{ "rules": [...] }` (the layout of seeds/data/licensing.json).
 * CSV: a header row naming the columns below (case-insensitive); lists are `;`-separated.
 *
 *   key, controlNumbers (2B352;1C351), excludesCodes, countryGroup (EU/EU001), destinations (KE;UG),
 *   exceptCountryGroups, requirement, prohibition, conditions, reference, priority, endUseTrigger,
 *   effectiveFrom, effectiveTo, appliesTo, confidence (confirmed | secondary), source, notes
 *
 * A rule needs its source (title and URL of what was read) and a confidence of confirmed or
 * secondary: a rule from memory is not imported.
 */
import { parse } from 'csv-parse/sync';
import type { RowError } from '../control-lists/import.parser';
import { ISO_3166_1_ALPHA2 } from './iso3166';
import { EndUseTrigger, LicensingRequirement } from './licensing.enums';

/** What a licensing rule says, however it is held (imported row, stored fact). */
export interface RuleTerms {
  excludesCodes: string[];
  countryGroup: string | null;
  destinations: string[] | null;
  exceptCountryGroups: string[];
  requirement: LicensingRequirement;
  prohibition: boolean;
  conditions: string[];
  reference: string;
  priority: number;
  endUseTrigger: EndUseTrigger | null;
}

export interface RuleData extends RuleTerms {
  key: string;
  controlNumbers: string[];
  effectiveFrom: string | null;
  effectiveTo: string | null;
  appliesTo: string | null;
  confidence: 'CONFIRMED' | 'SECONDARY';
  source: string;
  notes: string | null;
}

export const MAX_RULE_IMPORT_BYTES = 2 * 1024 * 1024;
export const MAX_RULE_ROWS = 2000;
const RULE_REQUIREMENTS = ['NO_LICENCE', 'GENERAL_AUTHORISATION', 'LICENCE_EXCEPTION', 'INDIVIDUAL_LICENCE', 'PRESUMPTION_OF_DENIAL'];
const COLUMNS = [
  'key',
  'controlNumbers',
  'excludesCodes',
  'countryGroup',
  'destinations',
  'exceptCountryGroups',
  'requirement',
  'prohibition',
  'conditions',
  'reference',
  'priority',
  'endUseTrigger',
  'effectiveFrom',
  'effectiveTo',
  'appliesTo',
  'confidence',
  'source',
  'notes',
];
const BY_LOWER = new Map(COLUMNS.map((c) => [c.toLowerCase(), c]));
const GROUP_KEY = /^[A-Z]{2,8}\/[A-Za-z0-9:_]{1,40}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// eslint-disable-next-line no-control-regex -- the pattern finds control characters to refuse them
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDFFF]/;

function text(v: unknown, field: string, max: number, errors: string[][], required = false): string | null {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    if (required) errors.push([field, 'is required']);
    return null;
  }
  if (typeof v !== 'string') {
    errors.push([field, 'must be text']);
    return null;
  }
  const s = v.trim();
  if (s.length > max) errors.push([field, `must be at most ${max} characters`]);
  else if (CONTROL.test(s)) errors.push([field, 'must not contain control characters or lone surrogates']);
  return s;
}

function list(v: unknown, field: string, max: number, errors: string[][]): string[] {
  if (v === undefined || v === null || v === '') return [];
  const raw = typeof v === 'string' ? v.split(';') : Array.isArray(v) ? v : null;
  if (!raw) {
    errors.push([field, 'must be a list']);
    return [];
  }
  if (raw.length > 300) errors.push([field, 'has more than 300 items']);
  return raw.map((x, i) => text(x, `${field}.${i}`, max, errors, true) ?? '').filter(Boolean);
}

/** One rule from a plain object (JSON item, or a CSV row keyed by column). */
export function validateRule(raw: Record<string, unknown>): { rule: RuleData | null; errors: { field: string; message: string }[] } {
  const e: string[][] = [];
  const key = text(raw.key, 'key', 40, e, true);
  const controlNumbers = list(raw.controlNumbers, 'controlNumbers', 60, e);
  if (!controlNumbers.length) e.push(['controlNumbers', 'give at least one control number (or *)']);
  const excludesCodes = list(raw.excludesCodes, 'excludesCodes', 60, e);
  const countryGroup = text(raw.countryGroup, 'countryGroup', 50, e);
  if (countryGroup && !GROUP_KEY.test(countryGroup)) e.push(['countryGroup', 'must be JUR/CODE, e.g. EU/EU001']);
  let destinations: string[] | null = null;
  if (raw.destinations !== undefined && raw.destinations !== null && raw.destinations !== '' && raw.destinations !== 'ALL') {
    destinations = list(raw.destinations, 'destinations', 2, e).map((d) => d.toUpperCase());
    destinations.forEach((d, i) => !ISO_3166_1_ALPHA2.has(d) && d !== 'XK' && e.push([`destinations.${i}`, 'must be an ISO 3166-1 alpha-2 code']));
  }
  if (countryGroup && destinations) e.push(['destinations', 'give a countryGroup or destinations, not both']);
  const exceptCountryGroups = list(raw.exceptCountryGroups, 'exceptCountryGroups', 50, e);
  exceptCountryGroups.forEach((g, i) => !GROUP_KEY.test(g) && e.push([`exceptCountryGroups.${i}`, 'must be JUR/CODE, e.g. EU/EU_MEMBER_STATES']));
  const requirement = text(raw.requirement, 'requirement', 30, e, true);
  if (requirement && !RULE_REQUIREMENTS.includes(requirement)) e.push(['requirement', `must be one of ${RULE_REQUIREMENTS.join(', ')}`]);
  const prohibitionRaw = raw.prohibition;
  const prohibition = prohibitionRaw === true || (typeof prohibitionRaw === 'string' && /^(true|yes|1)$/i.test(prohibitionRaw.trim()));
  if (
    prohibitionRaw !== undefined &&
    prohibitionRaw !== null &&
    prohibitionRaw !== '' &&
    typeof prohibitionRaw !== 'boolean' &&
    !(typeof prohibitionRaw === 'string' && /^(true|false|yes|no|1|0)$/i.test(prohibitionRaw.trim()))
  ) {
    e.push(['prohibition', 'must be true or false']);
  }
  const conditions = list(raw.conditions, 'conditions', 2000, e);
  const reference = text(raw.reference, 'reference', 1000, e, true);
  const priorityRaw = typeof raw.priority === 'string' ? Number(raw.priority.trim()) : raw.priority;
  const priority = typeof priorityRaw === 'number' && Number.isInteger(priorityRaw) && priorityRaw >= 0 && priorityRaw <= 100 ? priorityRaw : null;
  if (priority === null) e.push(['priority', 'must be a whole number from 0 to 100']);
  const trigger = text(raw.endUseTrigger, 'endUseTrigger', 20, e);
  if (trigger && !Object.values(EndUseTrigger).includes(trigger as EndUseTrigger)) e.push(['endUseTrigger', 'must be WMD or MILITARY']);
  const dates = ['effectiveFrom', 'effectiveTo'].map((f) => {
    const d = text(raw[f], f, 10, e);
    if (d && (!DATE.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)) || new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d))
      e.push([f, 'must be a date YYYY-MM-DD']);
    return d;
  });
  if (dates[0] && dates[1] && dates[1] <= dates[0]) e.push(['effectiveTo', 'must be after effectiveFrom']);
  const confidence = text(raw.confidence, 'confidence', 20, e, true)?.toUpperCase() ?? null;
  if (confidence && confidence !== 'CONFIRMED' && confidence !== 'SECONDARY')
    e.push(['confidence', 'must be confirmed or secondary (a rule from memory is not imported)']);
  const source = text(raw.source, 'source', 5000, e, true);
  if (source && !/https?:\/\//.test(source)) e.push(['source', 'must cite what was read, with its URL']);
  const appliesTo = text(raw.appliesTo, 'appliesTo', 2000, e);
  const notes = text(raw.notes, 'notes', 5000, e);
  const errors = e.map(([field, message]) => ({ field, message }));
  if (errors.length) return { rule: null, errors };
  return {
    rule: {
      key: key!,
      controlNumbers,
      excludesCodes,
      countryGroup,
      destinations,
      exceptCountryGroups,
      requirement: requirement as LicensingRequirement,
      prohibition,
      conditions,
      reference: reference!,
      priority: priority!,
      endUseTrigger: (trigger as EndUseTrigger) ?? null,
      effectiveFrom: dates[0],
      effectiveTo: dates[1],
      appliesTo,
      confidence: confidence as 'CONFIRMED' | 'SECONDARY',
      source: source!,
      notes,
    },
    errors,
  };
}

export function parseRules(format: 'CSV' | 'JSON', content: string): { rules: RuleData[]; errors: RowError[]; rows: number } {
  const fail = (field: string, message: string, line = 1) => ({ rules: [], errors: [{ line, controlNumber: null, field, message }], rows: 0 });
  if (typeof content !== 'string' || !content.trim()) return fail('content', 'is empty');
  if (content.length > MAX_RULE_IMPORT_BYTES || Buffer.byteLength(content, 'utf8') > MAX_RULE_IMPORT_BYTES)
    return fail('content', `must be at most ${MAX_RULE_IMPORT_BYTES} bytes`);
  let items: { line: number; raw: unknown }[];
  if (format === 'JSON') {
    let doc: unknown;
    try {
      doc = JSON.parse(content);
    } catch (err) {
      return fail('content', `is not valid JSON: ${(err as Error).message.slice(0, 200)}`);
    }
    const arr = Array.isArray(doc)
      ? (doc as unknown[])
      : doc && typeof doc === 'object' && Array.isArray((doc as { rules?: unknown }).rules)
        ? (doc as { rules: unknown[] }).rules
        : null;
    if (!arr) return fail('content', 'must be an array of rules or an object with a "rules" array');
    items = arr.map((raw, i) => ({ line: i + 1, raw }));
  } else {
    let records: string[][];
    try {
      records = parse(content, { relax_column_count: false, skip_empty_lines: true, bom: true, info: false });
    } catch (err) {
      return fail('content', `is not valid CSV: ${(err as Error).message.slice(0, 200)}`);
    }
    if (!records.length) return fail('content', 'has no header row');
    const header = records[0].map((h) => BY_LOWER.get(h.trim().toLowerCase()) ?? null);
    const unknown = records[0].filter((_, i) => header[i] === null);
    if (unknown.length) return fail('content', `unknown column(s): ${unknown.map((u) => u.slice(0, 40)).join(', ')}`);
    items = records.slice(1).map((r, i) => ({ line: i + 2, raw: Object.fromEntries(r.map((v, k) => [header[k]!, v])) }));
  }
  if (items.length > MAX_RULE_ROWS) return fail('content', `has more than ${MAX_RULE_ROWS} rules`);
  const rules: RuleData[] = [];
  const errors: RowError[] = [];
  const seen = new Set<string>();
  for (const { line, raw } of items) {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      errors.push({ line, controlNumber: null, field: 'rule', message: 'must be an object' });
      continue;
    }
    const r = validateRule(raw as Record<string, unknown>);
    const key = typeof (raw as { key?: unknown }).key === 'string' ? (raw as { key: string }).key.slice(0, 40) : null;
    for (const x of r.errors) errors.push({ line, controlNumber: key, field: x.field, message: x.message });
    if (r.rule) {
      if (seen.has(r.rule.key)) errors.push({ line, controlNumber: key, field: 'key', message: 'appears twice in this import' });
      seen.add(r.rule.key);
      rules.push(r.rule);
    }
  }
  return { rules, errors, rows: items.length };
}
