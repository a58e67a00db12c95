import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../../shared/role';
import type { Context } from '../../graphql/context';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { CountryGroup } from './country-group.entity';
import { LicensingRule } from './licensing-rule.entity';
import { ImportLicensingRulesInput } from './licensing.inputs';
import { LicensingRuleEntry, LicensingRuleImportResult } from './licensing.types';

@Resolver(() => CountryGroup)
export class CountryGroupResolver {
  @Query(() => [CountryGroup], {
    description: 'Named destination sets (EU001, US Country Groups and Country Chart columns, regime participants), with their sources. Anyone may read them.',
  })
  countryGroups(@Ctx() ctx: Context, @Arg('jurisdiction', () => String, { nullable: true }) jurisdiction?: string): Promise<CountryGroup[]> {
    return ctx.services.licensing.countryGroups(jurisdiction);
  }

  @FieldResolver(() => Jurisdiction, { description: 'Whose group it is.' })
  async jurisdiction(@Root() g: CountryGroup, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(g.jurisdictionCode))!;
  }
}

@Resolver(() => LicensingRule)
export class LicensingRuleResolver {
  @Query(() => [LicensingRule], {
    description:
      'Licensing rules of a jurisdiction (with those of the list it adopts), or those reaching a control number; each with its legal reference and source. Anyone may read them.',
  })
  licensingRules(
    @Ctx() ctx: Context,
    @Arg('jurisdiction', () => String, { nullable: true }) jurisdiction?: string,
    @Arg('controlNumber', () => String, { nullable: true }) controlNumber?: string,
  ): Promise<LicensingRule[]> {
    return ctx.services.licensing.licensingRules(jurisdiction, controlNumber);
  }

  @Authorized(Role.REGULATOR, Role.SECRETARIAT)
  @Mutation(() => LicensingRuleImportResult, {
    description:
      'Import licensing rules of a jurisdiction from CSV or JSON (its regulator; the secretariat for regime lists). Each rule needs its source and a confidence of confirmed or secondary. When any row is invalid nothing is written.',
  })
  importLicensingRules(
    @Arg('input', () => ImportLicensingRulesInput) input: ImportLicensingRulesInput,
    @Ctx() ctx: Context,
  ): Promise<LicensingRuleImportResult> {
    return ctx.services.licensing.importRules(ctx.principal, input);
  }

  @FieldResolver(() => Jurisdiction, { description: 'Whose law it is.' })
  async jurisdiction(@Root() r: LicensingRule, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(r.jurisdictionCode))!;
  }

  @FieldResolver(() => LicensingRuleEntry, { description: 'The entries it reaches.' })
  entry(@Root() r: LicensingRule): LicensingRuleEntry {
    return { controlNumber: r.controlNumber, excludes: r.excludesCodes };
  }

  @FieldResolver(() => CountryGroup, { nullable: true, description: 'The destination scope, when it is a country group (else see destinations).' })
  async countryGroup(@Root() r: LicensingRule, @Ctx() ctx: Context): Promise<CountryGroup | null> {
    if (!r.countryGroupId) return null;
    return ctx.loaders.countryGroup.load(r.countryGroupId);
  }
}
