import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver, Root, Subscription, Int, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { PageArgs, type ConnectionShape } from '../../shared/pagination';
import { Role } from '../../shared/role';
import { DisputePanelist } from '../disputes/dispute.entity';
import { DisputeCase } from '../disputes/dispute.entity';
import { RecognitionRequest } from '../recognition/recognition-request.entity';
import { FastTrackApplication, ProvisionalAuthorization } from '../emergency/emergency.entity';
import { RegisterEntry } from '../register/register-entry.entity';
import { RegisterKind } from '../register/register.enums';
import { publicEntry } from '../register/public-fields';
import type { DomainEvent } from '../../shared/events';
import { GraphQLError } from 'graphql';
import { filter, pipe } from '@graphql-yoga/subscription';
import { Webhook, WebhookDelivery } from './webhook.entity';
import { RegisterWebhookInput } from './notifications.inputs';
import { DeadlineApproaching, RegisteredWebhook, WebhookDeliveryConnection } from './notifications.types';

/** What a subscription's `subscribe` receives: its arguments and the connection's context. */
type Subscribe<Args> = SubscribeResolverData<unknown, Args, Context>;

/** The instance's own event stream (fed by its LISTEN connection). */
function events(context: Context, topic: string): AsyncIterable<DomainEvent> {
  return context.pubSub.subscribe(topic) as AsyncIterable<DomainEvent>;
}

/** Case streams are for authenticated principals; the register stream is public. */
function caseEvents(context: Context, topic: string): AsyncIterable<DomainEvent> {
  // graphql-ws does not run Apollo's formatError: the code goes on the GraphQLError itself.
  if (!context.principal) throw new GraphQLError('this subscription needs a bearer token', { extensions: { code: 'UNAUTHENTICATED' } });
  return events(context, topic);
}

/**
 * Every event of a subscription shares one context: fresh loaders per event, or fields
 * would keep their values from the first event.
 */
function freshLoaders(ctx: Context): void {
  ctx.loaders = ctx.newLoaders();
}

/** A member's regulators hear of events whose audience includes their member; the secretariat and analysts of all. */
function mayHear(ctx: Context, event: DomainEvent): boolean {
  const p = ctx.principal;
  if (!p) return false;
  if (p.role === Role.SECRETARIAT || p.role === Role.ANALYST) return true;
  return p.role === Role.REGULATOR && !!p.jurisdiction && event.audience.includes(p.jurisdiction);
}

@Resolver()
export class NotificationsResolver {
  @Authorized(Role.REGULATOR)
  @Mutation(() => RegisteredWebhook, { description: 'Register a webhook for your member (regulator). The secret is returned once.' })
  registerWebhook(@Arg('input', () => RegisterWebhookInput) input: RegisterWebhookInput, @Ctx() ctx: Context): Promise<RegisteredWebhook> {
    return ctx.services.webhooks.register(ctx.principal, input);
  }

  @Authorized(Role.REGULATOR, Role.SECRETARIAT)
  @Mutation(() => Webhook, { description: 'Turn a webhook on or off.' })
  setWebhookActive(@Arg('id', () => ID) id: string, @Arg('active', () => Boolean) active: boolean, @Ctx() ctx: Context): Promise<Webhook> {
    return ctx.services.webhooks.setActive(ctx.principal, id, active);
  }

  @Authorized(Role.REGULATOR, Role.SECRETARIAT)
  @Query(() => [Webhook], { description: "Your member's webhooks (the secretariat sees all)." })
  webhooks(@Ctx() ctx: Context): Promise<Webhook[]> {
    return ctx.services.webhooks.list(ctx.principal);
  }

  @Authorized(Role.REGULATOR, Role.SECRETARIAT)
  @Query(() => WebhookDeliveryConnection, { description: "A webhook's delivery log, newest first, with each attempt's status code." })
  webhookDeliveries(@Arg('webhookId', () => ID) webhookId: string, @Args() page: PageArgs, @Ctx() ctx: Context): Promise<ConnectionShape<WebhookDelivery>> {
    return ctx.services.webhooks.deliveries(ctx.principal, webhookId, page.first, page.after);
  }

  @Subscription(() => RecognitionRequest, {
    subscribe: ({ args, context }: Subscribe<{ requestId?: string | null }>) =>
      pipe(
        caseEvents(context, 'RECOGNITION_REQUEST_UPDATED'),
        filter((e: DomainEvent) => mayHear(context, e) && (!args.requestId || args.requestId === e.id)),
      ),
    description: 'Changes to recognition requests your member files or is asked about (all of them for the secretariat and analysts).',
  })
  async recognitionRequestUpdated(
    @Root() event: DomainEvent,
    @Ctx() ctx: Context,
    @Arg('requestId', () => ID, { nullable: true }) _requestId?: string,
  ): Promise<RecognitionRequest> {
    freshLoaders(ctx);
    return (await ctx.dataSource.getRepository(RecognitionRequest).findOneBy({ id: event.id }))!;
  }

