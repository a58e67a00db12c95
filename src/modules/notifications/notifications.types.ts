/** The notification API's result types (plain object types, not entities). */
import { Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../shared/pagination';
import { RecognitionRequest } from '../recognition/recognition-request.entity';
import { Webhook, WebhookDelivery } from './webhook.entity';

@ObjectType({ description: 'A registered webhook and its secret (shown this once).' })
export class RegisteredWebhook {
  @Field(() => Webhook, { description: 'The webhook.' })
  webhook: Webhook;

  @Field({ description: 'The signing secret: keep it; it is not shown again.' })
  secret: string;
}

@ObjectType({ description: 'A page of webhook deliveries, newest first.' })
export class WebhookDeliveryConnection extends Connection(WebhookDelivery, 'WebhookDelivery') {}

@ObjectType({ description: 'A recognition request whose deadline is near.' })
export class DeadlineApproaching {
  @Field(() => RecognitionRequest, { description: 'The request.' })
  request: RecognitionRequest;

  @Field({ description: 'Its deadline (ISO 8601).' })
  deadline: string;

  @Field(() => Int, { description: 'Whole days left.' })
  daysLeft: number;
}
