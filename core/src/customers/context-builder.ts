import type { CustomerContextV1 } from '../generated/schema-types.ts';
import type { SqlExecutor } from '../store/store.ts';
import { guestInteractionsOf, interactionsOfCustomer, type Interaction } from './interactions.ts';
import { addMoney, subtractMoney, zeroMoney, type Money } from './money.ts';
import { contactColumn, guestOrderTotalsOf, guestOrdersOf, orderTotalsOfCustomer, ordersOfCustomer, type ContactPoint, type CustomerOrder, type CustomerOrderLine, type OrderTotals } from './order-view.ts';
import { shippedUnits } from './delivered-units.ts';
import { getCustomerProfile } from './profiles.ts';

/** The customer context served to agents (customer-context v1). */
export type CustomerContext = CustomerContextV1;

/** Orders and interactions the context keeps (the schema allows 50; an agent reads a handful). */
export const CONTEXT_LIMITS = { orders: 10, interactions: 10, returns: 50 } as const;

type OrderSummary = CustomerContext['recentOrders'][number];
type OpenReturn = CustomerContext['openReturns'][number];
type LineSummary = OrderSummary['lines'][number];

function orderSummary(order: CustomerOrder): OrderSummary {
  return {
    orderId: order.orderId,
    placedAt: order.placedAt,
    channel: order.channel,
    status: order.status,
    total: order.total,
    lines: order.lines.flatMap(lineSummaries),
  };
}

/**
 * The context's entries for one line. A line partly shipped is shown as two entries with the
 * line's id: the units shipped (status shipped, with tracking) and the units still to ship (the
 * line's own status), so an agent sees e.g. 2 of 3 units shipped.
 */
function lineSummaries(line: CustomerOrderLine): LineSummary[] {
  const base = { lineId: line.lineId, sku: line.sku, title: line.title, ...(line.locationId === undefined ? {} : { locationId: line.locationId }) };
  const tracking = line.trackingUrl === undefined ? {} : { trackingUrl: line.trackingUrl };
  const shipped = shippedUnits(line);
  if (shipped > 0 && shipped < line.quantity && line.status !== 'shipped' && line.status !== 'cancelled') {
    return [
      { ...base, quantity: shipped, status: 'shipped', ...tracking },
      { ...base, quantity: line.quantity - shipped, status: line.status },
    ];
  }
  return [{ ...base, quantity: line.quantity, status: line.status, ...tracking }];
}

/**
 * Lifetime value: the order totals net of refunds, cancelled orders left out, in the currency of
 * the customer's newest order (orders in other currencies are not converted, so not counted).
 */
export function lifetimeValue(orders: readonly { status: string; total: Money; refunded: Money | null }[]): Money | undefined {
  const currency = orders[0]?.total.currency;
  if (currency === undefined) return undefined;
  let sum = zeroMoney(currency);
  for (const order of orders) {
    if (order.status === 'cancelled' || order.total.currency !== currency) continue;
    sum = addMoney(sum, order.refunded === null ? order.total : subtractMoney(order.total, order.refunded));
  }
  return sum;
}

/**
 * The hand-in deadline of an open return: once authorized, the goods must arrive by `receive_by`
 * (the authorization lapses after it, and the customer's notification names it); before that,
 * the end of the policy window.
 */
const OPEN_RETURN_COLUMNS = 'return_id, order_id, status, coalesce(receive_by, eligible_until) as eligible_until';
const STILL_OPEN = "status not in ('closed', 'rejected') order by created_at desc, return_id limit $2";

async function openReturnsWhere(db: SqlExecutor, where: string, value: string): Promise<OpenReturn[]> {
  const { rows } = await db.query<{ return_id: string; order_id: string; status: OpenReturn['status']; eligible_until: Date | null }>(
    `select ${OPEN_RETURN_COLUMNS} from returns where ${where} and ${STILL_OPEN}`,
    [value, CONTEXT_LIMITS.returns],
  );
  return rows.map((row) => ({
    returnId: row.return_id,
    orderId: row.order_id,
    status: row.status,
    ...(row.eligible_until === null ? {} : { eligibleUntil: row.eligible_until.toISOString() }),
  }));
}

/**
 * Returns not yet closed. They live in the returns flow's table (same migration); reading it here
 * keeps the context free of a dependency on the returns module.
 */
function openReturnsOf(db: SqlExecutor, customerId: string): Promise<OpenReturn[]> {
  return openReturnsWhere(db, 'customer_id = $1', customerId);
}

