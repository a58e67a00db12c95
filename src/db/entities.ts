/** Every TypeORM entity, listed once; the DataSource in ormconfig.ts takes this list. */
import { AuditEvent } from '../modules/audit/audit-event.entity';
import { Principal } from '../modules/auth/principal.entity';
import { Consortium } from '../modules/jurisdictions/consortium.entity';
import { Jurisdiction } from '../modules/jurisdictions/jurisdiction.entity';
import { Membership } from '../modules/jurisdictions/membership.entity';

export const entities = [AuditEvent, Consortium, Jurisdiction, Membership, Principal];
