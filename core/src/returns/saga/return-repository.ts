import type { SqlExecutor } from '../../store/store.ts';
import type { HistoryEntry, ReturnRecord, ReturnStatus } from '../return-types.ts';
import { receivedUnits } from '../return-types.ts';

interface ReturnRow extends Record<string, unknown> {
  return_id: string;
  order_id: string;
  customer_id: string | null;
  status: ReturnStatus;
  method: ReturnRecord['method'];
  origin: ReturnRecord['origin'];
  lines: ReturnRecord['lines'];
  decision: ReturnRecord['decision'] | null;
  override: ReturnRecord['override'] | null;
  label: ReturnRecord['label'] | null;
  refund: ReturnRecord['refund'] | null;
  eligible_until: Date | null;
  receive_by: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'return_id, order_id, customer_id, status, method, origin, lines, decision, override, label, refund, eligible_until, receive_by, version, created_at, updated_at';

function toRecord(row: ReturnRow): ReturnRecord {
  return {
    id: row.return_id,
    orderId: row.order_id,
    ...(row.customer_id === null ? {} : { customerId: row.customer_id }),
    status: row.status,
    method: row.method,
    origin: row.origin,
    lines: row.lines,
    ...(row.decision === null ? {} : { decision: row.decision }),
    ...(row.override === null ? {} : { override: row.override }),
    ...(row.label === null ? {} : { label: row.label }),
    ...(row.refund === null ? {} : { refund: row.refund }),
    ...(row.eligible_until === null ? {} : { eligibleUntil: row.eligible_until.toISOString() }),
    ...(row.receive_by === null ? {} : { receiveBy: row.receive_by.toISOString() }),
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function values(record: ReturnRecord): unknown[] {
  return [
    record.id,
    record.orderId,
    record.customerId ?? null,
    record.status,
    record.method,
    record.origin,
    JSON.stringify(record.lines),
    record.decision ?? null,
    record.override ?? null,
    record.label ?? null,
    record.refund ?? null,
    record.eligibleUntil ?? null,
    record.receiveBy ?? null,
    record.version,
    record.createdAt,
    record.updatedAt,
  ];
}

/** Inserts a new return; false when one with the same id exists already. */
export async function insertReturn(tx: SqlExecutor, record: ReturnRecord): Promise<boolean> {
  const { rowCount } = await tx.query(
    `insert into returns (${COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) on conflict (return_id) do nothing`,
    values(record),
  );
  return rowCount > 0;
}

/** Writes a changed return, bumping its version. */
export async function saveReturn(tx: SqlExecutor, record: ReturnRecord): Promise<ReturnRecord> {
  const next = { ...record, version: record.version + 1 };
  await tx.query(
    `update returns set order_id = $2, customer_id = $3, status = $4, method = $5, origin = $6, lines = $7, decision = $8, override = $9, label = $10, refund = $11,
       eligible_until = $12, receive_by = $13, version = $14, created_at = $15, updated_at = $16 where return_id = $1`,
    values(next),
  );
  return next;
}

/** One return (locked for the transaction with `forUpdate`), or undefined. */
export async function loadReturn(db: SqlExecutor, id: string, forUpdate = false): Promise<ReturnRecord | undefined> {
  const { rows } = await db.query<ReturnRow>(`select ${COLUMNS} from returns where return_id = $1${forUpdate ? ' for update' : ''}`, [id]);
  const row = rows[0];
  return row === undefined ? undefined : toRecord(row);
}

/** Appends to a return's history. */
export async function appendHistory(tx: SqlExecutor, returnId: string, entry: HistoryEntry): Promise<void> {
  await tx.query('insert into return_history (return_id, at, step, outcome, from_status, to_status, actor, detail) values ($1, $2, $3, $4, $5, $6, $7, $8)', [
    returnId,
    entry.at,
    entry.step,
    entry.outcome,
    entry.fromStatus ?? null,
    entry.toStatus ?? null,
    entry.actor ?? null,
    entry.detail ?? null,
  ]);
}

/** A return's history, oldest first. */
export async function readHistory(db: SqlExecutor, returnId: string): Promise<HistoryEntry[]> {
  const { rows } = await db.query<{ at: Date; step: string; outcome: HistoryEntry['outcome']; from_status: ReturnStatus | null; to_status: ReturnStatus | null; actor: string | null; detail: Record<string, unknown> | null }>(
    'select at, step, outcome, from_status, to_status, actor, detail from return_history where return_id = $1 order by id',
    [returnId],
  );
  return rows.map((row) => ({
    at: row.at.toISOString(),
    step: row.step,
    outcome: row.outcome,
    ...(row.from_status === null ? {} : { fromStatus: row.from_status }),
    ...(row.to_status === null ? {} : { toStatus: row.to_status }),
    ...(row.actor === null ? {} : { actor: row.actor }),
    ...(row.detail === null ? {} : { detail: row.detail }),
  }));
}

/** Filters of {@link listReturns}. */
export interface ReturnFilter {
  status?: ReturnStatus | undefined;
  orderId?: string | undefined;
  customerId?: string | undefined;
}

/** One page of returns, newest first, with the cursor of the next page. */
export async function listReturns(db: SqlExecutor, filter: ReturnFilter, page: { limit: number; cursor?: string | undefined }): Promise<{ items: ReturnRecord[]; nextCursor?: string }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown): void => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.status !== undefined) add('status = ?', filter.status);
  if (filter.orderId !== undefined) add('order_id = ?', filter.orderId);
  if (filter.customerId !== undefined) add('customer_id = ?', filter.customerId);
  if (page.cursor !== undefined) {
    const [at, id] = JSON.parse(Buffer.from(page.cursor, 'base64url').toString('utf8')) as [string, string];
    params.push(at, id);
    where.push(`(created_at, return_id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  params.push(page.limit + 1);
  const { rows } = await db.query<ReturnRow>(
    `select ${COLUMNS} from returns ${where.length === 0 ? '' : `where ${where.join(' and ')}`} order by created_at desc, return_id desc limit $${params.length}`,
    params,
  );
  const items = rows.slice(0, page.limit).map(toRecord);
  const last = items[items.length - 1];
  return rows.length > page.limit && last !== undefined ? { items, nextCursor: Buffer.from(JSON.stringify([last.createdAt, last.id])).toString('base64url') } : { items };
}

/**
 * Units of each order line already taken by other returns of the order: authorized units of
 * returns still running, units that came back with closed ones (units recorded MISSING never
 * arrived and were not refunded: they can be returned again). Rejected returns and returns that
 * lapsed without receiving anything take none.
 */
export async function unitsInOtherReturns(db: SqlExecutor, orderId: string, exceptReturnId: string): Promise<Map<string, number>> {
  const { rows } = await db.query<ReturnRow>(`select ${COLUMNS} from returns where order_id = $1 and return_id <> $2 and status <> 'rejected'`, [orderId, exceptReturnId]);
  const units = new Map<string, number>();
  for (const record of rows.map(toRecord)) {
    for (const line of record.lines) {
      if (!line.authorized) continue;
      const taken = record.status === 'closed' ? receivedUnits(line) : line.quantity;
      if (taken > 0) units.set(line.lineId, (units.get(line.lineId) ?? 0) + taken);
    }
  }
  return units;
}
