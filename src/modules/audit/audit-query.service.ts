/** The class is in audit.service.ts; src/services.ts imports it by this path. */
export { AuditService } from './audit.service';