/** Open returns of the guest orders placed with a phone or email. */
function openGuestReturnsOf(db: SqlExecutor, point: ContactPoint): Promise<OpenReturn[]> {
  return openReturnsWhere(db, `order_id in (select order_id from customer_order_view where ${contactColumn(point)} = $1 and customer_id is null)`, point.value);
}

interface ContextParts {
  customer: CustomerContext['customer'];
  identities: CustomerContext['identities'];
  recent: readonly CustomerOrder[];
  totals: OrderTotals;
  openReturns: OpenReturn[];
  interactions: readonly Interaction[];
}

function assemble(parts: ContextParts, now: Date): CustomerContext {
  const value = lifetimeValue(parts.totals.orders);
  return {
    customer: parts.customer,
    identities: parts.identities,
    recentOrders: parts.recent.map(orderSummary),
    openReturns: parts.openReturns,
    recentInteractions: parts.interactions.map((interaction) => ({
      id: interaction.id,
      channel: interaction.channel,
      startedAt: interaction.startedAt,
      ...(interaction.summary === undefined ? {} : { summary: interaction.summary }),
    })),
    ...(value === undefined ? {} : { lifetimeValue: value }),
    orderCount: parts.totals.count,
    generatedAt: now.toISOString(),
  };
}

/** A customer as the newest of their orders has them, for a context without a profile. */
function customerOfOrders(id: string, newest: CustomerOrder): CustomerContext['customer'] {
  return { id, ...(newest.email === undefined ? {} : { email: newest.email }), ...(newest.phone === undefined ? {} : { phone: newest.phone }) };
}

/** Builds a customer's context from the projection's tables; undefined when no profile is known. */
export async function buildContext(db: SqlExecutor, customerId: string, now: Date): Promise<CustomerContext | undefined> {
  const customer = await getCustomerProfile(db, customerId);
  if (customer === undefined) return undefined;
  return assemble(
    {
      customer,
      identities: customer.externalIds ?? [],
      recent: await ordersOfCustomer(db, customerId, CONTEXT_LIMITS.orders),
      totals: await orderTotalsOfCustomer(db, customerId),
      openReturns: await openReturnsOf(db, customerId),
      interactions: await interactionsOfCustomer(db, customerId, CONTEXT_LIMITS.interactions),
    },
    now,
  );
}

/**
 * The context of a customer id that orders name but no profile has arrived for (the CRM has not
 * synced it, or never will): the same document, its `customer` only the id and the newest order's
 * email and phone. Undefined when no order names the id.
 */
export async function buildOrdersOnlyContext(db: SqlExecutor, customerId: string, now: Date): Promise<CustomerContext | undefined> {
  const recent = await ordersOfCustomer(db, customerId, CONTEXT_LIMITS.orders);
  const [newest] = recent;
  if (newest === undefined) return undefined;
  return assemble(
    {
      customer: customerOfOrders(customerId, newest),
      identities: [],
      recent,
      totals: await orderTotalsOfCustomer(db, customerId),
      openReturns: await openReturnsOf(db, customerId),
      interactions: await interactionsOfCustomer(db, customerId, CONTEXT_LIMITS.interactions),
    },
    now,
  );
}

/** How the id of a guest's context starts. */
export const GUEST_ID_PREFIX = 'guest:';

/** The id a guest's context carries: `guest:` and the phone or email their orders were placed with. */
export const guestId = (point: ContactPoint): string => `${GUEST_ID_PREFIX}${point.value}`;

/**
 * The context of a guest: the orders placed with a phone or email that name no customer, with
 * their open returns and the contacts from that phone or email no customer was found for. The
 * customer's id is {@link guestId}. Undefined when there are no such orders.
 */
export async function buildGuestContext(db: SqlExecutor, point: ContactPoint, now: Date): Promise<CustomerContext | undefined> {
  const recent = await guestOrdersOf(db, point, CONTEXT_LIMITS.orders);
  const [newest] = recent;
  if (newest === undefined) return undefined;
  return assemble(
    {
      customer: customerOfOrders(guestId(point), newest),
      identities: [],
      recent,
      totals: await guestOrderTotalsOf(db, point),
      openReturns: await openGuestReturnsOf(db, point),
      interactions: await guestInteractionsOf(db, point, CONTEXT_LIMITS.interactions),
    },
    now,
  );
}
