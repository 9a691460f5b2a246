import type { Database } from '../db/schema.js';

/** Actions recorded in the audit log. Add new ones here so the log stays a closed vocabulary. */
export type AuditAction =
  | 'definitions.publish'
  | 'units.import'
  | 'units.update'
  | 'links.create'
  | 'links.retire'
  | 'kiosks.create'
  | 'kiosks.revoke'
  | 'campaigns.create'
  | 'campaigns.update'
  | 'campaigns.delete'
  | 'officers.create'
  | 'officers.update'
  | 'officers.bind'
  | 'users.create'
  | 'users.update'
  | 'users.roles'
  | 'users.password'
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.lockout'
  | 'auth.logout_everywhere'
  | 'responses.review'
  | 'periods.freeze'
  | 'settings.update'
  | 'feedback.create'
  | 'feedback.handle'
  | 'feedback.publish'
  | 'feedback.escalate'
  | 'feedback.purge'
  | 'feedback.settings'
  | 'drafts.create'
  | 'drafts.save'
  | 'drafts.delete'
  | 'interviews.close'
  | 'interviews.clear_contacts';

export interface AuditEntry {
  actorId?: number | null;
  actorLabel?: string | null;
  action: AuditAction;
  targetType?: string | null;
  targetId?: string | number | null;
  details?: Record<string, unknown>;
}

/**
 * Append to the audit log. Pass the transaction that makes the change, so the entry is
 * committed with it or not at all.
 */
export async function recordAudit(db: Database, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: entry.actorId ?? null,
      actor_label: entry.actorLabel ?? null,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
