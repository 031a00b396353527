import type { OrderV1 } from '../generated/schema-types.ts';
import type { SqlExecutor } from '../store/store.ts';
import { normalizeEmail, normalizePhone } from './identities.ts';
import { addMoney, type Money } from './money.ts';
import { HANDED_OVER, shippedUnits, withHandover } from './delivered-units.ts';

/** Fulfillment progress of one order line, as the customer context shows it. */
export type LineStatus = 'pending' | 'routed' | 'picking' | 'shipped' | 'ready-for-pickup' | 'picked-up' | 'cancelled' | 'returned';

/** Order status (order v1's enum). */
export type OrderStatus = OrderV1['status'];

/** One order line with where and how far it is fulfilled. */
export interface CustomerOrderLine {
  lineId: string;
  sku: string;
  title: string;
  quantity: number;
  unitPrice: Money;
  category?: string | undefined;
  finalSale?: boolean | undefined;
  locationId?: string | undefined;
  status: LineStatus;
  trackingUrl?: string | undefined;
  carrier?: string | undefined;
  shippedAt?: string | undefined;
  /** Units returned and refunded so far. */
  returnedQuantity?: number | undefined;
  /** Units shipped, per shipment id (a shipment reported again counts once). */
  shipments?: Readonly<Record<string, number>> | undefined;
  /** Units handed over at a store, per fulfillment id. */
  pickups?: Readonly<Record<string, number>> | undefined;
}

/** An order as the customer context and the return policy see it. */
export interface CustomerOrder {
  orderId: string;
  customerId?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  channel: string;
  placedAt: string;
  status: OrderStatus;
  currency: string;
  total: Money;
  refunded?: Money | undefined;
  payment?: OrderV1['payment'] | undefined;
  /** CloudEvents source of the order.created event (`/connectors/<connector>/<instance>` from a connector). */
  source: string;
  /** Country of the shipping address. */
  country?: string | undefined;
  lines: CustomerOrderLine[];
  /** When each line last changed (see {@link LineClock}); kept with the view, not shown in the context. */
  lineClock?: Readonly<Record<string, LineClock>> | undefined;
}

/**
 * When a line last changed, as event times in epoch milliseconds: `at` of the update that set its
 * status, `back` of the newest rejection that sent it back to routing.
 */
export interface LineClock {
  at: number;
  back?: number | undefined;
}

/** How an update moves lines: `force` lets them move back (a rejection); `at` is its event's time. */
export interface LineUpdateOptions {
  force?: boolean | undefined;
  /** Event time in epoch milliseconds; without it the lines' clocks are neither read nor moved. */
  at?: number | undefined;
}

/** A change to one line. */
export interface LineUpdate {
  lineId: string;
  status: LineStatus;
  locationId?: string | undefined;
  trackingUrl?: string | undefined;
  carrier?: string | undefined;
  shippedAt?: string | undefined;
  /** The shipment (for `shipped`) or fulfillment (for `picked-up`) the units belong to. */
  handoverId?: string | undefined;
  /** Units of the line the shipment or pickup holds; without it, every unit. */
  units?: number | undefined;
}

/**
 * How far along a status is. Updates only move a line forward, so a late or repeated event never
 * takes it back; shipped and ready-for-pickup are alternative paths at the same rank.
 */
const RANK: Record<LineStatus, number> = { pending: 0, routed: 1, picking: 2, shipped: 3, 'ready-for-pickup': 3, 'picked-up': 4, returned: 5, cancelled: 6 };

interface ViewRow extends Record<string, unknown> {
  order_id: string;
  customer_id: string | null;
  email: string | null;
  phone: string | null;
  channel: string;
  placed_at: Date;
  status: OrderStatus;
  currency: string;
  total: Money;
  refunded: Money | null;
  payment: OrderV1['payment'] | null;
  source: string;
  country: string | null;
  lines: CustomerOrderLine[];
  line_clock: Record<string, LineClock>;
}

const COLUMNS = 'order_id, customer_id, email, phone, channel, placed_at, status, currency, total, refunded, payment, source, country, lines, line_clock';

function toView(row: ViewRow): CustomerOrder {
  return {
    orderId: row.order_id,
    ...(row.customer_id === null ? {} : { customerId: row.customer_id }),
    ...(row.email === null ? {} : { email: row.email }),
    ...(row.phone === null ? {} : { phone: row.phone }),
    channel: row.channel,
    placedAt: row.placed_at.toISOString(),
    status: row.status,
    currency: row.currency,
    total: row.total,
    ...(row.refunded === null ? {} : { refunded: row.refunded }),
    ...(row.payment === null ? {} : { payment: row.payment }),
    source: row.source,
    ...(row.country === null ? {} : { country: row.country }),
    lines: row.lines,
    ...(Object.keys(row.line_clock).length === 0 ? {} : { lineClock: row.line_clock }),
  };
}

