import { InvalidMessageFailure } from '@omnihub/connector-sdk';

/** Resource types whose global ids the connector builds or reads. */
export type GidType = 'Order' | 'LineItem' | 'Location' | 'InventoryItem' | 'Return' | 'Refund' | 'FulfillmentOrder';

/**
 * The global id of a resource from its numeric id or its global id (checked to be of `type`).
 *
 * @example
 * toGid('Location', '655441491'); // 'gid://shopify/Location/655441491'
 */
export function toGid(type: GidType, id: string | number): string {
  const text = String(id).trim();
  if (/^[0-9]+$/.test(text)) return `gid://shopify/${type}/${text}`;
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/([0-9]+)(\?.*)?$/.exec(text);
  if (match?.[1] !== type) throw new InvalidMessageFailure(`"${text}" is not a Shopify ${type} id (numeric or gid://shopify/${type}/…)`, { code: 'shopify.invalid-id' });
  return `gid://shopify/${type}/${match[2] ?? ''}`;
}

/**
 * The numeric part of a global id.
 *
 * @example
 * legacyId('gid://shopify/Order/450789469'); // '450789469'
 */
export function legacyId(gid: string): string {
  return /\/([0-9]+)(\?.*)?$/.exec(gid)?.[1] ?? gid;
}
