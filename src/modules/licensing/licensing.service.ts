/** Country groups and licensing rules: read by anyone; imported by the jurisdiction's regulator. */
import type { ServiceDeps } from '../../shared/service-deps';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { inTransaction } from '../../shared/transaction';
import { actorOf, type AuthPrincipal } from '../../shared/actor';
import { recordAudit } from '../audit/audit-chain';
import { assertMayWriteList } from '../control-lists/control-list.permissions';
import type { RowError } from '../control-lists/import.parser';
import type { JurisdictionKind } from '../jurisdictions/jurisdiction.enums';
import { parseRules } from './rule-import';
import { In } from 'typeorm';
import { CountryGroup } from './country-group.entity';
import { LicensingRule } from './licensing-rule.entity';
import { prefixMatches } from './prefix';

export class LicensingService {
  constructor(private readonly deps: ServiceDeps) {}

  async countryGroups(jurisdiction?: string | null): Promise<CountryGroup[]> {
    const j = jurisdiction?.trim().toUpperCase() || null;
    if (j && !/^[A-Z]{2,8}$/.test(j)) throw new ValidationError('jurisdiction must be a jurisdiction code such as EU or US', 'jurisdiction');
    return this.deps.dataSource.getRepository(CountryGroup).find({ where: j ? { jurisdictionCode: j } : {}, order: { jurisdictionCode: 'ASC', code: 'ASC' } });
  }

  /** Rules of a jurisdiction (its own and those of the list it adopts), optionally those reaching a control number. */
  async licensingRules(jurisdiction?: string | null, controlNumber?: string | null): Promise<LicensingRule[]> {
    const j = jurisdiction?.trim().toUpperCase() || null;
    if (j && !/^[A-Z]{2,8}$/.test(j)) throw new ValidationError('jurisdiction must be a jurisdiction code such as EU or US', 'jurisdiction');
    const cn = controlNumber?.trim() || null;
    if (cn && cn.length > 60) throw new ValidationError('controlNumber is at most 60 characters', 'controlNumber');
    const qb = this.deps.dataSource.getRepository(LicensingRule).createQueryBuilder('r');
    if (j)
      qb.where(
        `r.jurisdiction_code IN (SELECT CAST(:j AS varchar) UNION SELECT adopts_code FROM jurisdiction WHERE code = CAST(:j AS varchar) AND adopts_code IS NOT NULL)`,
        { j },
      );
    const rules = await qb.orderBy('r.jurisdiction_code').addOrderBy('r.priority', 'DESC').addOrderBy('r.rule_key').addOrderBy('r.control_number').getMany();
    return cn ? rules.filter((r) => prefixMatches(r.controlNumber, cn) && !r.excludesCodes.some((x) => prefixMatches(x, cn))) : rules;
  }

  /**
   * Import rules of one jurisdiction from CSV or JSON: each rule (key × control number) is
   * inserted or replaced; control numbers a rule no longer lists are removed. When any row is
   * invalid, or names a country group that does not exist, nothing is written.
   */
  async importRules(
    principal: AuthPrincipal | null,
    input: { jurisdiction: string; format: 'CSV' | 'JSON'; content: string },
  ): Promise<{ ok: boolean; rows: number; imported: number; errors: RowError[]; rules: LicensingRule[] }> {
    const code = input.jurisdiction?.trim().toUpperCase() ?? '';
    if (!/^[A-Z]{2,8}$/.test(code)) throw new ValidationError('jurisdiction must be a jurisdiction code such as EU or US', 'input.jurisdiction');
    const js: { code: string; kind: JurisdictionKind }[] = await this.deps.dataSource.query('SELECT code, kind FROM jurisdiction WHERE code = $1', [code]);
    if (!js.length) throw new NotFoundError('Jurisdiction', code);
    assertMayWriteList(principal, { jurisdictionCode: code }, js[0].kind);
    const parsed = parseRules(input.format, input.content);
    const fail = (errors: RowError[]) => ({ ok: false, rows: parsed.rows, imported: 0, errors, rules: [] as LicensingRule[] });
    if (parsed.errors.length) return fail(parsed.errors);
    const groups: { key: string; id: string }[] = await this.deps.dataSource.query(`SELECT jurisdiction_code || '/' || code AS key, id FROM country_group`);
    const groupId = new Map(groups.map((g) => [g.key, g.id]));
    const missing: RowError[] = [];
    parsed.rules.forEach((r, i) => {
      for (const [field, g] of [['countryGroup', r.countryGroup] as const, ...r.exceptCountryGroups.map((x, k) => [`exceptCountryGroups.${k}`, x] as const)]) {
        if (g && !groupId.has(g))
          missing.push({ line: i + (input.format === 'CSV' ? 2 : 1), controlNumber: r.key, field, message: `country group ${g} does not exist` });
      }
    });
    if (missing.length) return fail(missing);
    return inTransaction(this.deps.dataSource, async (m) => {
      const ids: string[] = [];
      for (const r of parsed.rules) {
        for (const cn of r.controlNumbers) {
          const [row]: { id: string }[] = await m.query(
            `INSERT INTO licensing_rule (rule_key, jurisdiction_code, control_number, excludes_codes, country_group_id, destinations, except_country_groups,
               requirement, prohibition, conditions, reference, priority, end_use_trigger, effective_from, effective_to, applies_to, confidence, source, notes)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)
             ON CONFLICT (jurisdiction_code, rule_key, control_number) DO UPDATE SET
               excludes_codes = EXCLUDED.excludes_codes, country_group_id = EXCLUDED.country_group_id, destinations = EXCLUDED.destinations,
               except_country_groups = EXCLUDED.except_country_groups, requirement = EXCLUDED.requirement, prohibition = EXCLUDED.prohibition,
               conditions = EXCLUDED.conditions, reference = EXCLUDED.reference, priority = EXCLUDED.priority, end_use_trigger = EXCLUDED.end_use_trigger,
               effective_from = EXCLUDED.effective_from, effective_to = EXCLUDED.effective_to, applies_to = EXCLUDED.applies_to,
               confidence = EXCLUDED.confidence, source = EXCLUDED.source, notes = EXCLUDED.notes
             RETURNING id`,
            [
              r.key,
              code,
              cn,
              r.excludesCodes,
              r.countryGroup ? groupId.get(r.countryGroup) : null,
              r.destinations,
              r.exceptCountryGroups,
              r.requirement,
              r.prohibition,
              r.conditions,
              r.reference,
              r.priority,
              r.endUseTrigger,
              r.effectiveFrom,
              r.effectiveTo,
              r.appliesTo,
              r.confidence,
              r.source,
              r.notes,
            ],
          );
          ids.push(row.id);
        }
        await m.query('DELETE FROM licensing_rule WHERE jurisdiction_code = $1 AND rule_key = $2 AND NOT (control_number = ANY($3))', [
          code,
          r.key,
          r.controlNumbers,
        ]);
      }
      await recordAudit(m, actorOf(principal), this.deps.clock, {
        action: 'LICENSING_RULES.IMPORTED',
        subjectType: 'Jurisdiction',
        subjectId: code,
        after: { rules: parsed.rules.map((r) => r.key), rows: ids.length },
      });
      const rules = await m.getRepository(LicensingRule).findBy({ id: In(ids) });
      return { ok: true, rows: parsed.rows, imported: ids.length, errors: [], rules };
    });
  }
}
