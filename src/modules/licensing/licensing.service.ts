/** Country groups and licensing rules (issue 17): read by anyone. */
import type { ServiceDeps } from '../../services';
import { ValidationError } from '../../shared/errors';
import { CountryGroup } from './country-group.entity';
import { LicensingRule } from './licensing-rule.entity';
import { prefixMatches } from '../assessment/assess';

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
    if (j) qb.where(`r.jurisdiction_code IN (SELECT CAST(:j AS varchar) UNION SELECT adopts_code FROM jurisdiction WHERE code = CAST(:j AS varchar) AND adopts_code IS NOT NULL)`, { j });
    const rules = await qb.orderBy('r.jurisdiction_code').addOrderBy('r.priority', 'DESC').addOrderBy('r.rule_key').addOrderBy('r.control_number').getMany();
    return cn ? rules.filter((r) => prefixMatches(r.controlNumber, cn) && !r.excludesCodes.some((x) => prefixMatches(x, cn))) : rules;
  }
}
