import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { DateScalar } from '../../graphql/scalars';
import { Connection, PageArgs, type ConnectionShape } from '../../shared/pagination';
import { Role } from '../../shared/role';
import { isoDate } from '../control-lists/control-list.inputs';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { LicensingTier } from '../control-lists/control-list.enums';
import { TaxonomyNode } from '../taxonomy/taxonomy-node.entity';
import { ConsultationOutcome, LicenceOutcome } from './decision.enums';
import { EndUser, EndUserVerification } from './end-user.entity';
import { DecisionItemEntry, DenialConsultation, LicenceDecision } from './licence-decision.entity';
import { redactDecision } from './decision.service';

@InputType({ description: 'An end user named by name and country (recorded on first use).' })
export class EndUserInput {
  @Field({ description: 'Organisation name.' })
  name: string;

  @Field({ description: 'Country (ISO 3166-1 alpha-2).' })
  country: string;

  @Field(() => [String], { nullable: true, description: 'Identifiers (LEI, DUNS…).' })
  identifiers?: string[];
}

@InputType({ description: 'A licence decision of the caller\'s own jurisdiction.' })
export class LicenceDecisionInput {
  @Field({ description: 'Applicant (exporter).' })
  applicant: string;

  @Field(() => EndUserInput, { nullable: true, description: 'The end user, by name and country…' })
  endUser?: EndUserInput;

  @Field(() => ID, { nullable: true, description: '…or by id.' })
  endUserId?: string;

  @Field({ description: 'Destination country (ISO 3166-1 alpha-2).' })
  destination: string;

  @Field(() => [String], { description: 'Taxonomy codes of the items.' })
  taxonomyCodes: string[];

  @Field(() => LicenceOutcome, { description: 'Outcome.' })
  outcome: LicenceOutcome;

  @Field({ description: 'Rationale.' })
  rationale: string;

  @Field(() => [String], { nullable: true, description: 'Conditions (required with GRANTED_WITH_CONDITIONS).' })
  conditions?: string[];

  @Field(() => DateScalar, { nullable: true, description: 'Valid until.' })
  validUntil?: Date;

  @Field(() => Boolean, { nullable: true, description: 'Confidential: others see the outcome only (denials are always shared).' })
  confidential?: boolean;

  @Field(() => String, { nullable: true, description: 'Retry key: the same key and input return the first result.' })
  idempotencyKey?: string;

  @Field(() => LicensingTier, { nullable: true, description: 'The tier decided (default: the most restrictive tier of the controlling entries). A tier other than the proposed one needs tierDeviationReason.' })
  tier?: LicensingTier;

  @Field(() => String, { nullable: true, description: 'Why the decided tier differs from the proposed tier (required then).' })
  tierDeviationReason?: string;

  @Field(() => ID, { nullable: true, description: 'The transaction assessment decided against (default: one is computed when deciding).' })
  assessmentId?: string;
}

@InputType({ description: 'A consultation with the member that denied an essentially identical transaction.' })
export class DenialConsultationInput {
  @Field(() => ID, { description: 'The denial (a LicenceDecision with outcome DENIED).' })
  denialId: string;

  @Field({ description: 'What was discussed and agreed.' })
  summary: string;

  @Field(() => ConsultationOutcome, { defaultValue: ConsultationOutcome.PROCEED, description: 'Whether the consulting member will proceed to grant.' })
  outcome: ConsultationOutcome;
}

@InputType({ description: 'A verification of an end user by the caller\'s jurisdiction.' })
export class EndUserVerificationInput {
  @Field(() => EndUserInput, { nullable: true, description: 'The end user, by name and country…' })
  endUser?: EndUserInput;

  @Field(() => ID, { nullable: true, description: '…or by id.' })
  endUserId?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Valid until.' })
  validUntil?: Date;

  @Field(() => String, { nullable: true, description: 'What was checked.' })
  note?: string;
}

@InputType({ description: 'Filters for licenceDecisions.' })
export class LicenceDecisionFilter {
  @Field(() => String, { nullable: true, description: 'Deciding jurisdiction.' })
  jurisdiction?: string;

  @Field(() => LicenceOutcome, { nullable: true, description: 'Outcome.' })
  outcome?: LicenceOutcome;

  @Field(() => ID, { nullable: true, description: 'End user.' })
  endUserId?: string;

  @Field(() => String, { nullable: true, description: 'Taxonomy code among the items.' })
  taxonomyCode?: string;
}

@ObjectType({ description: 'An item of a decision with the entries that control it in the deciding jurisdiction.' })
export class DecisionItem {
  taxonomyCode: string;

  @Field(() => [DecisionItemEntry], { description: 'Controlling entries when the decision was made (empty: not controlled there).' })
  entries: DecisionItemEntry[];
}

@ObjectType({ description: 'A page of licence decisions, newest first.' })
export class LicenceDecisionConnection extends Connection(LicenceDecision, 'LicenceDecision') {}

