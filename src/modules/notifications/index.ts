/** The notifications module: what it registers with the server (see src/graphql/module.ts). */
import { defineModule } from '../../graphql/module';
import { Webhook, WebhookDelivery } from './webhook.entity';
import { NotificationsResolver } from './notifications.resolver';
import { WebhookService } from './webhook.service';

declare module '../../graphql/context' {
  interface Services {
    webhooks: WebhookService;
  }
}

export const notificationsModule = defineModule({
  name: 'notifications',
  entities: [Webhook, WebhookDelivery],
  resolvers: [NotificationsResolver],
  services: ({ deps }) => ({ webhooks: new WebhookService(deps) }),
});
