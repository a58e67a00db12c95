import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { PageArgs, type ConnectionShape } from '../../shared/pagination';
import { Role } from '../../shared/role';
import { AuditEvent } from '../audit/audit-event.entity';
import { Consortium } from '../jurisdictions/consortium.entity';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { HumanitarianWaiver, HumanitarianWaiverBeneficiary, HumanitarianWaiverRecognition, HumanitarianWaiverReport } from './waiver.entity';
import { HumanitarianWaiverFilter, HumanitarianWaiverInput } from './waiver.inputs';
import { seesBeneficiaries } from './waiver.service';
import { HumanitarianWaiverConnection } from './waiver.types';

@Resolver(() => HumanitarianWaiver)
export class HumanitarianWaiverResolver {
  @Query(() => HumanitarianWaiverConnection, {
    description: 'Humanitarian waivers, newest first. Public records; beneficiaries are shown to members unless the sponsor marked them public.',
  })
  humanitarianWaivers(
    @Ctx() ctx: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => HumanitarianWaiverFilter, { nullable: true }) filter?: HumanitarianWaiverFilter,
  ): Promise<ConnectionShape<HumanitarianWaiver>> {
    return ctx.services.waivers.list(filter ?? {}, page.first, page.after);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => HumanitarianWaiver, { description: 'File a humanitarian waiver your member sponsors (regulator of the sponsoring member).' })
  fileHumanitarianWaiver(@Arg('input', () => HumanitarianWaiverInput) input: HumanitarianWaiverInput, @Ctx() ctx: Context): Promise<HumanitarianWaiver> {
    return ctx.services.waivers.file(ctx.principal, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => HumanitarianWaiver, {
    description: "Recognize another member's waiver for your member, with conditions or not (regulator of another member).",
  })
  recognizeHumanitarianWaiver(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @Arg('conditions', () => [String], { nullable: true }) conditions?: string[],
  ): Promise<HumanitarianWaiver> {
    return ctx.services.waivers.recognize(ctx.principal, id, conditions);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => HumanitarianWaiver, { description: "Revoke your member's waiver (the sponsor); recognitions end with it." })
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

  @FieldResolver(() => [HumanitarianWaiverBeneficiary], {
    description: 'Beneficiaries: shown to members, and to everyone only where the sponsor marked them public (else empty).',
  })
  async beneficiaries(@Root() w: HumanitarianWaiver, @Ctx() ctx: Context): Promise<HumanitarianWaiverBeneficiary[]> {
    if (!w.beneficiariesPublic && !seesBeneficiaries(ctx.principal)) return [];
    return ctx.services.waivers.beneficiaries([w.id]);
  }

  @FieldResolver(() => [HumanitarianWaiverRecognition], { description: "Members' recognitions, with their conditions." })
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