/**
 * Records a new order (order.created). A repeated event changes nothing. The customer is the
 * order's customerId, else whoever holds its email or phone; guest orders stay unlinked until a
 * profile with their email or phone arrives (see {@link adoptOrders}). Takes the order's lock
 * (held until the transaction ends), in the same round trip as the insert.
 */
export async function recordCustomerOrder(tx: SqlExecutor, order: OrderV1, source: string): Promise<CustomerOrder> {
  const [view] = await recordCustomerOrders(tx, [{ order, source }]);
  if (view === undefined) throw new Error(`order ${order.id} vanished while it was recorded`);
  return view;
}

/** An order to record, with the source of its order.created event. */
export interface OrderArrival {
  order: OrderV1;
  source: string;
}

/**
 * {@link recordCustomerOrder} for several orders: the guests' customers found in one statement,
 * every order locked and inserted in another (locks taken in order id order). Returns each order's
 * view in the given order; an order given twice, or known before, keeps its first record.
 */
export async function recordCustomerOrders(tx: SqlExecutor, arrivals: readonly OrderArrival[]): Promise<CustomerOrder[]> {
  return (await recordOrderArrivals(tx, arrivals)).views;
}

/** What {@link recordOrderArrivals} did. */
export interface RecordedOrders {
  /** Each arrival's view, in the given order. */
  views: CustomerOrder[];
  /**
   * The views of the orders this call inserted, by order id: their rows are the transaction's own
   * (locked until it ends), so these stay current until the transaction itself changes them.
   */
  inserted: ReadonlyMap<string, CustomerOrder>;
}

/** {@link recordCustomerOrders}, telling the orders it inserted from those known before. */
export async function recordOrderArrivals(tx: SqlExecutor, arrivals: readonly OrderArrival[]): Promise<RecordedOrders> {
  if (arrivals.length === 0) return { views: [], inserted: new Map() };
  const contacts = arrivals.map(({ order }) => ({
    email: order.customer?.email === undefined ? undefined : normalizeEmail(order.customer.email),
    phone: order.customer?.phone === undefined ? undefined : normalizePhone(order.customer.phone),
  }));
  const known = await customersByContact(
    tx,
    contacts.filter((_, index) => arrivals[index]?.order.customer?.customerId === undefined),
  );
  const rows = arrivals.map(({ order, source }, index) => {
    const { email, phone } = contacts[index] ?? {};
    const customerId = order.customer?.customerId ?? (email === undefined ? undefined : known.get(`email:${email}`)) ?? (phone === undefined ? undefined : known.get(`phone:${phone}`));
    const lines: CustomerOrderLine[] = order.lines.map((line) => ({
      lineId: line.lineId,
      sku: line.sku,
      title: line.title,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      ...(line.category === undefined ? {} : { category: line.category }),
      ...(line.finalSale === undefined ? {} : { finalSale: line.finalSale }),
      status: order.status === 'cancelled' ? 'cancelled' : 'pending',
    }));
    return {
      n: index,
      order_id: order.id,
      customer_id: customerId ?? null,
      email: email ?? null,
      phone: phone ?? null,
      channel: order.channel,
      placed_at: order.placedAt,
      status: order.status,
      currency: order.currency,
      total: order.totals.grandTotal,
      payment: order.payment ?? null,
      source,
      country: order.shippingAddress?.country ?? null,
      lines,
    };
  });
  // New orders come back from the insert; repeated ones are read as they stand.
  const { rows: inserted } = await tx.query<ViewRow>(
    `insert into customer_order_view (order_id, customer_id, email, phone, channel, placed_at, status, currency, total, payment, source, country, lines)
     select x.order_id, x.customer_id, x.email, x.phone, x.channel, x.placed_at, x.status, x.currency, x.total, x.payment, x.source, x.country, x.lines
     from (select distinct on (r.order_id) r.* from json_to_recordset($1::json) as r(order_id text, customer_id text, email text, phone text, channel text,
             placed_at timestamptz, status text, currency text, total jsonb, payment jsonb, source text, country text, lines jsonb, n int)
           order by r.order_id, r.n) as x
     cross join lateral (select ${orderLockSql('x.order_id')}) as locked
     order by x.order_id
     on conflict (order_id) do nothing
     returning ${COLUMNS}`,
    [JSON.stringify(rows)],
  );
  const fresh = new Map(inserted.map((row) => [row.order_id, toView(row)]));
  const views = new Map(fresh);
  const repeated = [...new Set(arrivals.map(({ order }) => order.id).filter((id) => !views.has(id)))];
  if (repeated.length > 0) {
    const { rows: stored } = await tx.query<ViewRow>(`select ${COLUMNS} from customer_order_view where order_id = any($1::text[])`, [repeated]);
    for (const row of stored) views.set(row.order_id, toView(row));
  }
  return {
    views: arrivals.map(({ order }) => {
      const view = views.get(order.id);
      if (view === undefined) throw new Error(`order ${order.id} vanished while it was recorded`);
      return view;
    }),
    inserted: fresh,
  };
}

