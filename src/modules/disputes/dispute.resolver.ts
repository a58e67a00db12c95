import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { Connection, PageArgs, type ConnectionShape } from '../../shared/pagination';
import { Role } from '../../shared/role';
import { PartyRole } from './dispute.enums';
import { DisputeCase, DisputeRuling, DisputeSubmission, DisputeVote } from './dispute.entity';
import { BEFORE_PANEL_RULING, isCaseOutline, SECRETARIAT_PARTY } from './dispute.rules';
import { DisputeFilter, DisputeSubmissionInput, FileDisputeInput, PanelVoteInput } from './dispute.inputs';
import {
  DisputeInstitution,
  DisputePanelistView,
  DisputeParty,
  DisputeThirdPartyView,
  DisputeTimelineEvent,
  DisputeTimetable,
  SecurityExceptionView,
} from './dispute.types';

@ObjectType({ description: 'A page of dispute cases, newest first.' })
export class DisputeCaseConnection extends Connection(DisputeCase, 'DisputeCase') {}

const READERS = [Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST, Role.PANELIST];

@Resolver(() => DisputeCase)
export class DisputeResolver {
  @Authorized(...READERS)
  @Query(() => DisputeCaseConnection, { description: 'Dispute cases; a panelist sees the cases it sits on.' })
  disputeCases(
    @Ctx() ctx: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => DisputeFilter, { nullable: true }) filter?: DisputeFilter,
  ): Promise<ConnectionShape<DisputeCase>> {
    return ctx.services.disputes.list(ctx.principal, filter ?? {}, page.first, page.after);
  }

  @Authorized(...READERS)
  @Query(() => DisputeCase, { nullable: true, description: 'One dispute case.' })
  disputeCase(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<DisputeCase | null> {
    return ctx.services.disputes.get(ctx.principal, id);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => DisputeCase, { description: 'Contest a decision that affects your member (regulator); consultation starts.' })
  fileDispute(@Arg('input', () => FileDisputeInput) input: FileDisputeInput, @Ctx() ctx: Context): Promise<DisputeCase> {
    return ctx.services.disputes.file(ctx.principal, input);
  }

  @Authorized(Role.REGULATOR, Role.SECRETARIAT)
  @Mutation(() => DisputeCase, { description: 'Settle with agreed terms (a party).' })
  settleDispute(@Arg('id', () => ID) id: string, @Arg('terms', () => String) terms: string, @Ctx() ctx: Context): Promise<DisputeCase> {
    return ctx.services.disputes.settle(ctx.principal, id, terms);
  }

  @Authorized(Role.REGULATOR, Role.SECRETARIAT)
  @Mutation(() => DisputeCase, {
    description: 'Ask for a panel (a party): after the consultation period one request suffices; before it, both parties must ask.',
  })
  requestPanel(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<DisputeCase> {
    return ctx.services.disputes.requestPanel(ctx.principal, id);
  }

  @Authorized(Role.SECRETARIAT)
  @Mutation(() => DisputeCase, {
    description: "Appoint the panel (secretariat): the policy's panel size; no national of a party, no declared conflict, a fresh panel on appeal.",
  })
  constitutePanel(@Arg('id', () => ID) id: string, @Arg('panelistIds', () => [ID]) panelistIds: string[], @Ctx() ctx: Context): Promise<DisputeCase> {
    return ctx.services.disputes.constitutePanel(ctx.principal, id, panelistIds);
  }

  @Authorized(Role.PANELIST)
  @Mutation(() => DisputeCase, {
    description:
      'Declare a conflict of interest in a case awaiting its panel (panelist): you cannot then be appointed to it. Unless you sit on the case, you get its outline only (no grounds, submissions, votes, rulings or timeline).',
  })
  declarePanelConflict(@Arg('disputeId', () => ID) disputeId: string, @Arg('note', () => String) note: string, @Ctx() ctx: Context): Promise<DisputeCase> {
    return ctx.services.disputes.declareConflict(ctx.principal, disputeId, note);
  }

  @Authorized(Role.REGULATOR, Role.SECRETARIAT)
  @Mutation(() => DisputeCase, { description: 'File a submission (a party), once the panel is appointed and before the first vote.' })
  addDisputeSubmission(@Arg('input', () => DisputeSubmissionInput) input: DisputeSubmissionInput, @Ctx() ctx: Context): Promise<DisputeCase> {
    return ctx.services.disputes.addSubmission(ctx.principal, input);
  }

  @Authorized(Role.PANELIST)
  @Mutation(() => DisputeCase, { description: 'Vote (a panelist of this case, once per round); the ruling issues at a majority.' })
  castPanelVote(@Arg('input', () => PanelVoteInput) input: PanelVoteInput, @Ctx() ctx: Context): Promise<DisputeCase> {
    return ctx.services.disputes.vote(ctx.principal, input);
  }

  @Authorized(Role.REGULATOR, Role.SECRETARIAT)
  @Mutation(() => DisputeCase, { description: "Appeal the ruling within the policy's window (a party); a fresh panel hears it." })
  appealRuling(@Arg('id', () => ID) id: string, @Arg('grounds', () => String) grounds: string, @Ctx() ctx: Context): Promise<DisputeCase> {
    return ctx.services.disputes.appeal(ctx.principal, id, grounds);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => DisputeCase, {
    description:
      "Join a case as a third party (a regulator of another member of the consortium), within the policy's period after the panel is requested: you then read the parties' first written submissions and may file PUBLIC or PARTIES_AND_PANEL material.",
  })
  joinDisputeAsThirdParty(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<DisputeCase> {
    return ctx.services.disputes.joinAsThirdParty(ctx.principal, id);
  }

  @Authorized(Role.REGULATOR, Role.SECRETARIAT)
  @Mutation(() => DisputeCase, {
    description:
      'Invoke the security exception (the respondent, once, before the panel deliberates): the measure is necessary for its essential security interests. Every vote then assesses its invocation and the ruling addresses it.',
  })
  invokeSecurityException(@Arg('id', () => ID) id: string, @Arg('statement', () => String) statement: string, @Ctx() ctx: Context): Promise<DisputeCase> {
    return ctx.services.disputes.invokeSecurityException(ctx.principal, id, statement);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => DisputeCase, { description: 'Withdraw the dispute (the complainant).' })
  withdrawDispute(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: Context): Promise<DisputeCase> {
    return ctx.services.disputes.withdraw(ctx.principal, id, reason);
  }

  @FieldResolver(() => [DisputeParty], { description: 'Complainant and respondent.' })
  parties(@Root() d: DisputeCase): DisputeParty[] {
    return [
      Object.assign(new DisputeParty(), { code: d.complainant, party: d.complainant, role: PartyRole.COMPLAINANT }),
      Object.assign(new DisputeParty(), { code: d.respondent ?? '', party: d.respondent ?? SECRETARIAT_PARTY, role: PartyRole.RESPONDENT }),
    ];
  }

  @FieldResolver(() => [DisputeThirdPartyView], { description: 'Members that joined as third parties.' })
  async thirdParties(@Root() d: DisputeCase, @Ctx() ctx: Context): Promise<DisputeThirdPartyView[]> {
    const rows: { jurisdiction_code: string; joined_at: Date }[] = await ctx.services.disputes.thirdParties(d.id);
    return rows.map((r) => Object.assign(new DisputeThirdPartyView(), { code: r.jurisdiction_code, joinedAt: r.joined_at }));
  }

  @FieldResolver(() => DisputeTimetable, { nullable: true, description: "The panel's timetable (null before the panel is constituted)." })
  timetable(@Root() d: DisputeCase, @Ctx() ctx: Context): DisputeTimetable | null {
    if (!d.firstSubmissionsDue || !d.rebuttalsDue || !d.interimReportDue || !d.finalRulingDue) return null;
    const overdue = BEFORE_PANEL_RULING.includes(d.status) && d.finalRulingDue < ctx.services.disputes.clockNow();
    return {
      firstSubmissionsDue: d.firstSubmissionsDue,
      rebuttalsDue: d.rebuttalsDue,
      interimReportDue: d.interimReportDue,
      finalRulingDue: d.finalRulingDue,
      urgent: d.urgent,
      overdue,
    };
  }

  @FieldResolver(() => SecurityExceptionView, { description: "The respondent's security exception and the ruling's assessment of it." })
  async securityException(@Root() d: DisputeCase, @Ctx() ctx: Context): Promise<SecurityExceptionView> {
    const rulings = isCaseOutline(d) ? [] : (await ctx.loaders.rulingsByDispute.load(d.id)).filter((r) => !r.interim || this.inCase(d, ctx));
    return {
      invoked: !!d.securityExceptionInvokedAt,
      statement: d.securityExceptionStatement,
      invokedAt: d.securityExceptionInvokedAt,
      assessment: rulings.at(-1)?.securityExceptionAssessment ?? null,
    };
  }

  @FieldResolver(() => DisputeInstitution, {
    nullable: true,
    description: "LICENCE_DECISION cases: the institution of the complainant's member it is filed for.",
  })
  onBehalfOf(@Root() d: DisputeCase, @Ctx() ctx: Context): DisputeInstitution | null {
    if (!d.onBehalfOf) return null;
    return { name: this.inCase(d, ctx) ? d.onBehalfOf.name : null, country: d.onBehalfOf.country };
  }

  /** A party's regulator, a panelist who reads the case, or the secretariat. */
  private inCase(d: DisputeCase, ctx: Context): boolean {
    const p = ctx.principal;
    if (!p || isCaseOutline(d)) return false;
    if (p.role === Role.SECRETARIAT || p.role === Role.PANELIST) return true;
    return p.role === Role.REGULATOR && (p.jurisdiction === d.complainant || p.jurisdiction === d.respondent);
  }

  @FieldResolver(() => [DisputePanelistView], { description: 'Panelists of the current round.' })
  async panelists(@Root() d: DisputeCase, @Ctx() ctx: Context): Promise<DisputePanelistView[]> {
    if (isCaseOutline(d)) return [];
    const all = (await ctx.loaders.panelistsByDispute.load(d.id)).filter((p) => p.round === d.round);
    const people = await ctx.loaders.principal.loadMany(all.map((p) => p.principalId));
    return all.map((p, i) => {
      const person = people[i] as { handle: string; nationality: string | null } | null;
      return { id: p.principalId, handle: person?.handle ?? p.principalId, nationality: person?.nationality ?? null, round: p.round };
    });
  }

  @FieldResolver(() => [DisputeSubmission], {
    description: 'Submissions you may read (panelists: all; parties: PUBLIC and PARTIES_AND_PANEL; others: PUBLIC).',
  })
  async submissions(@Root() d: DisputeCase, @Ctx() ctx: Context): Promise<DisputeSubmission[]> {
    return isCaseOutline(d) ? [] : ctx.loaders.visibleSubmissions.load(d.id);
  }

  @FieldResolver(() => Int, { description: 'How many submissions you may read.' })
  async submissionCount(@Root() d: DisputeCase, @Ctx() ctx: Context): Promise<number> {
    return isCaseOutline(d) ? 0 : (await ctx.loaders.visibleSubmissions.load(d.id)).length;
  }

  @FieldResolver(() => [DisputeVote], { description: 'Votes of rounds already ruled (a panelist also sees its own vote before).' })
  async votes(@Root() d: DisputeCase, @Ctx() ctx: Context): Promise<DisputeVote[]> {
    if (isCaseOutline(d)) return [];
    const ruled = new Set((await ctx.loaders.rulingsByDispute.load(d.id)).filter((r) => !r.interim).map((r) => r.round));
    return (await ctx.loaders.votesByDispute.load(d.id)).filter((v) => ruled.has(v.round) || v.panelistId === ctx.principal?.id);
  }

  @FieldResolver(() => DisputeRuling, {
    nullable: true,
    description: 'The latest ruling (the interim report, `interim: true`, only to the parties, the panel and the secretariat).',
  })
  async ruling(@Root() d: DisputeCase, @Ctx() ctx: Context): Promise<DisputeRuling | null> {
    return isCaseOutline(d) ? null : ((await ctx.loaders.rulingsByDispute.load(d.id)).filter((r) => !r.interim || this.inCase(d, ctx)).at(-1) ?? null);
  }

  @FieldResolver(() => [DisputeRuling], { description: 'Every ruling (first, and appeal).' })
  async rulings(@Root() d: DisputeCase, @Ctx() ctx: Context): Promise<DisputeRuling[]> {
    return isCaseOutline(d) ? [] : (await ctx.loaders.rulingsByDispute.load(d.id)).filter((r) => !r.interim || this.inCase(d, ctx));
  }

  @FieldResolver(() => [DisputeTimelineEvent], { description: "The case's timeline (from the audit trail; no confidential content)." })
  async timeline(@Root() d: DisputeCase, @Ctx() ctx: Context): Promise<DisputeTimelineEvent[]> {
    if (isCaseOutline(d)) return [];
    return (await ctx.loaders.auditBySubject.load(d.id)).map((e) => ({
      action: e.action,
      status: (e.after as { status?: string } | null)?.status ?? null,
      at: e.occurredAt,
      actorJurisdiction: e.actorJurisdiction,
    }));
  }
}
