import { ObjectType } from 'type-graphql';
import { Connection } from '../../shared/pagination';
import { HumanitarianWaiver } from './waiver.entity';

@ObjectType({ description: 'A page of humanitarian waivers, newest first.' })
export class HumanitarianWaiverConnection extends Connection(HumanitarianWaiver, 'HumanitarianWaiver') {}
