import type { OrderV1, OrderV2 } from '../../generated/schema-types.ts';
import type { Upcaster } from '../upcaster.ts';

type ChannelV2 = OrderV2['channel'];
const CHANNEL_TYPES = new Set<string>(['web', 'marketplace', 'store', 'contact-center', 'api']);

/** v1's free-text channel (`web`, `store:berlin-1`) becomes v2's `{ type, id }`. */
function channelOf(channel: string): ChannelV2 {
  const colon = channel.indexOf(':');
  const type = colon === -1 ? channel : channel.slice(0, colon);
  const id = colon === -1 ? undefined : channel.slice(colon + 1);
  if (!CHANNEL_TYPES.has(type)) return { type: 'api', id: channel };
  const known = type as ChannelV2['type'];
  return id === undefined || id === '' ? { type: known } : { type: known, id };
}

/** unitPrice × quantity in exact decimal arithmetic, keeping unitPrice's number of decimals. */
export function multiplyDecimal(amount: string, quantity: number): string {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const scaled = BigInt(whole + fraction) * BigInt(quantity);
  const digits = scaled.toString().padStart(fraction.length + 1, '0');
  const head = digits.slice(0, digits.length - fraction.length);
  const result = fraction.length === 0 ? head : `${head}.${digits.slice(digits.length - fraction.length)}`;
  return negative && scaled !== 0n ? `-${result}` : result;
}

type LineV1 = OrderV1['lines'][number];
type LineV2 = OrderV2['lines'][number];

function lineV2(line: LineV1): LineV2 {
  return { ...line, lineTotal: { amount: multiplyDecimal(line.unitPrice.amount, line.quantity), currency: line.unitPrice.currency } };
}

/** Upcasts order v1 to v2: structured channel, line totals, `schemaVersion: 2`. */
export const orderV1ToV2: Upcaster = {
  name: 'order',
  from: 1,
  upcast(data: unknown): OrderV2 {
    const order = data as OrderV1;
    const { channel, lines, ...rest } = order;
    return { schemaVersion: 2, ...rest, channel: channelOf(channel), lines: lines.map(lineV2) };
  },
};
