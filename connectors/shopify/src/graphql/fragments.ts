/**
 * The order fields the reconciliation poller reads: those `shopify.order-to-canonical` reads (its
 * query.graphql), with line items paged by 25 so a page of orders stays under Shopify's
 * 1,000-point single-query limit.
 */
export const ORDER_FIELDS = `
fragment OmnihubOrder on Order {
  id
  legacyResourceId
  name
  processedAt
  updatedAt
  cancelledAt
  closed
  test
  sourceName
  displayFinancialStatus
  displayFulfillmentStatus
  email
  phone
  currencyCode
  taxesIncluded
  note
  discountCodes
  customAttributes { key value }
  customer { id displayName phone }
  retailLocation { id name }
  shippingAddress { name address1 address2 city provinceCode zip countryCodeV2 phone latitude longitude }
  subtotalPriceSet { shopMoney { amount currencyCode } }
  totalDiscountsSet { shopMoney { amount currencyCode } }
  totalShippingPriceSet { shopMoney { amount currencyCode } }
  totalTaxSet { shopMoney { amount currencyCode } }
  totalPriceSet { shopMoney { amount currencyCode } }
  transactions(first: 10) { id kind status gateway }
  fulfillmentOrders(first: 10) {
    nodes {
      id
      deliveryMethod { methodType }
      assignedLocation { name location { id } }
    }
  }
  lineItems(first: 25) {
    pageInfo { hasNextPage endCursor }
    nodes { ...OmnihubLineItem }
  }
}`;

/** The line item fields read with an order. */
export const LINE_ITEM_FIELDS = `
fragment OmnihubLineItem on LineItem {
  id
  sku
  name
  quantity
  originalUnitPriceSet { shopMoney { amount currencyCode } }
  variant { id barcode }
  product { productType }
}`;

/** The fields of a cancelled order the cancellation reconciliation reads. */
export const CANCELLED_ORDER_FIELDS = `
fragment OmnihubCancelledOrder on Order {
  id
  legacyResourceId
  name
  updatedAt
  cancelledAt
  cancelReason
}`;

/** The return fields a returns webhook is enriched with (mapped by `shopify.return-to-canonical`). */
export const RETURN_FIELDS = `
fragment OmnihubReturn on Return {
  id
  name
  status
  totalQuantity
  decline { reason note }
  order { id legacyResourceId customer { id } }
  returnLineItems(first: 50) {
    nodes {
      ... on ReturnLineItem {
        id
        quantity
        returnReason
        returnReasonNote
        customerNote
        fulfillmentLineItem { id lineItem { id sku } }
      }
    }
  }
}`;