/** The customers holding the given emails and phones, keyed `email:<value>` and `phone:<value>`. */
async function customersByContact(tx: SqlExecutor, contacts: readonly { email?: string | undefined; phone?: string | undefined }[]): Promise<Map<string, string>> {
  const emails = [...new Set(contacts.flatMap(({ email }) => (email === undefined ? [] : [email])))];
  const phones = [...new Set(contacts.flatMap(({ phone }) => (phone === undefined ? [] : [phone])))];
  if (emails.length === 0 && phones.length === 0) return new Map();
  const { rows } = await tx.query<{ kind: string; value: string; customer_id: string }>(
    `select kind, value, customer_id from customer_identities
     where (kind = 'email' and value = any($1::text[])) or (kind = 'phone' and value = any($2::text[]))`,
    [emails, phones],
  );
  return new Map(rows.map((row) => [`${row.kind}:${row.value}`, row.customer_id]));
}

/**
 * SQL for the transaction-scoped lock on one order's customer view, `param` being its order id:
 * recording an order and parking an update for it take turns under it (see `lockOrder`). A hash
 * collision between two orders only makes one wait for the other.
 */
export function orderLockSql(param: string): string {
  return `pg_advisory_xact_lock(hashtext('omnihub.customer-order.' || ${param}))`;
}

/** One order, or undefined when the hub has not seen it. */
export async function getCustomerOrder(db: SqlExecutor, orderId: string, forUpdate = false): Promise<CustomerOrder | undefined> {
  const { rows } = await db.query<ViewRow>(`select ${COLUMNS} from customer_order_view where order_id = $1${forUpdate ? ' for update' : ''}`, [orderId]);
  const row = rows[0];
  return row === undefined ? undefined : toView(row);
}

/** The newest orders of a customer. */
export async function ordersOfCustomer(db: SqlExecutor, customerId: string, limit: number): Promise<CustomerOrder[]> {
  const { rows } = await db.query<ViewRow>(`select ${COLUMNS} from customer_order_view where customer_id = $1 order by placed_at desc, order_id limit $2`, [customerId, limit]);
  return rows.map(toView);
}

/** What a lifetime value and an order count are computed from. */
export interface OrderTotals {
  count: number;
  orders: { status: OrderStatus; total: Money; refunded: Money | null; placedAt: string }[];
}

async function totalsWhere(db: SqlExecutor, where: string, value: string): Promise<OrderTotals> {
  const { rows } = await db.query<{ status: OrderStatus; total: Money; refunded: Money | null; placed_at: Date }>(
    `select status, total, refunded, placed_at from customer_order_view where ${where} order by placed_at desc`,
    [value],
  );
  return { count: rows.length, orders: rows.map((row) => ({ status: row.status, total: row.total, refunded: row.refunded, placedAt: row.placed_at.toISOString() })) };
}

/** Every order of a customer (totals, lifetime value). */
export function orderTotalsOfCustomer(db: SqlExecutor, customerId: string): Promise<OrderTotals> {
  return totalsWhere(db, 'customer_id = $1', customerId);
}

/** A phone number (E.164) or an email address, normalized as the order view stores them. */
export interface ContactPoint {
  kind: 'phone' | 'email';
  value: string;
}

/** The column of a contact point in the order view and the interactions (never taken from input). */
export const contactColumn = (point: ContactPoint): 'phone' | 'email' => (point.kind === 'phone' ? 'phone' : 'email');

/** The customer named by the newest order placed with a phone or email, if any order names one. */
export async function customerOfContact(db: SqlExecutor, point: ContactPoint): Promise<string | undefined> {
  const { rows } = await db.query<{ customer_id: string }>(
    `select customer_id from customer_order_view where ${contactColumn(point)} = $1 and customer_id is not null order by placed_at desc limit 1`,
    [point.value],
  );
  return rows[0]?.customer_id;
}

