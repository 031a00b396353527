import { emptyShop, lineItem, order, type ShopState } from './shopify-state.ts';

/** The Shopify location the seeded shop stocks at, mapped to hub location `berlin-1`. */
export const BERLIN = 'gid://shopify/Location/1001';

/**
 * A small shop: two variants with stock at Berlin, an order with two lines (open fulfillment
 * order, paid), a cancelled order, a requested return on a fulfilled order, and the order of
 * Shopify's orders/create example payload.
 */
export function seededShop(): ShopState {
  const state = emptyShop();
  state.variants.push(
    { id: 'gid://shopify/ProductVariant/41', sku: 'TSH-ORG-NVY-M', barcode: '4260708100013', inventoryItemId: 'gid://shopify/InventoryItem/801' },
    { id: 'gid://shopify/ProductVariant/42', sku: 'TSH-ORG-NVY-M-2PACK', barcode: null, inventoryItemId: 'gid://shopify/InventoryItem/802' },
    { id: 'gid://shopify/ProductVariant/43', sku: 'JKT-RAIN-BLK-L', barcode: '4260708100020', inventoryItemId: 'gid://shopify/InventoryItem/803' },
  );
  state.levels.push(
    { id: 'gid://shopify/InventoryLevel/801?inventory_item_id=801', itemId: 'gid://shopify/InventoryItem/801', locationId: BERLIN, quantities: { available: 7, on_hand: 9 }, updatedAt: '2025-03-01T08:00:00Z' },
    { id: 'gid://shopify/InventoryLevel/803?inventory_item_id=803', itemId: 'gid://shopify/InventoryItem/803', locationId: BERLIN, quantities: { available: 3, on_hand: 3 }, updatedAt: '2025-03-01T08:00:00Z' },
  );
  state.orders.push(
    order(5001, [lineItem(70011, 'TSH-ORG-NVY-M', 4, '29.95'), lineItem(70012, 'JKT-RAIN-BLK-L', 1, '129.00')], { updatedAt: '2025-03-01T09:05:00Z' }),
    order(5002, [lineItem(70021, 'TSH-ORG-NVY-M', 1, '29.95')], { cancelledAt: '2025-03-01T10:00:00Z', cancelReason: 'CUSTOMER', updatedAt: '2025-03-01T10:00:00Z' }),
    order(5003, [lineItem(70031, 'JKT-RAIN-BLK-L', 2, '129.00')], { updatedAt: '2025-03-01T11:00:00Z' }),
    // The order of Shopify's orders/create example payload (test/fixtures/webhooks/orders-create.json).
    order('820982911946154508', [lineItem('866550311766439020', 'IPOD2008BLACK', 1, '199.00', 'IPod Nano - 8GB'), lineItem('141249953214522974', 'IPOD2008RED', 1, '199.00', 'IPod Nano - 8GB')], {
      name: '#9999',
      createdAt: '2022-01-01T00:00:00Z',
      updatedAt: '2022-01-01T00:00:00Z',
      currency: 'USD',
      email: 'jon@example.com',
      customer: { id: 'gid://shopify/Customer/115310627314723954', displayName: 'John Smith' },
      shippingAddress: { name: 'Steve Shipper', address1: '123 Shipping Street', address2: null, city: 'Shippington', provinceCode: 'KY', zip: '40003', countryCodeV2: 'US', phone: '555-555-SHIP', latitude: null, longitude: null },
      shipping: '10.00',
      discounts: '20.00',
      total: '388.00',
      gateways: ['visa', 'bogus'],
    }),
  );
  state.returns.push({
    id: 'gid://shopify/Return/6001',
    name: '#5003-R1',
    status: 'REQUESTED',
    orderId: 'gid://shopify/Order/5003',
    decline: null,
    lines: [{ id: 'gid://shopify/ReturnLineItem/6101', fulfillmentLineItemId: 'gid://shopify/FulfillmentLineItem/6201', lineItemId: 'gid://shopify/LineItem/70031', sku: 'JKT-RAIN-BLK-L', quantity: 1, returnReason: 'SIZE_TOO_SMALL', returnReasonNote: '', customerNote: 'Too tight across the shoulders' }],
  });
  return state;
}
