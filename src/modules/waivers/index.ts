/** The waivers module: what it registers with the server (see src/graphql/module.ts). */
import { defineModule } from '../../graphql/module';
import { HumanitarianWaiver, HumanitarianWaiverBeneficiary, HumanitarianWaiverRecognition, HumanitarianWaiverReport } from './waiver.entity';
import { HumanitarianWaiverRecognitionResolver, HumanitarianWaiverResolver } from './waiver.resolver';
import { WaiverService } from './waiver.service';

declare module '../../graphql/context' {
  interface Services {
    waivers: WaiverService;
  }
}

export const waiversModule = defineModule({
  name: 'waivers',
  entities: [HumanitarianWaiver, HumanitarianWaiverBeneficiary, HumanitarianWaiverRecognition, HumanitarianWaiverReport],
  resolvers: [HumanitarianWaiverResolver, HumanitarianWaiverRecognitionResolver],
  services: ({ deps }) => ({ waivers: new WaiverService(deps) }),
});