/** The newest guest orders (naming no customer) placed with a phone or email. */
export async function guestOrdersOf(db: SqlExecutor, point: ContactPoint, limit: number): Promise<CustomerOrder[]> {
  const { rows } = await db.query<ViewRow>(
    `select ${COLUMNS} from customer_order_view where ${contactColumn(point)} = $1 and customer_id is null order by placed_at desc, order_id limit $2`,
    [point.value, limit],
  );
  return rows.map(toView);
}

/** Every guest order placed with a phone or email (totals, lifetime value). */
export function guestOrderTotalsOf(db: SqlExecutor, point: ContactPoint): Promise<OrderTotals> {
  return totalsWhere(db, `${contactColumn(point)} = $1 and customer_id is null`, point.value);
}

/** The order status the lines add up to, starting from the status the order was created with. */
export function derivedStatus(created: OrderStatus, lines: readonly CustomerOrderLine[]): OrderStatus {
  const live = lines.filter((line) => line.status !== 'cancelled');
  if (live.length === 0) return 'cancelled';
  const done = live.filter((line) => HANDED_OVER.includes(line.status));
  if (done.length === live.length) return created === 'closed' ? 'closed' : 'fulfilled';
  if (done.length > 0 || live.some((line) => line.status === 'ready-for-pickup' || shippedUnits(line) > 0)) return 'partially-fulfilled';
  if (live.some((line) => line.status !== 'pending')) return 'processing';
  return created;
}

/**
 * Whether an update's event is too old for the line: an update from before the line's last
 * rejection would undo it, and a rejection from before the event that set the line's status would
 * take the line back past something newer.
 */
function outdated(clock: LineClock | undefined, options: LineUpdateOptions): boolean {
  if (clock === undefined || options.at === undefined) return false;
  if (options.force === true) return options.at < clock.at;
  return clock.back !== undefined && options.at < clock.back;
}

function applyUpdate(line: CustomerOrderLine, update: LineUpdate, force: boolean): CustomerOrderLine | undefined {
  if (!force && RANK[update.status] < RANK[line.status]) return undefined;
  if (line.status === 'cancelled' && update.status !== 'cancelled') return undefined;
  return {
    ...withHandover(line, update),
    ...(update.locationId === undefined ? {} : { locationId: update.locationId }),
    ...(update.trackingUrl === undefined ? {} : { trackingUrl: update.trackingUrl }),
    ...(update.carrier === undefined ? {} : { carrier: update.carrier }),
    ...(update.shippedAt === undefined ? {} : { shippedAt: update.shippedAt }),
  };
}

/**
 * Moves lines forward (never back, unless `force`, which a rejection uses to send lines back to
 * routing). Returns the order after the change, or undefined when the order is unknown.
 */
export async function updateLines(tx: SqlExecutor, orderId: string, updates: readonly LineUpdate[], options: LineUpdateOptions = {}): Promise<CustomerOrder | undefined> {
  const view = await getCustomerOrder(tx, orderId, true);
  if (view === undefined) return undefined;
  return saveView(tx, withLineUpdates(view, updates, options));
}

/**
 * The order after moving its lines as {@link updateLines} does, with its derived status; nothing
 * is written. Lines no update names are left as they are.
 */
export function withLineUpdates(view: CustomerOrder, updates: readonly LineUpdate[], options: LineUpdateOptions = {}): CustomerOrder {
  const byLine = new Map(updates.map((update) => [update.lineId, update]));
  const clocks: Record<string, LineClock> = { ...view.lineClock };
  const lines = view.lines.map((line) => {
    const update = byLine.get(line.lineId);
    const clock = clocks[line.lineId];
    if (update === undefined || outdated(clock, options)) return line;
    const moved = applyUpdate(line, update, options.force === true);
    if (moved === undefined) return line;
    const { at } = options;
    if (at !== undefined) {
      const back = options.force === true ? Math.max(at, clock?.back ?? at) : clock?.back;
      clocks[line.lineId] = { at: Math.max(at, clock?.at ?? at), ...(back === undefined ? {} : { back }) };
    }
    return moved;
  });
  const next = withLines(view, lines);
  return Object.keys(clocks).length === 0 ? next : { ...next, lineClock: clocks };
}

function withLines(view: CustomerOrder, lines: CustomerOrderLine[]): CustomerOrder {
  return { ...view, lines, status: derivedStatus(view.status === 'cancelled' ? 'confirmed' : view.status, lines) };
}

async function saveView(tx: SqlExecutor, view: CustomerOrder): Promise<CustomerOrder> {
  await saveCustomerOrderLines(tx, [view]);
  return view;
}

