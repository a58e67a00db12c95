/** A recognition request's responses and information requests: request-scoped loaders, one statement per batch. */
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { groupByKey } from '../../graphql/batch';
import { InformationRequest, RecognitionResponse } from './recognition-request.entity';
import type { AuthPrincipal } from '../../shared/actor';

export function createRecognitionLoaders(ds: DataSource, _principal: AuthPrincipal | null) {
  return {
    responsesByRequest: new DataLoader<string, RecognitionResponse[]>(async (ids) =>
      groupByKey(
        ids,
        await ds.getRepository(RecognitionResponse).find({ where: { requestId: In([...ids]) }, order: { respondedAt: 'ASC', id: 'ASC' } }),
        (r) => r.requestId,
      ),
    ),
    informationByRequest: new DataLoader<string, InformationRequest[]>(async (ids) =>
      groupByKey(
        ids,
        await ds.getRepository(InformationRequest).find({ where: { requestId: In([...ids]) }, order: { askedAt: 'ASC', id: 'ASC' } }),
        (r) => r.requestId,
      ),
    ),
  };
}
