import { createHash } from 'node:crypto';
import type { SqlExecutor } from '../store/store.ts';

/** One audited operator action. */
export interface AuditEntry {
  /** Name of the API key that acted. */
  actor: string;
  action:
    | 'replay'
    | 'edit-and-replay'
    | 'purge'
    | 'create-api-key'
    | 'revoke-api-key'
    | 'resume-subscriber'
    | 'return-override'
    | 'return-reject'
    | 'return-manual-refund'
    | 'return-refund-retry'
    | 'return-void-receipt';
  /** What was acted on, e.g. `dead-letter:<id>`. */
  target: string;
  reason?: string | undefined;
  beforeHash?: string | undefined;
  afterHash?: string | undefined;
  details?: Record<string, unknown> | undefined;
}

/** SHA-256 of a value's JSON, to prove in the audit log what changed without storing it twice. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value) ?? 'null').digest('hex');
}

/** Appends to the audit log. */
export async function recordAudit(db: SqlExecutor, entry: AuditEntry): Promise<void> {
  await db.query('insert into audit_log (actor, action, target, reason, before_hash, after_hash, details) values ($1, $2, $3, $4, $5, $6, $7)', [
    entry.actor,
    entry.action,
    entry.target,
    entry.reason ?? null,
    entry.beforeHash ?? null,
    entry.afterHash ?? null,
    entry.details === undefined ? null : JSON.stringify(entry.details),
  ]);
}

/** An audit log line as read back. */
export interface AuditRecord extends AuditEntry {
  id: number;
  at: string;
}

/** Audit lines about `target` (or all, newest first, at most `limit`). */
export async function readAudit(db: SqlExecutor, target: string | undefined, limit = 100): Promise<AuditRecord[]> {
  const { rows } = await db.query<{ id: number; at: Date; actor: string; action: AuditEntry['action']; target: string; reason: string | null; before_hash: string | null; after_hash: string | null; details: Record<string, unknown> | null }>(
    `select * from audit_log ${target === undefined ? '' : 'where target = $2'} order by id desc limit $1`,
    target === undefined ? [limit] : [limit, target],
  );
  return rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    target: row.target,
    reason: row.reason ?? undefined,
    beforeHash: row.before_hash ?? undefined,
    afterHash: row.after_hash ?? undefined,
    details: row.details ?? undefined,
  }));
}
