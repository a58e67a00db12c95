import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { DateScalar } from '../../graphql/scalars';
import { Connection, PageArgs, type ConnectionShape } from '../../shared/pagination';
import { Role } from '../../shared/role';
import { AuditEvent } from '../audit/audit-event.entity';
import { EndUserInput } from '../decisions/decision.resolver';
import { Consortium } from '../jurisdictions/consortium.entity';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { HumanitarianWaiverStatus } from './waiver.enums';
import { HumanitarianWaiver, HumanitarianWaiverBeneficiary, HumanitarianWaiverRecognition, HumanitarianWaiverReport } from './waiver.entity';
import { seesBeneficiaries } from './waiver.service';

@InputType({ description: 'A humanitarian waiver your member sponsors.' })
export class HumanitarianWaiverInput {
  @Field(() => ID, { description: 'The consortium.' })
  consortiumId: string;

  @Field({ description: 'The humanitarian programme.' })
  programme: string;

  @Field(() => [EndUserInput], { description: 'Beneficiaries (end users).' })
  beneficiaries: EndUserInput[];

  @Field(() => [String], { description: 'Taxonomy codes of the items covered (a code covers its descendants).' })
  taxonomyCodes: string[];

  @Field(() => [String], { description: 'Destination countries (ISO 3166-1 alpha-2).' })
  destinations: string[];

  @Field(() => DateScalar, { description: 'First day of validity.' })
  validFrom: Date;

  @Field(() => DateScalar, { description: 'Last day of validity.' })
  validTo: Date;

  @Field(() => [String], { nullable: true, description: 'Conditions.' })
  conditions?: string[];

  @Field(() => Int, { nullable: true, description: 'Reports fall due every this many days (1 to 365; none when absent).' })
  reportingEveryDays?: number;

  @Field(() => Boolean, { nullable: true, description: 'Name the beneficiaries in the public register (default false: they are shown to members only).' })
  beneficiariesPublic?: boolean;

  @Field(() => String, { nullable: true, description: 'Retry key: the same key and input return the first result.' })
  idempotencyKey?: string;
}

@InputType({ description: 'Filters for humanitarianWaivers.' })
export class HumanitarianWaiverFilter {
  @Field(() => ID, { nullable: true, description: 'Consortium.' })
  consortiumId?: string;

  @Field(() => String, { nullable: true, description: 'Sponsoring member.' })
  sponsor?: string;

  @Field(() => HumanitarianWaiverStatus, { nullable: true, description: 'State.' })
  status?: HumanitarianWaiverStatus;

  @Field(() => String, { nullable: true, description: 'A member whose recognition stands.' })
  recognizedBy?: string;
}

@ObjectType({ description: 'A page of humanitarian waivers, newest first.' })
export class HumanitarianWaiverConnection extends Connection(HumanitarianWaiver, 'HumanitarianWaiver') {}

@Resolver(() => HumanitarianWaiver)
export class HumanitarianWaiverResolver {
  @Query(() => HumanitarianWaiverConnection, { description: 'Humanitarian waivers, newest first. Public records; beneficiaries are shown to members unless the sponsor marked them public.' })
  humanitarianWaivers(@Ctx() ctx: Context, @Args() page: PageArgs, @Arg('filter', () => HumanitarianWaiverFilter, { nullable: true }) filter?: HumanitarianWaiverFilter): Promise<ConnectionShape<HumanitarianWaiver>> {
    return ctx.services.waivers.list(ctx.principal, filter ?? {}, page.first, page.after);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => HumanitarianWaiver, { description: 'File a humanitarian waiver your member sponsors (regulator of the sponsoring member).' })
  fileHumanitarianWaiver(@Arg('input', () => HumanitarianWaiverInput) input: HumanitarianWaiverInput, @Ctx() ctx: Context): Promise<HumanitarianWaiver> {
    return ctx.services.waivers.file(ctx.principal, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => HumanitarianWaiver, { description: 'Recognize another member\'s waiver for your member, with conditions or not (regulator of another member).' })
  recognizeHumanitarianWaiver(@Arg('id', () => ID) id: string, @Ctx() ctx: Context, @Arg('conditions', () => [String], { nullable: true }) conditions?: string[]): Promise<HumanitarianWaiver> {
    return ctx.services.waivers.recognize(ctx.principal, id, conditions);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => HumanitarianWaiver, { description: 'Revoke your member\'s waiver (the sponsor); recognitions end with it.' })
  revokeHumanitarianWaiver(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: Context): Promise<HumanitarianWaiver> {
    return ctx.services.waivers.revoke(ctx.principal, id, reason);
  }

  @FieldResolver(() => Jurisdiction, { description: 'The sponsoring member.' })
  async sponsor(@Root() w: HumanitarianWaiver, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(w.sponsorJurisdiction))!;
  }

  @FieldResolver(() => Consortium, { description: 'The consortium.' })
  async consortium(@Root() w: HumanitarianWaiver, @Ctx() ctx: Context): Promise<Consortium> {
    return (await ctx.loaders.consortium.load(w.consortiumId))!;
  }

  @FieldResolver(() => [HumanitarianWaiverBeneficiary], { description: 'Beneficiaries: shown to members, and to everyone only where the sponsor marked them public (else empty).' })
  async beneficiaries(@Root() w: HumanitarianWaiver, @Ctx() ctx: Context): Promise<HumanitarianWaiverBeneficiary[]> {
    if (!w.beneficiariesPublic && !seesBeneficiaries(ctx.principal)) return [];
    return ctx.services.waivers.beneficiaries([w.id]);
  }

  @FieldResolver(() => [HumanitarianWaiverRecognition], { description: 'Members\' recognitions, with their conditions.' })
  recognitions(@Root() w: HumanitarianWaiver, @Ctx() ctx: Context): Promise<HumanitarianWaiverRecognition[]> {
    return ctx.services.waivers.recognitions([w.id]);
  }

  @FieldResolver(() => [HumanitarianWaiverReport], { description: 'Reports that fell due on the reporting cadence.' })
  reports(@Root() w: HumanitarianWaiver, @Ctx() ctx: Context): Promise<HumanitarianWaiverReport[]> {
    return ctx.services.waivers.reports([w.id]);
  }

  @FieldResolver(() => [AuditEvent], { description: 'The audit trail of this waiver, oldest first: the events you may read in auditTrail.' })
  auditTrail(@Root() w: HumanitarianWaiver, @Ctx() ctx: Context): Promise<AuditEvent[]> {
    return ctx.loaders.readableAuditBySubject.load(w.id);
  }
}

@Resolver(() => HumanitarianWaiverRecognition)
export class HumanitarianWaiverRecognitionResolver {
  @FieldResolver(() => Jurisdiction, { description: 'The recognizing member.' })
  async jurisdiction(@Root() r: HumanitarianWaiverRecognition, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(r.jurisdictionCode))!;
  }
}
