import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';
import { EndUserInput } from '../decisions/decision.inputs';
import { ApplicationStatus, AuthorizationStatus, PostApprovalOutcome } from './emergency.enums';

@InputType({ description: 'An emergency declaration.' })
export class DeclareEmergencyInput {
  @Field(() => ID, { description: 'The consortium.' })
  consortiumId: string;

  @Field({ description: 'Title.' })
  title: string;

  @Field(() => [String], { description: 'Taxonomy codes in scope (their subtrees included).' })
  taxonomyCodes: string[];

  @Field(() => [String], { nullable: true, description: 'Members covered (default: every member).' })
  jurisdictions?: string[];

  @Field(() => DateTimeScalar, { nullable: true, description: 'Start (default: now).' })
  startsAt?: Date;

  @Field(() => DateTimeScalar, { description: 'End.' })
  endsAt: Date;

  @Field(() => [String], {
    nullable: true,
    description: 'Destinations (ISO 3166-1 alpha-2) the emergency affects; applications to other destinations are refused. Omitted: any destination.',
  })
  affectedDestinations?: string[];

  @Field(() => String, { nullable: true, description: 'What triggered it, e.g. a WHO/IHR event reference.' })
  trigger?: string;
}

@InputType({ description: 'A fast-track application under an active declaration.' })
export class FastTrackApplicationInput {
  @Field(() => ID, { description: 'The declaration.' })
  declarationId: string;

  @Field({ description: 'Applicant (exporter).' })
  applicant: string;

  @Field(() => EndUserInput, { description: 'End user.' })
  endUser: EndUserInput;

  @Field({ description: 'Destination country.' })
  destination: string;

  @Field(() => [String], { description: "Taxonomy codes of the items (within the declaration's scope)." })
  taxonomyCodes: string[];

  @Field({ description: 'Why the items are needed.' })
  justification: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Requested end of the authorization.' })
  requestedUntil?: Date;

  @Field(() => String, { nullable: true, description: 'Retry key: the same key and input return the first result.' })
  idempotencyKey?: string;

  @Field(() => Float, { nullable: true, description: 'Quantity applied for: the authorization covers it, and reported shipments count against it.' })
  quantity?: number;

  @Field(() => String, { nullable: true, description: 'Unit of the quantity (default "units").' })
  quantityUnit?: string;
}

@InputType({ description: 'A decision on a fast-track application.' })
export class FastTrackDecisionInput {
  @Field(() => ID, { description: 'The application.' })
  applicationId: string;

  @Field({ description: 'Approve (creates a provisional authorization) or refuse.' })
  approve: boolean;

  @Field({ description: 'Rationale (required either way).' })
  rationale: string;

  @Field(() => [String], { nullable: true, description: 'Conditions of the authorization.' })
  conditions?: string[];

  @Field(() => Int, { nullable: true, description: "Days between monitoring reports (default: the policy's)." })
  monitoringEveryDays?: number;
}

@InputType({ description: 'A shipment made under an authorization.' })
export class ShipmentInput {
  @Field(() => Float, { description: 'Quantity.' })
  quantity: number;

  @Field(() => String, { nullable: true, description: 'Unit (default "units").' })
  unit?: string;

  @Field(() => DateScalar, { description: 'Date shipped.' })
  shippedOn: Date;

  @Field(() => String, { nullable: true, description: 'What was shipped.' })
  description?: string;
}

@InputType({ description: 'A monitoring report.' })
export class MonitoringReportInput {
  @Field(() => ID, { description: 'The authorization.' })
  authorizationId: string;

  @Field(() => [ShipmentInput], { nullable: true, description: 'Shipments made since the last report.' })
  shipments?: ShipmentInput[];

  @Field({ description: 'Whether the end use was verified.' })
  endUseVerified: boolean;

  @Field(() => String, { nullable: true, description: 'Incidents.' })
  incidents?: string;
}

@InputType({ description: 'The post-approval review of a provisional authorization.' })
export class PostApprovalReviewInput {
  @Field(() => ID, { description: 'The authorization.' })
  authorizationId: string;

  @Field(() => PostApprovalOutcome, { description: 'CONFIRM, REVOKE or CONVERT_TO_STANDARD.' })
  outcome: PostApprovalOutcome;

  @Field({ description: 'Rationale.' })
  rationale: string;
}

@InputType({ description: 'Filters for fastTrackApplications.' })
export class FastTrackFilter {
  @Field(() => ApplicationStatus, { nullable: true, description: 'State.' })
  status?: ApplicationStatus;

  @Field(() => String, { nullable: true, description: 'Filing member.' })
  jurisdiction?: string;

  @Field(() => ID, { nullable: true, description: 'Declaration.' })
  declarationId?: string;

  @Field(() => Boolean, { nullable: true, description: 'Only applications past their window (undecided, or decided late).' })
  overdue?: boolean;
}

@InputType({ description: 'Filters for provisionalAuthorizations.' })
export class ProvisionalAuthorizationFilter {
  @Field(() => AuthorizationStatus, { nullable: true, description: 'State.' })
  status?: AuthorizationStatus;

  @Field(() => String, { nullable: true, description: 'Authorizing member.' })
  jurisdiction?: string;

  @Field(() => ID, { nullable: true, description: 'Declaration.' })
  declarationId?: string;

  @Field(() => Int, { nullable: true, description: 'Open authorizations with a report, review or sunset due within this many days.' })
  dueWithinDays?: number;
}
