import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { SqlExecutor } from '../../store/store.ts';

/** Something a person must look at, raised by a flow. */
export interface FlowAlert {
  flow: string;
  /** Stable kind, e.g. refund-failed, refund-timeout, no-refund-instance. */
  kind: string;
  /** What it is about, e.g. `return:RMA-1`. */
  subject: string;
  message: string;
  details?: Record<string, unknown> | undefined;
}

/** An alert as stored. */
export interface StoredAlert extends FlowAlert {
  id: number;
  createdAt: string;
  resolvedAt?: string | undefined;
  resolvedBy?: string | undefined;
}

const METRIC = 'omnihub_flow_alerts_total';

/**
 * Raises ops alerts three ways at once: a row in `flow_alerts` (in the caller's transaction, so it
 * exists exactly when the state it explains does), an error log line, and the Prometheus counter
 * `omnihub_flow_alerts_total{flow,kind}` to alert on.
 */
export class FlowAlerts {
  readonly #logger: Logger;
  readonly #counter: Counter<'flow' | 'kind'> | undefined;

  constructor(logger: Logger, metrics?: Registry) {
    this.#logger = logger;
    if (metrics !== undefined) {
      const existing = metrics.getSingleMetric(METRIC) as Counter<'flow' | 'kind'> | undefined;
      this.#counter = existing ?? new Counter({ name: METRIC, help: 'Alerts raised by flows for people to act on (e.g. returns parked for manual refund).', labelNames: ['flow', 'kind'], registers: [metrics] });
    }
  }

  /** Records, logs and counts an alert. */
  async raise(tx: SqlExecutor, alert: FlowAlert): Promise<void> {
    await tx.query('insert into flow_alerts (flow, kind, subject, message, details) values ($1, $2, $3, $4, $5)', [alert.flow, alert.kind, alert.subject, alert.message, alert.details ?? null]);
    this.#logger.error({ flow: alert.flow, alertKind: alert.kind, subject: alert.subject, details: alert.details }, alert.message);
    this.#counter?.inc({ flow: alert.flow, kind: alert.kind });
  }
}

/** Marks the open alerts about `subject` resolved. */
export async function resolveAlerts(tx: SqlExecutor, subject: string, by: string, at: string): Promise<number> {
  const { rowCount } = await tx.query('update flow_alerts set resolved_at = $3, resolved_by = $2 where subject = $1 and resolved_at is null', [subject, by, at]);
  return rowCount;
}

/** Alerts about `subject`, oldest first. */
export async function alertsAbout(db: SqlExecutor, subject: string): Promise<StoredAlert[]> {
  const { rows } = await db.query<{ id: number | string; flow: string; kind: string; subject: string; message: string; details: Record<string, unknown> | null; created_at: Date; resolved_at: Date | null; resolved_by: string | null }>(
    'select id, flow, kind, subject, message, details, created_at, resolved_at, resolved_by from flow_alerts where subject = $1 order by id',
    [subject],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    flow: row.flow,
    kind: row.kind,
    subject: row.subject,
    message: row.message,
    ...(row.details === null ? {} : { details: row.details }),
    createdAt: row.created_at.toISOString(),
    ...(row.resolved_at === null ? {} : { resolvedAt: row.resolved_at.toISOString() }),
    ...(row.resolved_by === null ? {} : { resolvedBy: row.resolved_by }),
  }));
}
