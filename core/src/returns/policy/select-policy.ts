import type { CustomerOrder } from '../../customers/order-view.ts';
import type { StoredPolicy } from './policy-types.ts';

function channelMatches(orderChannel: string, channel: string): boolean {
  return orderChannel === channel || orderChannel.startsWith(`${channel}:`);
}

/**
 * The active policy that applies to an order: among those whose `appliesTo` matches the order's
 * shipping country and channel (a policy without `appliesTo` matches every order), the highest
 * priority, then the smallest id. Undefined when none matches.
 */
export function selectPolicy(policies: readonly StoredPolicy[], order: CustomerOrder): StoredPolicy | undefined {
  const matching = policies.filter(({ document }) => {
    const { countries, channels } = document.appliesTo ?? {};
    if (countries !== undefined && (order.country === undefined || !countries.includes(order.country))) return false;
    if (channels !== undefined && !channels.some((channel) => channelMatches(order.channel, channel))) return false;
    return true;
  });
  return matching.sort((a, b) => (b.document.priority ?? 0) - (a.document.priority ?? 0) || a.document.id.localeCompare(b.document.id))[0];
}
