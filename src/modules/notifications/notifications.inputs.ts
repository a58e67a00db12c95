import { Field, InputType } from 'type-graphql';

@InputType({ description: 'A webhook for your member.' })
export class RegisterWebhookInput {
  @Field({ description: 'Receiver URL (https in production).' })
  url: string;

  @Field(() => [String], {
    nullable: true,
    description:
      'Event types: RECOGNITION_REQUEST_UPDATED, DISPUTE_UPDATED, REGISTER_ENTRY_PUBLISHED, DEADLINE_APPROACHING, PROVISIONAL_AUTHORIZATION_UPDATED, FAST_TRACK_ESCALATED (default: all).',
  })
  events?: string[];

  @Field(() => String, { nullable: true, description: 'Shared secret (16–200 characters); generated when omitted.' })
  secret?: string;
}
