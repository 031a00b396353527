import type { SquareOrder } from '../../src/api/types.ts';

/** An item variation of the fake seller's catalog. */
export interface FakeVariation {
  id: string;
  sku: string | null;
  itemId: string;
  name: string;
}

/** A payment of the fake seller. */
export interface FakePayment {
  id: string;
  orderId: string;
  locationId: string;
  amount: number;
  currency: string;
  refunded: number;
}

/** Everything the fake Square seller knows; tests seed it and read it back. */
export interface SquareState {
  locations: { id: string; name: string }[];
  variations: FakeVariation[];
  /** Quantity by `<catalog object id>|<location id>|<state>`. */
  counts: Map<string, number>;
  /** Every inventory change, oldest first, as BatchRetrieveInventoryChanges returns them. */
  changes: Record<string, unknown>[];
  orders: Map<string, SquareOrder>;
  payments: FakePayment[];
  refunds: Record<string, unknown>[];
}

/** The Square location seeded as the hub's `berlin-1`. */
export const BERLIN = 'L8Y2R0RYS6C9D';

/**
 * A seller with one location, two variations (stock at Berlin), a pickup order paid by card
 * (fulfillment PROPOSED) and a counter sale.
 */
export function seededSeller(): SquareState {
  const pickup: SquareOrder = {
    id: 'CAISENgvlJ6jLWAzERDzjyHVybY',
    location_id: BERLIN,
    state: 'OPEN',
    version: 3,
    created_at: '2025-03-01T09:00:00.000Z',
    updated_at: '2025-03-01T09:05:00.000Z',
    line_items: [
      { uid: 'li-1', name: 'Organic Cotton T-Shirt', quantity: '2', catalog_object_id: 'W62UWFY35CWMYGVWK6TWJDNI', base_price_money: { amount: 2995, currency: 'EUR' }, total_money: { amount: 5990, currency: 'EUR' } },
    ],
    fulfillments: [{ uid: 'ful-1', type: 'PICKUP', state: 'PROPOSED', pickup_details: { recipient: { display_name: 'Lena Fischer', email_address: 'lena.fischer@example.de', phone_number: '+4915123456789' }, schedule_type: 'ASAP', pickup_at: '2025-03-01T15:00:00Z' } }],
    tenders: [{ id: 'T-1', type: 'CARD', payment_id: 'pay-1', amount_money: { amount: 5990, currency: 'EUR' } }],
    total_money: { amount: 5990, currency: 'EUR' },
    total_tax_money: { amount: 956, currency: 'EUR' },
    total_discount_money: { amount: 0, currency: 'EUR' },
  };
  return {
    locations: [{ id: BERLIN, name: 'Berlin Mitte' }],
    variations: [
      { id: 'W62UWFY35CWMYGVWK6TWJDNI', sku: 'TSH-ORG-NVY-M', itemId: 'LRK57QFGSQQBVBHNNZUP3XPL', name: 'Navy, M' },
      { id: 'AII3ENMLDLJTUQKQ6HNMXSHG', sku: 'JKT-RAIN-BLK-L', itemId: 'BTMBYJWAEIKW5ESJUCNGVSZD', name: 'Black, L' },
    ],
    counts: new Map([
      [`W62UWFY35CWMYGVWK6TWJDNI|${BERLIN}|IN_STOCK`, 7],
      [`AII3ENMLDLJTUQKQ6HNMXSHG|${BERLIN}|IN_STOCK`, 3],
    ]),
    changes: [],
    orders: new Map([[pickup.id ?? '', pickup]]),
    payments: [{ id: 'pay-1', orderId: pickup.id ?? '', locationId: BERLIN, amount: 5990, currency: 'EUR', refunded: 0 }],
    refunds: [],
  };
}
