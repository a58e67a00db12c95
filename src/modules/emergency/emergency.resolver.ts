import { Arg, Args, Authorized, Ctx, FieldResolver, Float, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { DateTimeScalar } from '../../graphql/scalars';
import { Connection, PageArgs, type ConnectionShape } from '../../shared/pagination';
import { Role } from '../../shared/role';
import { EndUser } from '../decisions/end-user.entity';
import { LicenceDecision } from '../decisions/licence-decision.entity';
import { redactDecision } from '../decisions/decision.service';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { ApplicationStatus, DeclarationStatus } from './emergency.enums';
import { EmergencyDeclaration, FastTrackApplication, MonitoringReport, ProvisionalAuthorization } from './emergency.entity';
import { declarationStatus } from './emergency.rules';
import {
  DeclareEmergencyInput,
  FastTrackApplicationInput,
  FastTrackDecisionInput,
  FastTrackFilter,
  MonitoringReportInput,
  PostApprovalReviewInput,
  ProvisionalAuthorizationFilter,
} from './emergency.inputs';

@ObjectType({ description: 'A page of fast-track applications.' })
export class FastTrackApplicationConnection extends Connection(FastTrackApplication, 'FastTrackApplication') {}

@ObjectType({ description: 'A page of provisional authorizations.' })
export class ProvisionalAuthorizationConnection extends Connection(ProvisionalAuthorization, 'ProvisionalAuthorization') {}

const READERS = [Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST, Role.PANELIST];

@Resolver(() => EmergencyDeclaration)
export class EmergencyDeclarationResolver {
  @Query(() => [EmergencyDeclaration], { description: 'Emergency declarations (public), newest first.' })
  emergencyDeclarations(@Ctx() ctx: Context, @Arg('activeOnly', () => Boolean, { nullable: true }) activeOnly?: boolean): Promise<EmergencyDeclaration[]> {
    return ctx.services.emergency.declarations(activeOnly);
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => EmergencyDeclaration, { description: 'Declare an emergency (secretariat); published to the public register.' })
  declareEmergency(@Arg('input', () => DeclareEmergencyInput) input: DeclareEmergencyInput, @Ctx() ctx: Context): Promise<EmergencyDeclaration> {
    return ctx.services.emergency.declare(ctx.principal, input);
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => EmergencyDeclaration, {
    description:
      'End a declaration now (secretariat): no new filings; its authorizations wind down (policy emergencyWindDownDays): each records windDownUntil and its sunset comes forward to it at most.',
  })
  endEmergency(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<EmergencyDeclaration> {
    return ctx.services.emergency.end(ctx.principal, id);
  }

  @FieldResolver(() => DeclarationStatus, { description: "Scheduled, active or ended (at the injectable clock's now)." })
  status(@Root() d: EmergencyDeclaration, @Ctx() ctx: Context): DeclarationStatus {
    return declarationStatus(d, ctx.clock.now());
  }

  @FieldResolver(() => DateTimeScalar, { description: 'The end in force (the early end when there was one).' })
  effectiveEnd(@Root() d: EmergencyDeclaration): Date {
    return d.effectiveEnd();
  }

  @FieldResolver(() => Int, {
    description: 'Fast-track applications under it still undecided past their review window, now (escalated to the secretariat; public, like the register).',
  })
  escalatedApplications(@Root() d: EmergencyDeclaration, @Ctx() ctx: Context): Promise<number> {
    return ctx.services.emergency.undecidedPastWindow(d.id);
  }
}

@Resolver(() => FastTrackApplication)
export class FastTrackResolver {
  @Authorized(...READERS)
  @Query(() => FastTrackApplicationConnection, { description: 'Fast-track applications, newest first.' })
  fastTrackApplications(
    @Ctx() ctx: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => FastTrackFilter, { nullable: true }) filter?: FastTrackFilter,
  ): Promise<ConnectionShape<FastTrackApplication>> {
    return ctx.services.emergency.applications(ctx.principal, filter ?? {}, page.first, page.after);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => FastTrackApplication, { description: "File a fast-track application under an active declaration (a covered member's regulator)." })
  fileFastTrackApplication(
    @Arg('input', () => FastTrackApplicationInput) input: FastTrackApplicationInput,
    @Ctx() ctx: Context,
  ): Promise<FastTrackApplication> {
    return ctx.services.emergency.file(ctx.principal, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => FastTrackApplication, {
    description: "Approve or refuse an application (the filing member's regulator); late decisions are recorded as overdue.",
  })
  decideFastTrackApplication(@Arg('input', () => FastTrackDecisionInput) input: FastTrackDecisionInput, @Ctx() ctx: Context): Promise<FastTrackApplication> {
    return ctx.services.emergency.decide(ctx.principal, input);
  }

  @FieldResolver(() => Jurisdiction, { description: 'Filing member.' })
  async jurisdiction(@Root() a: FastTrackApplication, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(a.jurisdictionCode))!;
  }

  @FieldResolver(() => EmergencyDeclaration, { description: 'The declaration.' })
  async declaration(@Root() a: FastTrackApplication, @Ctx() ctx: Context): Promise<EmergencyDeclaration> {
    return (await ctx.loaders.declaration.load(a.declarationId))!;
  }

  @FieldResolver(() => EndUser, { description: 'End user.' })
  async endUser(@Root() a: FastTrackApplication, @Ctx() ctx: Context): Promise<EndUser> {
    return (await ctx.loaders.endUser.load(a.endUserId))!;
  }

  @FieldResolver(() => ProvisionalAuthorization, { nullable: true, description: 'The authorization an approval created.' })
  authorization(@Root() a: FastTrackApplication, @Ctx() ctx: Context): Promise<ProvisionalAuthorization | null> | null {
    return a.authorizationId ? ctx.loaders.authorization.load(a.authorizationId) : null;
  }

  @FieldResolver(() => Boolean, { description: 'True when the window passed before a decision (undecided now, or decided late).' })
  overdue(@Root() a: FastTrackApplication, @Ctx() ctx: Context): boolean {
    return a.lateByMs !== null || (a.status === ApplicationStatus.SUBMITTED && ctx.clock.now() > a.decisionDueAt);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Hours past the window (decided late, or still undecided); null when on time.' })
  overdueHours(@Root() a: FastTrackApplication, @Ctx() ctx: Context): number | null {
    const ms = a.lateByMs ?? (a.status === ApplicationStatus.SUBMITTED ? ctx.clock.now().getTime() - a.decisionDueAt.getTime() : null);
    return ms !== null && ms > 0 ? Math.round((ms / 3_600_000) * 100) / 100 : null;
  }
}

@Resolver(() => ProvisionalAuthorization)
export class ProvisionalAuthorizationResolver {
  @Authorized(...READERS)
  @Query(() => ProvisionalAuthorizationConnection, { description: 'Provisional authorizations, newest first.' })
  provisionalAuthorizations(
    @Ctx() ctx: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => ProvisionalAuthorizationFilter, { nullable: true }) filter?: ProvisionalAuthorizationFilter,
  ): Promise<ConnectionShape<ProvisionalAuthorization>> {
    return ctx.services.emergency.authorizations(ctx.principal, filter ?? {}, page.first, page.after);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => ProvisionalAuthorization, { description: 'Submit a monitoring report (the authorizing member); reinstates a suspended authorization.' })
  submitMonitoringReport(@Arg('input', () => MonitoringReportInput) input: MonitoringReportInput, @Ctx() ctx: Context): Promise<ProvisionalAuthorization> {
    return ctx.services.emergency.report(ctx.principal, {
      ...input,
      shipments: input.shipments?.map((s) => ({ ...s, shippedOn: s.shippedOn instanceof Date ? s.shippedOn.toISOString().slice(0, 10) : String(s.shippedOn) })),
    });
  }

  @Authorized(Role.REGULATOR, Role.SECRETARIAT)
  @Mutation(() => ProvisionalAuthorization, {
    description:
      "Move the sunset later, with a rationale (the authorizing member or the secretariat): at most to the declaration's end (after it ended, its wind-down) and the policy maximum from now. Confirmed authorizations too.",
  })
  extendProvisionalAuthorization(
    @Arg('id', () => ID) id: string,
    @Arg('until', () => DateTimeScalar) until: Date,
    @Arg('rationale', () => String) rationale: string,
    @Ctx() ctx: Context,
  ): Promise<ProvisionalAuthorization> {
    return ctx.services.emergency.extend(ctx.principal, id, until, rationale);
  }

  @Authorized(Role.REGULATOR, Role.SECRETARIAT)
  @Mutation(() => ProvisionalAuthorization, {
    description: 'Replace the conditions of an authorization, with a rationale (the authorizing member or the secretariat).',
  })
  amendProvisionalAuthorizationConditions(
    @Arg('id', () => ID) id: string,
    @Arg('conditions', () => [String]) conditions: string[],
    @Arg('rationale', () => String) rationale: string,
    @Ctx() ctx: Context,
  ): Promise<ProvisionalAuthorization> {
    return ctx.services.emergency.amendConditions(ctx.principal, id, conditions, rationale);
  }

  @Authorized(Role.REGULATOR, Role.SECRETARIAT)
  @Mutation(() => ProvisionalAuthorization, { description: 'Complete the post-approval review (the authorizing member or the secretariat).' })
  completePostApprovalReview(
    @Arg('input', () => PostApprovalReviewInput) input: PostApprovalReviewInput,
    @Ctx() ctx: Context,
  ): Promise<ProvisionalAuthorization> {
    return ctx.services.emergency.review(ctx.principal, input);
  }

  @FieldResolver(() => Jurisdiction, { description: 'Authorizing member.' })
  async jurisdiction(@Root() a: ProvisionalAuthorization, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(a.jurisdictionCode))!;
  }

  @FieldResolver(() => EmergencyDeclaration, { description: 'The declaration.' })
  async declaration(@Root() a: ProvisionalAuthorization, @Ctx() ctx: Context): Promise<EmergencyDeclaration> {
    return (await ctx.loaders.declaration.load(a.declarationId))!;
  }

  @FieldResolver(() => [MonitoringReport], { description: 'Monitoring reports, oldest first.' })
  reports(@Root() a: ProvisionalAuthorization, @Ctx() ctx: Context): Promise<MonitoringReport[]> {
    return ctx.loaders.reportsByAuthorization.load(a.id);
  }

  @FieldResolver(() => LicenceDecision, { nullable: true, description: 'The standard licence decision it was converted to.' })
  async convertedDecision(@Root() a: ProvisionalAuthorization, @Ctx() ctx: Context): Promise<LicenceDecision | null> {
    const d = a.convertedDecisionId ? await ctx.loaders.licenceDecision.load(a.convertedDecisionId) : null;
    return d ? redactDecision(ctx.principal, d) : null;
  }
}
