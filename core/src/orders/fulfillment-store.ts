import type { FulfillmentV1, ShipmentV1 } from '../generated/schema-types.ts';
import type { SqlStatement } from '../store/statements.ts';
import type { SqlExecutor } from '../store/store.ts';

/** A canonical fulfillment: one location's share of an order. */
export type Fulfillment = FulfillmentV1;

/** A fulfillment line: units of one order line. */
export type FulfillmentLine = FulfillmentV1['lines'][number];

/** A fulfillment with the deadline for the location to accept it. */
export interface FulfillmentRecord extends Fulfillment {
  acceptBy?: string | undefined;
}

interface FulfillmentRow extends Record<string, unknown> {
  id: string;
  order_id: string;
  location_id: string;
  decision_id: string;
  status: Fulfillment['status'];
  delivery_method: Fulfillment['deliveryMethod'];
  lines: FulfillmentLine[];
  shipments: ShipmentV1[];
  rejection_reason: NonNullable<Fulfillment['rejectionReason']> | null;
  rejection_detail: string | null;
  requested_at: Date;
  accept_by: Date | null;
  updated_at: Date;
}

const COLUMNS = 'id, order_id, location_id, decision_id, status, delivery_method, lines, shipments, rejection_reason, rejection_detail, requested_at, accept_by, updated_at';

function toRecord(row: FulfillmentRow): FulfillmentRecord {
  return {
    id: row.id,
    orderId: row.order_id,
    locationId: row.location_id,
    routingDecisionId: row.decision_id,
    status: row.status,
    lines: row.lines,
    deliveryMethod: row.delivery_method,
    ...(row.shipments.length === 0 ? {} : { shipments: row.shipments }),
    ...(row.rejection_reason === null ? {} : { rejectionReason: row.rejection_reason }),
    ...(row.rejection_detail === null ? {} : { rejectionDetail: row.rejection_detail }),
    requestedAt: row.requested_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    ...(row.accept_by === null ? {} : { acceptBy: row.accept_by.toISOString() }),
  };
}

/** The canonical fulfillment of a record (without the hub's acceptance deadline). */
export function canonicalFulfillment(record: FulfillmentRecord): Fulfillment {
  const { acceptBy: _acceptBy, ...fulfillment } = record;
  return fulfillment;
}

/** The statement storing new fulfillment requests, to run with others (see `runTogether`); undefined when there are none. */
export function fulfillmentsInsert(records: readonly FulfillmentRecord[]): SqlStatement | undefined {
  if (records.length === 0) return undefined;
  return {
    text: `insert into fulfillments (id, order_id, location_id, decision_id, status, delivery_method, lines, requested_at, accept_by, updated_at)
     select id, order_id, location_id, decision_id, status, delivery_method, lines::jsonb, requested_at, accept_by, requested_at
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[])
       as f(id, order_id, location_id, decision_id, status, delivery_method, lines, requested_at, accept_by)`,
    params: [
      records.map((r) => r.id),
      records.map((r) => r.orderId),
      records.map((r) => r.locationId),
      records.map((r) => r.routingDecisionId ?? ''),
      records.map((r) => r.status),
      records.map((r) => r.deliveryMethod),
      records.map((r) => JSON.stringify(r.lines)),
      records.map((r) => r.requestedAt),
      records.map((r) => r.acceptBy ?? null),
    ],
  };
}

/** The order's fulfillments, oldest first. */
export async function orderFulfillments(db: SqlExecutor, orderId: string): Promise<FulfillmentRecord[]> {
  const { rows } = await db.query<FulfillmentRow>(`select ${COLUMNS} from fulfillments where order_id = $1 order by requested_at, id`, [orderId]);
  return rows.map(toRecord);
}

/** A fulfillment, locked until the transaction ends, or undefined. */
export async function lockFulfillment(tx: SqlExecutor, id: string): Promise<FulfillmentRecord | undefined> {
  const { rows } = await tx.query<FulfillmentRow>(`select ${COLUMNS} from fulfillments where id = $1 for update`, [id]);
  return rows[0] === undefined ? undefined : toRecord(rows[0]);
}

/** A fulfillment, or undefined. */
export async function getFulfillment(db: SqlExecutor, id: string): Promise<FulfillmentRecord | undefined> {
  const { rows } = await db.query<FulfillmentRow>(`select ${COLUMNS} from fulfillments where id = $1`, [id]);
  return rows[0] === undefined ? undefined : toRecord(rows[0]);
}

/** Fields {@link updateFulfillment} may change. */
export interface FulfillmentUpdate {
  status?: Fulfillment['status'] | undefined;
  lines?: FulfillmentLine[] | undefined;
  shipments?: ShipmentV1[] | undefined;
  rejectionReason?: Fulfillment['rejectionReason'] | undefined;
  rejectionDetail?: string | undefined;
}

/** Changes a fulfillment and returns it as it is now. */
export async function updateFulfillment(tx: SqlExecutor, id: string, update: FulfillmentUpdate): Promise<FulfillmentRecord> {
  const { rows } = await tx.query<FulfillmentRow>(
    `update fulfillments set status = coalesce($2, status), lines = coalesce($3::jsonb, lines), shipments = coalesce($4::jsonb, shipments),
       rejection_reason = coalesce($5, rejection_reason), rejection_detail = coalesce($6, rejection_detail), updated_at = now()
     where id = $1 returning ${COLUMNS}`,
    [
      id,
      update.status ?? null,
      update.lines === undefined ? null : JSON.stringify(update.lines),
      update.shipments === undefined ? null : JSON.stringify(update.shipments),
      update.rejectionReason ?? null,
      update.rejectionDetail?.slice(0, 1000) ?? null,
    ],
  );
  const row = rows[0];
  if (row === undefined) throw new Error(`fulfillment ${id} vanished`);
  return toRecord(row);
}

/** Ids of requested fulfillments whose acceptance deadline passed, oldest deadline first. */
export async function overdueFulfillmentIds(db: SqlExecutor, now: Date, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    "select id from fulfillments where status = 'requested' and accept_by < $1 order by accept_by, id limit $2",
    [now.toISOString(), limit],
  );
  return rows.map((row) => row.id);
}
