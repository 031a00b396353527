import { InvalidMessageFailure } from '@omnihub/connector-sdk';

/** JSON.parse's reviver with the source text of the value (Node 21+), as this connector uses it. */
type SourceReviver = (this: unknown, key: string, value: unknown, context: { source?: string }) => unknown;

/**
 * Parses a Shopify webhook body. Shopify writes resource ids as 64-bit JSON integers; any integer
 * beyond JavaScript's safe range is kept as its exact decimal string instead of a rounded number,
 * so an id never changes on the way through the hub.
 *
 * @example
 * parseShopifyJson('{"id":820982911946154508,"n":1}'); // { id: '820982911946154508', n: 1 }
 */
export function parseShopifyJson(text: string): unknown {
  const reviver: SourceReviver = (_key, value, context) =>
    typeof value === 'number' && !Number.isSafeInteger(value) && typeof context?.source === 'string' && /^-?\d+$/.test(context.source) ? context.source : value;
  try {
    return JSON.parse(text, reviver as (this: unknown, key: string, value: unknown) => unknown);
  } catch (error: unknown) {
    throw new InvalidMessageFailure(`the webhook body is not JSON: ${error instanceof Error ? error.message : String(error)}`, { code: 'shopify.webhook-body' });
  }
}