@Resolver(() => LicenceDecision)
export class LicenceDecisionResolver {
  @Authorized(Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST, Role.PANELIST)
  @Query(() => LicenceDecisionConnection, { description: 'Licence decisions, newest first; confidential grants of other members show their outcome only.' })
  licenceDecisions(@Ctx() ctx: Context, @Args() page: PageArgs, @Arg('filter', () => LicenceDecisionFilter, { nullable: true }) filter?: LicenceDecisionFilter): Promise<ConnectionShape<LicenceDecision>> {
    return ctx.services.decisions.list(ctx.principal, filter ?? {}, page.first, page.after);
  }

  @Authorized(Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST, Role.PANELIST)
  @Query(() => LicenceDecision, { nullable: true, description: 'One licence decision (redacted as in licenceDecisions).' })
  licenceDecision(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<LicenceDecision | null> {
    return ctx.services.decisions.get(ctx.principal, id);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => LicenceDecision, { description: 'Record a licence decision of your jurisdiction. A grant that undercuts another member\'s denial in force is CONFLICT unless a consultation was recorded.' })
  recordLicenceDecision(@Arg('input', () => LicenceDecisionInput) input: LicenceDecisionInput, @Ctx() ctx: Context): Promise<LicenceDecision> {
    return ctx.services.decisions.record(ctx.principal, { ...input, validUntil: isoDate(input.validUntil) });
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => DenialConsultation, { description: 'Record a consultation with the member that denied an essentially identical transaction.' })
  recordDenialConsultation(@Arg('input', () => DenialConsultationInput) input: DenialConsultationInput, @Ctx() ctx: Context): Promise<DenialConsultation> {
    return ctx.services.decisions.recordConsultation(ctx.principal, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => EndUserVerification, { description: 'Record your jurisdiction\'s verification of an end user.' })
  verifyEndUser(@Arg('input', () => EndUserVerificationInput) input: EndUserVerificationInput, @Ctx() ctx: Context): Promise<EndUserVerification> {
    return ctx.services.decisions.verifyEndUser(ctx.principal, { ...input, validUntil: isoDate(input.validUntil) });
  }

  @FieldResolver(() => Jurisdiction, { description: 'Deciding jurisdiction.' })
  async jurisdiction(@Root() d: LicenceDecision, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(d.jurisdictionCode))!;
  }

  @FieldResolver(() => EndUser, { nullable: true, description: 'End user; null when confidential and you may not see it.' })
  endUser(@Root() d: LicenceDecision, @Ctx() ctx: Context): Promise<EndUser | null> | null {
    return d.redacted || !d.endUserId ? null : ctx.loaders.endUser.load(d.endUserId);
  }

  @FieldResolver(() => [DecisionItem], { description: 'Items with their controlling entries (empty when redacted).' })
  items(@Root() d: LicenceDecision): DecisionItem[] {
    return d.items.map((i) => Object.assign(new DecisionItem(), i));
  }

  @FieldResolver(() => Boolean, { description: 'True when confidential details were withheld from you.' })
  redacted(@Root() d: LicenceDecision): boolean {
    return !!d.redacted;
  }
}

@Resolver(() => DecisionItem)
export class DecisionItemResolver {
  @FieldResolver(() => TaxonomyNode, { description: 'The item class.' })
  async node(@Root() i: DecisionItem, @Ctx() ctx: Context): Promise<TaxonomyNode> {
    return (await ctx.loaders.taxonomyNode.load(i.taxonomyCode))!;
  }
}

@Resolver(() => EndUserVerification)
export class EndUserVerificationResolver {
  @FieldResolver(() => EndUser, { description: 'The end user.' })
  async endUser(@Root() v: EndUserVerification, @Ctx() ctx: Context): Promise<EndUser> {
    return (await ctx.loaders.endUser.load(v.endUserId))!;
  }

  @FieldResolver(() => Jurisdiction, { description: 'Verifying jurisdiction.' })
  async jurisdiction(@Root() v: EndUserVerification, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(v.jurisdictionCode))!;
  }
}

@Resolver(() => DenialConsultation)
export class DenialConsultationResolver {
  @FieldResolver(() => Jurisdiction, { description: 'The consulting member.' })
  async jurisdiction(@Root() c: DenialConsultation, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(c.jurisdictionCode))!;
  }

  @FieldResolver(() => Jurisdiction, { description: 'The member that denied.' })
  async consulted(@Root() c: DenialConsultation, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(c.consultedJurisdictionCode))!;
  }

  @FieldResolver(() => LicenceDecision, { description: 'The denial.' })
  async denial(@Root() c: DenialConsultation, @Ctx() ctx: Context): Promise<LicenceDecision | null> {
    const d = await ctx.loaders.licenceDecision.load(c.denialId);
    return d ? redactDecision(ctx.principal, d) : null;
  }
}

