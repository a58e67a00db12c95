/**
 * A webhook delivery's life: PENDING ─DELIVER→ DELIVERED, PENDING ─GIVE_UP→ FAILED (the
 * webhook is inactive, or the attempts ran out), PENDING ─RETRY→ PENDING (a failed attempt;
 * the next one is scheduled). Fired by the delivery sweep (SYSTEM). Deliveries are not
 * audit events: each keeps its attempt log.
 */
import { StateMachine } from '../../shared/state-machine';
import { DeliveryStatus as D } from './webhook.enums';

export type DeliveryEvent = 'DELIVER' | 'GIVE_UP' | 'RETRY';

export const deliveryMachine = new StateMachine<D, DeliveryEvent, 'SYSTEM'>(
  'WebhookDelivery',
  Object.values(D),
  {
    PENDING: {
      DELIVER: { to: D.DELIVERED, by: ['SYSTEM'] },
      GIVE_UP: { to: D.FAILED, by: ['SYSTEM'] },
      RETRY: { to: D.PENDING, by: ['SYSTEM'] },
    },
  },
  { audit: false },
);
