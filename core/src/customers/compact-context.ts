import type { CustomerContext } from './context-builder.ts';
import type { CompactContext } from './context-events.ts';

/** Orders, returns and interactions a compact context keeps (the schema's maximum). */
const COMPACT_ITEMS = 3;
const LINE_STATUS_WORDS: Record<string, string> = { 'ready-for-pickup': 'ready for pickup', 'picked-up': 'picked up' };

function summaryOf(lines: CustomerContext['recentOrders'][number]['lines']): string | undefined {
  const parts = lines.map((line) => {
    const where = line.locationId === undefined ? '' : ` at ${line.locationId}`;
    return `${line.quantity} × ${line.sku} ${LINE_STATUS_WORDS[line.status] ?? line.status}${line.status === 'pending' ? '' : where}`;
  });
  const text = parts.join('; ');
  if (text === '') return undefined;
  return text.length <= 500 ? text : `${text.slice(0, 499)}…`;
}

/**
 * The compact form of a context, for an agent's screen and a contact-center task's attributes.
 * `contextPath` is where the full context is on the API (by default by the customer's id).
 */
export function compactContext(context: CustomerContext, contextPath = `/v1/customers/${encodeURIComponent(context.customer.id)}/context`): CompactContext {
  const { customer } = context;
  const name = [customer.firstName, customer.lastName].filter((part) => part !== undefined).join(' ');
  const consent: CompactContext['consent'] = {};
  for (const channel of ['sms', 'email', 'voice'] as const) {
    const state = customer.consent?.[channel];
    if (state !== undefined) consent[channel] = state.granted;
  }
  const [lastInteraction] = context.recentInteractions;
  return {
    customerId: customer.id,
    ...(name === '' ? {} : { name }),
    ...(customer.email === undefined ? {} : { email: customer.email }),
    ...(customer.phone === undefined ? {} : { phone: customer.phone }),
    ...(context.lifetimeValue === undefined ? {} : { lifetimeValue: context.lifetimeValue }),
    orderCount: context.orderCount,
    recentOrders: context.recentOrders.slice(0, COMPACT_ITEMS).map((order) => {
      const summary = summaryOf(order.lines);
      return { orderId: order.orderId, placedAt: order.placedAt, status: order.status, total: order.total, ...(summary === undefined ? {} : { summary }) };
    }),
    openReturns: context.openReturns.slice(0, COMPACT_ITEMS),
    ...(lastInteraction === undefined ? {} : { lastInteraction }),
    ...(Object.keys(consent).length === 0 ? {} : { consent }),
    contextPath,
  };
}
