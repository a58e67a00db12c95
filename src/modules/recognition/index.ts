/** The recognition module: what it registers with the server (see src/graphql/module.ts). */
import { defineModule } from '../../graphql/module';
import { InformationRequest, RecognitionImplementation, RecognitionRequest, RecognitionResponse } from './recognition-request.entity';
import { createRecognitionLoaders } from './recognition.loaders';
import { RecognitionImplementationResolver, RecognitionResolver, RecognitionResponseResolver } from './recognition.resolver';
import { RecognitionRulingEffects } from './recognition.ruling';
import { RecognitionService } from './recognition.service';

declare module '../../graphql/context' {
  interface Services {
    recognition: RecognitionService;
  }
  interface Loaders extends ReturnType<typeof createRecognitionLoaders> {}
}

export const recognitionModule = defineModule({
  name: 'recognition',
  entities: [RecognitionRequest, RecognitionResponse, InformationRequest, RecognitionImplementation],
  resolvers: [RecognitionResolver, RecognitionResponseResolver, RecognitionImplementationResolver],
  loaders: createRecognitionLoaders,
  services: ({ deps }) => ({ recognition: new RecognitionService(deps) }),
  contributes: () => ({ rulingEffects: { RECOGNITION_RESPONSE: new RecognitionRulingEffects() } }),
});