/**
 * Locks the views of several orders (in order id order) and reads them; orders the hub has not
 * seen are missing from the map.
 */
export async function lockCustomerOrders(tx: SqlExecutor, orderIds: readonly string[]): Promise<Map<string, CustomerOrder>> {
  const ids = [...new Set(orderIds)];
  const { rows } = await tx.query<ViewRow>(`select ${COLUMNS} from customer_order_view where order_id = any($1::text[]) order by order_id for update`, [ids]);
  return new Map(rows.map((row) => [row.order_id, toView(row)]));
}

/** Writes the lines and status of several orders' views in one statement. */
export async function saveCustomerOrderLines(tx: SqlExecutor, views: readonly CustomerOrder[]): Promise<void> {
  if (views.length === 0) return;
  await tx.query(
    `update customer_order_view v set lines = x.lines, status = x.status, line_clock = coalesce(x.line_clock, v.line_clock), updated_at = now()
     from json_to_recordset($1::json) as x(order_id text, lines jsonb, status text, line_clock jsonb) where v.order_id = x.order_id`,
    [JSON.stringify(views.map((view) => ({ order_id: view.orderId, lines: view.lines, status: view.status, line_clock: view.lineClock ?? null })))],
  );
}

/** Adds returned units to lines; a line whose every unit came back reads `returned`. */
export async function addReturnedUnits(tx: SqlExecutor, orderId: string, units: ReadonlyMap<string, number>): Promise<CustomerOrder | undefined> {
  const view = await getCustomerOrder(tx, orderId, true);
  if (view === undefined) return undefined;
  const lines = view.lines.map((line) => {
    const added = units.get(line.lineId) ?? 0;
    if (added === 0) return line;
    const returnedQuantity = (line.returnedQuantity ?? 0) + added;
    return { ...line, returnedQuantity, ...(returnedQuantity >= line.quantity && line.status !== 'cancelled' ? { status: 'returned' as const } : {}) };
  });
  return saveView(tx, withLines(view, lines));
}

/** A succeeded refund, counted against its order once. */
export interface CountedRefund {
  /** The id it is counted under: `return:<id>` for a return's refund, whichever event reports it. */
  refundId: string;
  amount: Money;
  /**
   * Ids the same refund was counted under before a return's refunds were counted by return: its
   * id at the payment system, from the event, and the refund request recorded with `returnId`.
   */
  formerIds?: readonly string[] | undefined;
  returnId?: string | undefined;
}

/**
 * Adds a succeeded refund to the order's refunded total (lifetime value is net of it). A refund
 * reported again (same refund id or one of its former ids, another event) is counted once.
 */
export async function addRefund(tx: SqlExecutor, orderId: string, refund: CountedRefund): Promise<CustomerOrder | undefined> {
  const view = await getCustomerOrder(tx, orderId, true);
  return view === undefined ? undefined : addRefundTo(tx, view, refund);
}

/** {@link addRefund} for an order view already read and locked in `tx`. */
export async function addRefundTo(tx: SqlExecutor, view: CustomerOrder, refund: CountedRefund): Promise<CustomerOrder> {
  const { orderId } = view;
  const { amount } = refund;
  if (amount.currency !== view.currency) return view;
  const { rowCount } = await tx.query(
    `update customer_order_view set refund_ids = refund_ids || to_jsonb($2::text)
     where order_id = $1 and not (refund_ids ?| ($3::text[] || array(select r.refund->>'requestId' from returns r where r.return_id = $4 and r.refund->>'requestId' is not null)))`,
    [orderId, refund.refundId, [refund.refundId, ...(refund.formerIds ?? [])], refund.returnId ?? null],
  );
  if (rowCount === 0) return view;
  const refunded = view.refunded === undefined ? amount : addMoney(view.refunded, amount);
  await tx.query('update customer_order_view set refunded = $2, updated_at = now() where order_id = $1', [orderId, refunded]);
  return { ...view, refunded };
}

/** Links a customer's guest orders (no customer yet, same email or phone) to them; returns how many. */
export async function adoptOrders(tx: SqlExecutor, customerId: string, email: string | undefined, phone: string | undefined): Promise<number> {
  const normalizedEmail = email === undefined ? null : normalizeEmail(email);
  const normalizedPhone = phone === undefined ? null : (normalizePhone(phone) ?? null);
  if (normalizedEmail === null && normalizedPhone === null) return 0;
  const { rowCount } = await tx.query('update customer_order_view set customer_id = $1 where customer_id is null and (email = $2 or phone = $3)', [customerId, normalizedEmail, normalizedPhone]);
  return rowCount;
}