  @Subscription(() => DeadlineApproaching, {
    subscribe: ({ args, context }: Subscribe<{ withinDays?: number | null }>) =>
      pipe(
        caseEvents(context, 'DEADLINE_APPROACHING'),
        filter(
          (e: DomainEvent) =>
            mayHear(context, e) &&
            (args.withinDays === undefined ||
              args.withinDays === null ||
              new Date(e.deadline!).getTime() - context.clock.now().getTime() <= args.withinDays * 86_400_000),
        ),
      ),
    description:
      "A recognition deadline is within the policy's warning lead time (to the requesting member and the members that have not answered); withinDays narrows it further.",
  })
  async deadlineApproaching(
    @Root() event: DomainEvent,
    @Ctx() ctx: Context,
    @Arg('withinDays', () => Int, { nullable: true }) _withinDays?: number,
  ): Promise<DeadlineApproaching> {
    freshLoaders(ctx);
    const request = (await ctx.dataSource.getRepository(RecognitionRequest).findOneBy({ id: event.id }))!;
    const deadline = event.deadline ?? request.deadline!.toISOString();
    return { request, deadline, daysLeft: Math.max(0, Math.floor((new Date(deadline).getTime() - ctx.clock.now().getTime()) / 86_400_000)) };
  }

  @Subscription(() => DisputeCase, {
    subscribe: ({ args, context }: Subscribe<{ disputeId?: string | null }>) =>
      pipe(
        caseEvents(context, 'DISPUTE_UPDATED'),
        filter(async (e: DomainEvent) => {
          if (args.disputeId && args.disputeId !== e.id) return false;
          const p = context.principal;
          if (p?.role === Role.PANELIST) return !!(await context.dataSource.getRepository(DisputePanelist).findOneBy({ disputeId: e.id, principalId: p.id }));
          return mayHear(context, e);
        }),
      ),
    description: 'Changes to disputes your member is a party to, or that you sit on as a panelist.',
  })
  async disputeUpdated(
    @Root() event: DomainEvent,
    @Ctx() ctx: Context,
    @Arg('disputeId', () => ID, { nullable: true }) _disputeId?: string,
  ): Promise<DisputeCase> {
    freshLoaders(ctx);
    return (await ctx.dataSource.getRepository(DisputeCase).findOneBy({ id: event.id }))!;
  }

  @Subscription(() => ProvisionalAuthorization, {
    subscribe: ({ args, context }: Subscribe<{ authorizationId?: string | null }>) =>
      pipe(
        caseEvents(context, 'PROVISIONAL_AUTHORIZATION_UPDATED'),
        filter((e: DomainEvent) => mayHear(context, e) && (!args.authorizationId || args.authorizationId === e.id)),
      ),
    description:
      'A provisional authorization took effect or changed (suspended, reinstated, confirmed, extended, amended, winding down, expired, revoked): to the members covered by its declaration (all of them for the secretariat and analysts).',
  })
  async provisionalAuthorizationUpdated(
    @Root() event: DomainEvent,
    @Ctx() ctx: Context,
    @Arg('authorizationId', () => ID, { nullable: true }) _authorizationId?: string,
  ): Promise<ProvisionalAuthorization> {
    freshLoaders(ctx);
    return (await ctx.dataSource.getRepository(ProvisionalAuthorization).findOneBy({ id: event.id }))!;
  }

  @Subscription(() => FastTrackApplication, {
    subscribe: ({ context }: Subscribe<Record<string, never>>) =>
      pipe(
        caseEvents(context, 'FAST_TRACK_ESCALATED'),
        filter((e: DomainEvent) => mayHear(context, e)),
      ),
    description: 'A fast-track application is undecided past its review window and escalated: to the secretariat and analysts, and to the filing member.',
  })
  async fastTrackEscalated(@Root() event: DomainEvent, @Ctx() ctx: Context): Promise<FastTrackApplication> {
    freshLoaders(ctx);
    return (await ctx.dataSource.getRepository(FastTrackApplication).findOneBy({ id: event.id }))!;
  }

  @Subscription(() => RegisterEntry, {
    subscribe: ({ args, context }: Subscribe<{ kind?: RegisterKind | null }>) =>
      pipe(
        events(context, 'REGISTER_ENTRY_PUBLISHED'),
        filter((e: DomainEvent) => !args.kind || args.kind === e.kind),
      ),
    description: 'Every new public register entry (anonymous subscribers welcome).',
  })
  async registerEntryPublished(
    @Root() event: DomainEvent,
    @Ctx() ctx: Context,
    @Arg('kind', () => RegisterKind, { nullable: true }) _kind?: RegisterKind,
  ): Promise<RegisterEntry> {
    freshLoaders(ctx);
    return publicEntry((await ctx.dataSource.getRepository(RegisterEntry).findOneBy({ id: event.id }))!);
  }
}
