import { createHash } from 'node:crypto';
import type { OrderV1 } from '../generated/schema-types.ts';
import { runTogether, type SqlStatement } from '../store/statements.ts';
import type { SqlExecutor } from '../store/store.ts';
import { customerStatusOf, type CustomerStatus, type InternalStatus } from './order-status.ts';

/** A canonical order (v1, the version `order.created` carries). */
export type Order = OrderV1;

/** An order as the hub keeps it. */
export interface OrderRecord {
  order: Order;
  status: InternalStatus;
  customerStatus: CustomerStatus;
  /** Routing decisions made so far (0 before the first). */
  routingAttempt: number;
  /** Locations ruled out for this order, with the reason (rejections). */
  excludedLocations: Record<string, string>;
  cancelledLineIds: string[];
  /** Where the order came from: the API or an event source. */
  source: string;
  correlationId?: string | undefined;
  createdAt: string;
  updatedAt: string;
}

/** One change of an order's status. */
export interface StatusChange {
  at: string;
  status: InternalStatus;
  customerStatus: CustomerStatus;
  /** What happened, e.g. received, routed, fulfillment-accepted, cancelled. */
  event: string;
  detail?: string | undefined;
}

interface OrderRow extends Record<string, unknown> {
  document: Order;
  status: InternalStatus;
  customer_status: CustomerStatus;
  routing_attempt: number;
  excluded_locations: Record<string, string>;
  cancelled_line_ids: string[];
  source: string;
  correlation_id: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'document, status, customer_status, routing_attempt, excluded_locations, cancelled_line_ids, source, correlation_id, created_at, updated_at';

function toRecord(row: OrderRow): OrderRecord {
  return {
    order: row.document,
    status: row.status,
    customerStatus: row.customer_status,
    routingAttempt: row.routing_attempt,
    excludedLocations: row.excluded_locations,
    cancelledLineIds: row.cancelled_line_ids,
    source: row.source,
    ...(row.correlation_id === null ? {} : { correlationId: row.correlation_id }),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Stable JSON: object keys sorted, so equal orders hash equally whatever their key order. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 of an order's content, to tell a repeated order from a different one with the same id. */
export function orderHash(order: Order): string {
  return createHash('sha256').update(stable(order)).digest('hex');
}

/** The record of an order just stored at `at`. */
function receivedRecord(order: Order, origin: { source: string; correlationId?: string | undefined }, at: string): OrderRecord {
  return {
    order,
    status: 'received',
    customerStatus: customerStatusOf('received'),
    routingAttempt: 0,
    excludedLocations: {},
    cancelledLineIds: [],
    source: origin.source,
    ...(origin.correlationId === undefined ? {} : { correlationId: origin.correlationId }),
    createdAt: at,
    updatedAt: at,
  };
}

/** Outcome of {@link insertOrder}: a new order (with its record), the same order again, or another order under a known id. */
export type InsertOutcome = { kind: 'created'; record: OrderRecord } | { kind: 'same' } | { kind: 'different' };

/**
 * Stores a received order (status `received`, in its history too) unless its id is known. The new
 * row is the caller's until its transaction commits: no one else can lock it meanwhile. One order
 * of {@link insertOrders}.
 */
export async function insertOrder(tx: SqlExecutor, order: Order, origin: { source: string; correlationId?: string | undefined }): Promise<InsertOutcome> {
  const [outcome] = await insertOrders(tx, [{ order, origin }]);
  if (outcome === undefined) throw new Error(`order ${order.id} was not stored`);
  return outcome;
}

/** An order to store and where it came from (see {@link insertOrders}). */
export interface OrderArrival {
  order: Order;
  origin: { source: string; correlationId?: string | undefined };
}

/**
 * {@link insertOrder} for several orders in one statement (two when some ids were known), outcomes in
 * the same order. An id given twice is stored once: the later arrival is the same order again or
 * a different one.
 */
export async function insertOrders(tx: SqlExecutor, arrivals: readonly OrderArrival[]): Promise<InsertOutcome[]> {
  const hashes = arrivals.map(({ order }) => orderHash(order));
  const first = new Map<string, number>();
  arrivals.forEach(({ order }, index) => {
    if (!first.has(order.id)) first.set(order.id, index);
  });
  const candidates = [...first.values()].flatMap((index) => arrivals[index] ?? []);
  const customerStatus = customerStatusOf('received');
  // The history row of each new order is written by the same statement, from the insert's rows.
  const { rows: inserted } = await tx.query<{ id: string; created_at: Date }>(
    `with inserted as (
       insert into orders (id, channel, delivery_method, status, customer_status, document, content_hash, source, correlation_id)
       select id, channel, delivery_method, 'received', $1, document::jsonb, content_hash, source, correlation_id
       from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
         as o(id, channel, delivery_method, document, content_hash, source, correlation_id)
       on conflict (id) do nothing returning id, created_at),
     history as (
       insert into order_status_history (order_id, status, customer_status, event, detail)
       select i.id, 'received', $1, 'received', 'from ' || h.source
       from unnest($2::text[], $7::text[]) with ordinality as h(order_id, source, n) join inserted i on i.id = h.order_id
       order by h.n)
     select id, created_at from inserted`,
    [
      customerStatus,
      candidates.map(({ order }) => order.id),
      candidates.map(({ order }) => order.channel),
      candidates.map(({ order }) => order.deliveryMethod),
      candidates.map(({ order }) => JSON.stringify(order)),
      [...first.values()].map((index) => hashes[index]),
      candidates.map(({ origin }) => origin.source),
      candidates.map(({ origin }) => origin.correlationId ?? null),
    ],
  );
  const created = new Map(inserted.map((row) => [row.id, row.created_at.toISOString()]));
  const known = [...first.keys()].filter((id) => !created.has(id));
  const { rows: stored } = known.length === 0 ? { rows: [] } : await tx.query<{ id: string; content_hash: string }>('select id, content_hash from orders where id = any($1::text[])', [known]);
  const storedHash = new Map(stored.map((row) => [row.id, row.content_hash]));
  return arrivals.map(({ order, origin }, index): InsertOutcome => {
    const at = created.get(order.id);
    if (at !== undefined && first.get(order.id) === index) {
      return { kind: 'created', record: receivedRecord(order, origin, at) };
    }
    const hash = at === undefined ? storedHash.get(order.id) : hashes[first.get(order.id) ?? index];
    return hash === hashes[index] ? { kind: 'same' } : { kind: 'different' };
  });
}

/** A status change to record (see {@link statusStatements}). */
export interface StatusRecord {
  orderId: string;
  status: InternalStatus;
  event: string;
  detail?: string | undefined;
  routing?: RoutingState | undefined;
}

/**
 * The statements recording status changes of several orders as {@link recordStatus} does one (the
 * orders' statuses, their history), to run with others (see `runTogether`); each order appears at
 * most once.
 */
export function statusStatements(changes: readonly StatusRecord[]): SqlStatement[] {
  if (changes.length === 0) return [];
  const customer = changes.map((change) => customerStatusOf(change.status));
  const orders: SqlStatement = {
    text: `update orders o set status = c.status, customer_status = c.customer_status, updated_at = now(),
       routing_attempt = coalesce(c.attempt, o.routing_attempt), excluded_locations = coalesce(c.excluded::jsonb, o.excluded_locations)
     from unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[]) as c(id, status, customer_status, attempt, excluded)
     where o.id = c.id`,
    params: [
      changes.map((change) => change.orderId),
      changes.map((change) => change.status),
      customer,
      changes.map((change) => change.routing?.attempt ?? null),
      changes.map((change) => (change.routing === undefined ? null : JSON.stringify(change.routing.excluded))),
    ],
  };
  const history: SqlStatement = {
    text: `insert into order_status_history (order_id, status, customer_status, event, detail)
     select order_id, status, customer_status, event, detail from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
       with ordinality as h(order_id, status, customer_status, event, detail, n) order by n`,
    params: [
      changes.map((change) => change.orderId),
      changes.map((change) => change.status),
      customer,
      changes.map((change) => change.event),
      changes.map((change) => (change.detail === undefined ? null : change.detail.slice(0, 1000))),
    ],
  };
  return [orders, history];
}

/** An order, or undefined. */
export async function getOrder(db: SqlExecutor, id: string): Promise<OrderRecord | undefined> {
  const { rows } = await db.query<OrderRow>(`select ${COLUMNS} from orders where id = $1`, [id]);
  return rows[0] === undefined ? undefined : toRecord(rows[0]);
}

/** An order, locked until the transaction ends: every change to one order runs one at a time. */
export async function lockOrder(tx: SqlExecutor, id: string): Promise<OrderRecord | undefined> {
  const { rows } = await tx.query<OrderRow>(`select ${COLUMNS} from orders where id = $1 for update`, [id]);
  return rows[0] === undefined ? undefined : toRecord(rows[0]);
}

/** The routing counters {@link recordStatus} may set in the same write. */
export interface RoutingState {
  attempt: number;
  excluded: Record<string, string>;
}

/** Appends a status change to the order's history (and sets it on the order, with `routing` when given). */
export async function recordStatus(tx: SqlExecutor, orderId: string, status: InternalStatus, event: string, detail?: string, routing?: RoutingState): Promise<void> {
  await runTogether(tx, statusStatements([{ orderId, status, event, detail, routing }]));
}

/** Sets the number of routing decisions made and the locations ruled out. */
export async function updateRouting(tx: SqlExecutor, orderId: string, attempt: number, excluded: Record<string, string>): Promise<void> {
  await tx.query('update orders set routing_attempt = $2, excluded_locations = $3::jsonb, updated_at = now() where id = $1', [orderId, attempt, JSON.stringify(excluded)]);
}

/** Adds cancelled lines to the order. */
export async function addCancelledLines(tx: SqlExecutor, orderId: string, lineIds: readonly string[]): Promise<void> {
  await tx.query('update orders set cancelled_line_ids = array(select distinct unnest(cancelled_line_ids || $2::text[])), updated_at = now() where id = $1', [orderId, lineIds]);
}

/** The order's status history, oldest first. */
export async function statusHistory(db: SqlExecutor, orderId: string): Promise<StatusChange[]> {
  const { rows } = await db.query<{ at: Date; status: InternalStatus; customer_status: CustomerStatus; event: string; detail: string | null }>(
    'select at, status, customer_status, event, detail from order_status_history where order_id = $1 order by id',
    [orderId],
  );
  return rows.map((row) => ({ at: row.at.toISOString(), status: row.status, customerStatus: row.customer_status, event: row.event, ...(row.detail === null ? {} : { detail: row.detail }) }));
}
