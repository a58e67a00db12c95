/**
 * Every action an audit event records: `<SUBJECT>.<WHAT>`. The audit GraphQL field `action`
 * stays a String; this type is for the code that writes events.
 */

/** Actions a service records itself with `recordAudit`. */
export type RecordedAction =
  | 'CONSORTIUM.POLICY_UPDATED'
  | 'CONTROL_ENTRIES.REMOVED'
  | 'CONTROL_ENTRIES.UPSERTED'
  | 'CONTROL_LIST.CREATED'
  | 'CONTROL_LIST.IMPORTED'
  | 'CONTROL_LIST_VERSION.CREATED'
  | 'DATA_GOVERNANCE.ATTACHED'
  | 'DENIAL_CONSULTATION.RECORDED'
  | 'DISPUTE.CONFLICT_DECLARED'
  | 'DISPUTE.FILE'
  | 'DISPUTE.PANEL_REQUEST_RECORDED'
  | 'DISPUTE.RULING_DUE_WARNING'
  | 'DISPUTE.RULING_TAKES_EFFECT'
  | 'EMERGENCY.DECLARED'
  | 'EMERGENCY.ENDED'
  | 'END_USER.VERIFIED'
  | 'ENTRY_MAPPING.PROPOSED'
  | 'FAST_TRACK.ESCALATED'
  | 'FAST_TRACK.FILED'
  | 'HUMANITARIAN_WAIVER.FILED'
  | 'HUMANITARIAN_WAIVER.RECOGNIZED'
  | 'HUMANITARIAN_WAIVER.REPORT_DUE'
  | 'LICENCE_DECISION.RECORDED'
  | 'LICENCE_DECISION.RULING_APPLIED'
  | 'LICENSING_RULES.IMPORTED'
  | 'PROVISIONAL_AUTHORIZATION.GRANTED'
  | 'PROVISIONAL_AUTHORIZATION.REVIEW_OVERDUE'
  | 'PROVISIONAL_AUTHORIZATION.WIND_DOWN'
  | 'RECOGNITION_REQUEST.FILED'
  | 'RECOGNITION_REQUEST.IMPLEMENTATION_DUE_SOON'
  | 'RECOGNITION_REQUEST.IMPLEMENTATION_RECORDED'
  | 'RECOGNITION_REQUEST.INFORMATION_PROVIDED_LATE'
  | 'RECOGNITION_REQUEST.RESPONDED'
  | 'RECOGNITION_REQUEST.RULING_APPLIED'
  | 'RISK_POLICY.UPDATED'
  | 'SEED.LOADED'
  | 'TAXONOMY_NODE.CREATED'
  | 'WEBHOOK.ACTIVATED'
  | 'WEBHOOK.DEACTIVATED'
  | 'WEBHOOK.REGISTERED';

/**
 * Actions of workflow moves (src/shared/state-machine.ts writes `<prefix>.<event>`, or the
 * move's own action name instead of the event): per machine, its prefix with each event of
 * its table and each action name its moves carry.
 */
export type MachineAction =
  | `CONTROL_LIST_VERSION.${'OVERTAKE' | 'PUBLISH' | 'SCHEDULE' | 'SUPERSEDE' | 'TAKE_EFFECT' | 'OVERTAKEN' | 'PUBLISHED' | 'SUPERSEDED' | 'TOOK_EFFECT'}`
  | `DENIAL_CONSULTATION.${'RULED_PROCEED' | 'RULED_REFRAIN' | 'RULED'}`
  | `DISPUTE.${
      | 'APPEAL'
      | 'CLOSE'
      | 'COMMENT'
      | 'CONSTITUTE'
      | 'INTERIM_REPORT'
      | 'INVOKE_SECURITY_EXCEPTION'
      | 'ISSUE_RULING'
      | 'JOIN_THIRD_PARTY'
      | 'OPEN_CONSULTATION'
      | 'REQUEST_PANEL'
      | 'SETTLE'
      | 'SUBMIT'
      | 'VOTE'
      | 'WITHDRAW'}`
  | `ENTRY_MAPPING.${'ACCEPT' | 'MARK_STALE' | 'REJECT' | 'REOPEN' | 'ACCEPTED' | 'REJECTED'}`
  | `FAST_TRACK.${'APPROVE' | 'REFUSE' | 'APPROVED' | 'REFUSED'}`
  | `HUMANITARIAN_WAIVER.${'ACTIVATE' | 'EXPIRE' | 'REVOKE'}`
  | `HUMANITARIAN_WAIVER_RECOGNITION.${'END'}`
  | `PROVISIONAL_AUTHORIZATION.${'AMEND_CONDITIONS' | 'CONFIRM' | 'EXPIRE' | 'EXTEND' | 'REINSTATE' | 'REINSTATE_CONFIRMED' | 'REPORT' | 'REVOKE' | 'SUSPEND'}`
  | `RECOGNITION_REQUEST.${
      | 'LAPSE'
      | 'PROVIDE_INFO'
      | 'REOPEN'
      | 'REQUEST_INFO'
      | 'RESOLVE_DECLINED'
      | 'RESOLVE_PARTIAL'
      | 'RESOLVE_RECOGNIZED'
      | 'RESPOND'
      | 'RESUME_CLOCK'
      | 'SUBMIT'
      | 'WITHDRAW'
      | 'RESPONDED'
      | 'RULING_APPLIED'}`;

export type AuditAction = RecordedAction | MachineAction;

/**
 * The action type `recordAudit` takes for a value of type A: a literal (or union of literals)
 * must be an AuditAction; a plain `string` passes, since a state machine builds its action at
 * run time from its prefix and event (shared's AuditEntry carries `action: string`).
 */
export type KnownAction<A extends string> = string extends A ? A : A extends AuditAction ? A : AuditAction;
