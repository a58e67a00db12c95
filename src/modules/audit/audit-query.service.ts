/** AuditService lives in audit.service.ts; this name is kept for src/services.ts until it imports from there. */
export { AuditService } from './audit.service';
