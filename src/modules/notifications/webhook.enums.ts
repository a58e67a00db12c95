/** Enums of webhooks and their deliveries. */
import { registerEnumType } from 'type-graphql';

export enum DeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(DeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'State of a webhook delivery.',
  valuesConfig: {
    PENDING: { description: 'Waiting for its (next) attempt.' },
    DELIVERED: { description: 'The receiver answered 2xx.' },
    FAILED: { description: 'Every attempt failed.' },
  },
});
