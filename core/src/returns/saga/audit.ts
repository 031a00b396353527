import { recordAudit } from '../../broker/audit-log.ts';
import type { SqlExecutor } from '../../store/store.ts';

/** Agent and ops actions on returns that the audit log records. */
export type ReturnAuditAction = 'return-override' | 'return-reject' | 'return-manual-refund' | 'return-refund-retry' | 'return-void-receipt';

/**
 * Writes an agent's or operator's action on a return to the shared audit log (target
 * `return:<id>`).
 */
export async function recordReturnAudit(
  tx: SqlExecutor,
  entry: { actor: string; action: ReturnAuditAction; returnId: string; reason?: string | undefined; details?: Record<string, unknown> | undefined },
): Promise<void> {
  await recordAudit(tx, {
    actor: entry.actor,
    action: entry.action,
    target: `return:${entry.returnId}`,
    reason: entry.reason,
    details: entry.details,
  });
}
