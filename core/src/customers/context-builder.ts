import type { CustomerContextV1 } from '../generated/schema-types.ts';
import type { SqlExecutor } from '../store/store.ts';
import { interactionsOfCustomer } from './interactions.ts';
import { addMoney, subtractMoney, zeroMoney, type Money } from './money.ts';
import { orderTotalsOfCustomer, ordersOfCustomer, type CustomerOrder } from './order-view.ts';
import { getCustomerProfile } from './profiles.ts';

/** The customer context served to agents (customer-context v1). */
export type CustomerContext = CustomerContextV1;

/** Orders and interactions the context keeps (the schema allows 50; an agent reads a handful). */
export const CONTEXT_LIMITS = { orders: 10, interactions: 10, returns: 50 } as const;

type OrderSummary = CustomerContext['recentOrders'][number];
type OpenReturn = CustomerContext['openReturns'][number];

function orderSummary(order: CustomerOrder): OrderSummary {
  return {
    orderId: order.orderId,
    placedAt: order.placedAt,
    channel: order.channel,
    status: order.status,
    total: order.total,
    lines: order.lines.map((line) => ({
      lineId: line.lineId,
      sku: line.sku,
      title: line.title,
      quantity: line.quantity,
      status: line.status,
      ...(line.locationId === undefined ? {} : { locationId: line.locationId }),
      ...(line.trackingUrl === undefined ? {} : { trackingUrl: line.trackingUrl }),
    })),
  };
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
 * Returns not yet closed. They live in the returns flow's table (same migration); reading it here
 * keeps the context free of a dependency on the returns module.
 */
async function openReturnsOf(db: SqlExecutor, customerId: string): Promise<OpenReturn[]> {
  const { rows } = await db.query<{ return_id: string; order_id: string; status: OpenReturn['status']; eligible_until: Date | null }>(
    `select return_id, order_id, status, eligible_until from returns
     where customer_id = $1 and status not in ('closed', 'rejected') order by created_at desc, return_id limit $2`,
    [customerId, CONTEXT_LIMITS.returns],
  );
  return rows.map((row) => ({
    returnId: row.return_id,
    orderId: row.order_id,
    status: row.status,
    ...(row.eligible_until === null ? {} : { eligibleUntil: row.eligible_until.toISOString() }),
  }));
}

/** Builds a customer's context from the projection's tables; undefined when no profile is known. */
export async function buildContext(db: SqlExecutor, customerId: string, now: Date): Promise<CustomerContext | undefined> {
  const customer = await getCustomerProfile(db, customerId);
  if (customer === undefined) return undefined;
  const [recent, totals, openReturns, interactions] = [
    await ordersOfCustomer(db, customerId, CONTEXT_LIMITS.orders),
    await orderTotalsOfCustomer(db, customerId),
    await openReturnsOf(db, customerId),
    await interactionsOfCustomer(db, customerId, CONTEXT_LIMITS.interactions),
  ];
  const value = lifetimeValue(totals.orders);
  return {
    customer,
    identities: customer.externalIds ?? [],
    recentOrders: recent.map(orderSummary),
    openReturns,
    recentInteractions: interactions.map((interaction) => ({
      id: interaction.id,
      channel: interaction.channel,
      startedAt: interaction.startedAt,
      ...(interaction.summary === undefined ? {} : { summary: interaction.summary }),
    })),
    ...(value === undefined ? {} : { lifetimeValue: value }),
    orderCount: totals.count,
    generatedAt: now.toISOString(),
  };
}
