/**
 * Seed steps for transaction assessment: country groups and licensing rules
 * (seeds/data/licensing.json — confirmed and secondary facts only, each citing title and
 * URL) and each consortium's risk policy (seeds/data/risk-policy.json). Natural keys:
 * group = jurisdiction + code; rule = jurisdiction + key + control number; policy =
 * consortium. Rows that exist are left alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SeedStep } from './load';
import { seedDataDir } from './lists';

export interface SeedCountryGroup {
  jurisdiction: string;
  code: string;
  name: string;
  destinations: string[];
  embargo: boolean;
  confidence: 'confirmed' | 'secondary';
  source: string;
  notes?: string | null;
}

export interface SeedRule {
  key: string;
  jurisdiction: string;
  controlNumbers: string[];
  excludesCodes: string[];
  countryGroup: string | null;
  destinations: string[] | null;
  exceptCountryGroups: string[];
  requirement: string;
  prohibition: boolean;
  conditions: string[];
  reference: string;
  priority: number;
  endUseTrigger: string | null;
  confidence: 'confirmed' | 'secondary';
  appliesTo?: string | null;
  notes?: string | null;
  source: string;
  effectiveFrom?: string | null;
  effectiveTo?: string | null;
}

function readJson<T>(name: string, fallback: T): T {
  const file = path.join(seedDataDir(), name);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : fallback;
}

export function readLicensing(): { countryGroups: SeedCountryGroup[]; rules: SeedRule[] } {
  return readJson('licensing.json', { countryGroups: [], rules: [] });
}

async function inserted(m: { query(sql: string, params?: unknown[]): Promise<unknown> }, sql: string, params: unknown[]): Promise<number> {
  const result = await m.query(sql, params);
  return Array.isArray(result) ? result.length : 0;
}

export const licensingSeedSteps: SeedStep[] = [
  {
    name: 'countryGroups',
    async run(m) {
      let n = 0;
      for (const g of readLicensing().countryGroups) {
        n += await inserted(
          m,
          `INSERT INTO country_group (jurisdiction_code, code, name, destinations, embargo, confidence, source, notes)
           SELECT $1::varchar, $2::varchar, $3::text, $4::text[], $5::boolean, $6::varchar, $7::text, $8::text WHERE EXISTS (SELECT 1 FROM jurisdiction WHERE code = $1::varchar)
           ON CONFLICT (jurisdiction_code, code) DO NOTHING RETURNING id`,
          [g.jurisdiction, g.code, g.name, g.destinations, g.embargo, g.confidence.toUpperCase(), g.source, g.notes ?? null],
        );
      }
      return n;
    },
  },
  {
    name: 'licensingRules',
    async run(m) {
      let n = 0;
      for (const r of readLicensing().rules) {
        const [gj, gc] = r.countryGroup
          ? [r.countryGroup.slice(0, r.countryGroup.indexOf('/')), r.countryGroup.slice(r.countryGroup.indexOf('/') + 1)]
          : [null, null];
        for (const cn of r.controlNumbers) {
          n += await inserted(
            m,
            `INSERT INTO licensing_rule (rule_key, jurisdiction_code, control_number, excludes_codes, country_group_id, destinations, except_country_groups,
               requirement, prohibition, conditions, reference, priority, end_use_trigger, effective_from, effective_to, applies_to, confidence, source, notes)
             SELECT $1::varchar, $2::varchar, $3::varchar, $4::text[], (SELECT id FROM country_group WHERE jurisdiction_code = $5::varchar AND code = $6::varchar), $7::text[], $8::text[],
               $9::varchar, $10::boolean, $11::text[], $12::text, $13::int, $14::varchar, $15::date, $16::date, $17::text, $18::varchar, $19::text, $20::text
             WHERE EXISTS (SELECT 1 FROM jurisdiction WHERE code = $2::varchar) AND ($5::varchar IS NULL OR EXISTS (SELECT 1 FROM country_group WHERE jurisdiction_code = $5::varchar AND code = $6::varchar))
             ON CONFLICT (jurisdiction_code, rule_key, control_number) DO NOTHING RETURNING id`,
            [
              r.key,
              r.jurisdiction,
              cn,
              r.excludesCodes,
              gj,
              gc,
              r.destinations,
              r.exceptCountryGroups,
              r.requirement,
              r.prohibition,
              r.conditions,
              r.reference,
              r.priority,
              r.endUseTrigger,
              r.effectiveFrom ?? null,
              r.effectiveTo ?? null,
              r.appliesTo ?? null,
              r.confidence.toUpperCase(),
              r.source,
              r.notes ?? null,
            ],
          );
        }
      }
      return n;
    },
  },
  {
    name: 'riskPolicies',
    async run(m) {
      let n = 0;
      for (const p of readJson<{ consortium: string; policy: Record<string, unknown> }[]>('risk-policy.json', [])) {
        n += await inserted(
          m,
          `INSERT INTO risk_policy (consortium_id, policy, published_at) SELECT id, $2::jsonb, policy_published_at FROM consortium WHERE name = $1::text
           ON CONFLICT (consortium_id) DO NOTHING RETURNING consortium_id`,
          [p.consortium, JSON.stringify(p.policy)],
        );
      }
      return n;
    },
  },
];
