import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { DateScalar } from '../../graphql/scalars';
import { Connection, PageArgs, type ConnectionShape } from '../../shared/pagination';
import { Role } from '../../shared/role';
import { AuditEvent } from '../audit/audit-event.entity';
import { Consortium } from '../jurisdictions/consortium.entity';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { InformationRequest, RecognitionImplementation, RecognitionRequest, RecognitionResponse } from './recognition-request.entity';
import { FileRecognitionRequestInput, RecognitionRequestFilter, RecognitionResponseInput } from './recognition.inputs';

const isoDate = (d: Date | string | null | undefined): string | null =>
  d === null || d === undefined ? null : d instanceof Date ? d.toISOString().slice(0, 10) : String(d);

@ObjectType({ description: 'A page of recognition requests, newest first.' })
export class RecognitionRequestConnection extends Connection(RecognitionRequest, 'RecognitionRequest') {}

const READERS = [Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST, Role.PANELIST];

@Resolver(() => RecognitionRequest)
export class RecognitionResolver {
  @Authorized(...READERS)
  @Query(() => RecognitionRequestConnection, { description: 'Recognition requests, newest first.' })
  mutualRecognitionRequests(
    @Ctx() ctx: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => RecognitionRequestFilter, { nullable: true }) filter?: RecognitionRequestFilter,
  ): Promise<ConnectionShape<RecognitionRequest>> {
    return ctx.services.recognition.list(ctx.principal, filter ?? {}, page.first, page.after);
  }

  @Authorized(...READERS)
  @Query(() => RecognitionRequest, { nullable: true, description: 'One recognition request.' })
  mutualRecognitionRequest(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<RecognitionRequest | null> {
    return ctx.services.recognition.get(ctx.principal, id);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => RecognitionRequest, { description: 'File a request about your own decision; submitted at once unless draft.' })
  fileMutualRecognitionRequest(
    @Arg('input', () => FileRecognitionRequestInput) input: FileRecognitionRequestInput,
    @Ctx() ctx: Context,
  ): Promise<RecognitionRequest> {
    return ctx.services.recognition.file(ctx.principal, { ...input, effectValidUntil: isoDate(input.effectValidUntil) });
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => RecognitionRequest, { description: 'Submit a draft request (requesting member); the review clock starts.' })
  submitMutualRecognitionRequest(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<RecognitionRequest> {
    return ctx.services.recognition.submit(ctx.principal, id);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => RecognitionRequest, { description: 'Answer for your member, once (concerned members).' })
  respondToRecognitionRequest(@Arg('input', () => RecognitionResponseInput) input: RecognitionResponseInput, @Ctx() ctx: Context): Promise<RecognitionRequest> {
    return ctx.services.recognition.respond(ctx.principal, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => RecognitionRequest, { description: 'Ask the requesting member for information; stops the clock (concerned members that have not answered).' })
  requestRecognitionInformation(
    @Arg('requestId', () => ID) requestId: string,
    @Arg('question', () => String) question: string,
    @Ctx() ctx: Context,
  ): Promise<RecognitionRequest> {
    return ctx.services.recognition.requestInformation(ctx.principal, requestId, question);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => RecognitionRequest, { description: 'Answer an information request; restarts the clock (requesting member).' })
  provideRecognitionInformation(
    @Arg('requestId', () => ID) requestId: string,
    @Arg('answer', () => String) answer: string,
    @Ctx() ctx: Context,
  ): Promise<RecognitionRequest> {
    return ctx.services.recognition.provideInformation(ctx.principal, requestId, answer);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => RecognitionRequest, { description: 'Withdraw an open request (requesting member).' })
  withdrawMutualRecognitionRequest(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: Context,
  ): Promise<RecognitionRequest> {
    return ctx.services.recognition.withdraw(ctx.principal, id, reason);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => RecognitionRequest, {
    description:
      "Record your member's national implementation of a recognition it gave: the act and the day it takes effect (recognizing members; due within the policy's recognitionImplementationDays of the outcome).",
  })
  recordRecognitionImplementation(
    @Arg('requestId', () => ID) requestId: string,
    @Arg('actReference', () => String) actReference: string,
    @Arg('effectiveFrom', () => DateScalar) effectiveFrom: Date,
    @Ctx() ctx: Context,
  ): Promise<RecognitionRequest> {
    return ctx.services.recognition.recordImplementation(ctx.principal, requestId, actReference, isoDate(effectiveFrom)!);
  }

  // Not panelists: their reads are limited to the cases they sit on.
  @Authorized(Role.REGULATOR, Role.SECRETARIAT, Role.ANALYST)
  @Query(() => [RecognitionRequest], {
    description:
      'Recognitions in force for an export from exportingJurisdiction of an item under taxonomyCode (and to endUserId): RECOGNIZED or PARTIALLY_RECOGNIZED requests whose effect has not run out, requested or recognized by the exporting member, whose licence, end-user vetting or classification covers the item. Which members recognize: responses.',
  })
  recognitionsApplicable(
    @Arg('exportingJurisdiction', () => String) exportingJurisdiction: string,
    @Arg('taxonomyCode', () => String) taxonomyCode: string,
    @Arg('endUserId', () => ID, { nullable: true }) endUserId: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<RecognitionRequest[]> {
    return ctx.services.recognition.applicable(exportingJurisdiction, taxonomyCode, endUserId ?? null);
  }

  @FieldResolver(() => [Jurisdiction], {
    description:
      'Concerned members that had not answered when the deadline closed the request (how their silence counted: the consortium policy silenceAtDeadline).',
  })
  async silentJurisdictions(@Root() r: RecognitionRequest, @Ctx() ctx: Context): Promise<Jurisdiction[]> {
    return (await ctx.loaders.jurisdiction.loadMany(r.silentJurisdictionCodes ?? [])) as Jurisdiction[];
  }

  @FieldResolver(() => [RecognitionImplementation], {
    description: 'National implementations owed by the recognizing members (recorded or not), with their due dates.',
  })
  implementations(@Root() r: RecognitionRequest, @Ctx() ctx: Context): Promise<RecognitionImplementation[]> {
    return ctx.services.recognition.implementations(r.id);
  }

  @FieldResolver(() => Jurisdiction, { description: 'Requesting member.' })
  async requestingJurisdiction(@Root() r: RecognitionRequest, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(r.requestingJurisdiction))!;
  }

  @FieldResolver(() => [Jurisdiction], { description: 'Members asked to recognize.' })
  async concernedJurisdictions(@Root() r: RecognitionRequest, @Ctx() ctx: Context): Promise<Jurisdiction[]> {
    return (await ctx.loaders.jurisdiction.loadMany(r.concernedJurisdictionCodes)) as Jurisdiction[];
  }

  @FieldResolver(() => Consortium, { description: 'The consortium.' })
  async consortium(@Root() r: RecognitionRequest, @Ctx() ctx: Context): Promise<Consortium> {
    return (await ctx.loaders.consortium.load(r.consortiumId))!;
  }

  @FieldResolver(() => [RecognitionResponse], { description: 'Answers given so far.' })
  responses(@Root() r: RecognitionRequest, @Ctx() ctx: Context): Promise<RecognitionResponse[]> {
    return ctx.loaders.responsesByRequest.load(r.id);
  }

  @FieldResolver(() => [Jurisdiction], { description: 'Concerned members that have not answered yet.' })
  async awaiting(@Root() r: RecognitionRequest, @Ctx() ctx: Context): Promise<Jurisdiction[]> {
    const answered = new Set((await ctx.loaders.responsesByRequest.load(r.id)).filter((x) => !x.remandedByDisputeId).map((x) => x.jurisdictionCode));
    return (await ctx.loaders.jurisdiction.loadMany(r.concernedJurisdictionCodes.filter((c) => !answered.has(c)))) as Jurisdiction[];
  }

  @FieldResolver(() => [InformationRequest], { description: 'Clock stops: questions, answers and how long each stopped the clock.' })
  informationRequests(@Root() r: RecognitionRequest, @Ctx() ctx: Context): Promise<InformationRequest[]> {
    return ctx.loaders.informationByRequest.load(r.id);
  }

  @FieldResolver(() => [AuditEvent], { description: 'The audit trail of this request, oldest first: the events you may read in auditTrail.' })
  auditTrail(@Root() r: RecognitionRequest, @Ctx() ctx: Context): Promise<AuditEvent[]> {
    return ctx.loaders.readableAuditBySubject.load(r.id);
  }
}

@Resolver(() => RecognitionResponse)
export class RecognitionResponseResolver {
  @FieldResolver(() => Jurisdiction, { description: 'The answering member.' })
  async jurisdiction(@Root() r: RecognitionResponse, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(r.jurisdictionCode))!;
  }
}

@Resolver(() => RecognitionImplementation)
export class RecognitionImplementationResolver {
  @FieldResolver(() => Jurisdiction, { description: 'The recognizing member.' })
  async jurisdiction(@Root() r: RecognitionImplementation, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(r.jurisdictionCode))!;
  }

  @FieldResolver(() => Boolean, { description: 'True when it is past due and not recorded.' })
  overdue(@Root() r: RecognitionImplementation, @Ctx() ctx: Context): boolean {
    return !r.recordedAt && r.dueAt < ctx.services.recognition.clockNow();
  }
}
