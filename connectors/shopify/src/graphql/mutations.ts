import { defineOperation, type ShopMoney, type UserError } from './operation.ts';

/** Sets named inventory quantities, with compare-and-set on each quantity. */
export const InventorySetQuantities = defineOperation<
  {
    inventorySetQuantities: {
      inventoryAdjustmentGroup: { id: string; createdAt: string; reason: string; referenceDocumentUri: string | null; changes: { name: string; delta: number; quantityAfterChange: number | null }[] } | null;
      userErrors: UserError[];
    } | null;
  },
  {
    input: {
      name: string;
      reason: string;
      referenceDocumentUri?: string | undefined;
      ignoreCompareQuantity?: boolean | undefined;
      quantities: { inventoryItemId: string; locationId: string; quantity: number; compareQuantity?: number | undefined }[];
    };
  }
>({
  name: 'OmnihubInventorySetQuantities',
  kind: 'mutation',
  document: `mutation OmnihubInventorySetQuantities($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { id createdAt reason referenceDocumentUri changes { name delta quantityAfterChange } }
    userErrors { code field message }
  }
}`,
  estimatedCost: 10,
  // The compare quantity makes a resend fail instead of applying twice.
  retrySafe: true,
});

/** Creates a fulfillment (with tracking) for fulfillment order lines. */
export const FulfillmentCreate = defineOperation<
  {
    fulfillmentCreate: {
      fulfillment: { id: string; status: string; trackingInfo: { number: string | null; company: string | null; url: string | null }[] } | null;
      userErrors: UserError[];
    } | null;
  },
  {
    fulfillment: {
      notifyCustomer?: boolean | undefined;
      trackingInfo?: { company?: string | undefined; number?: string | undefined; url?: string | undefined } | undefined;
      lineItemsByFulfillmentOrder: { fulfillmentOrderId: string; fulfillmentOrderLineItems: { id: string; quantity: number }[] }[];
    };
    message?: string | undefined;
  }
>({
  name: 'OmnihubFulfillmentCreate',
  kind: 'mutation',
  document: `mutation OmnihubFulfillmentCreate($fulfillment: FulfillmentInput!, $message: String) {
  fulfillmentCreate(fulfillment: $fulfillment, message: $message) {
    fulfillment { id status trackingInfo(first: 10) { number company url } }
    userErrors { field message }
  }
}`,
  estimatedCost: 10,
  retrySafe: false,
});

/** Cancels an order (asynchronously: Shopify answers with a job). */
export const OrderCancel = defineOperation<
  { orderCancel: { job: { id: string; done: boolean } | null; orderCancelUserErrors: UserError[] } | null },
  { orderId: string; reason: string; refund: boolean; restock: boolean; notifyCustomer?: boolean | undefined; staffNote?: string | undefined }
>({
  name: 'OmnihubOrderCancel',
  kind: 'mutation',
  document: `mutation OmnihubOrderCancel($orderId: ID!, $reason: OrderCancelReason!, $refund: Boolean!, $restock: Boolean!, $notifyCustomer: Boolean, $staffNote: String) {
  orderCancel(orderId: $orderId, reason: $reason, refund: $refund, restock: $restock, notifyCustomer: $notifyCustomer, staffNote: $staffNote) {
    job { id done }
    orderCancelUserErrors { code field message }
  }
}`,
  estimatedCost: 10,
  // Cancelling twice is refused by Shopify, never applied twice.
  retrySafe: true,
});

/** Creates a refund: money back through transactions, and/or line items restocked. */
export const RefundCreate = defineOperation<
  {
    refundCreate: {
      refund: { id: string; note: string | null; createdAt: string | null; totalRefundedSet: ShopMoney } | null;
      userErrors: UserError[];
    } | null;
  },
  {
    input: {
      orderId: string;
      note?: string | undefined;
      notify?: boolean | undefined;
      currency?: string | undefined;
      refundLineItems?: { lineItemId: string; quantity: number; restockType?: string | undefined; locationId?: string | undefined }[] | undefined;
      transactions?: { orderId: string; parentId?: string | undefined; kind: 'REFUND'; gateway: string; amount: string }[] | undefined;
    };
  }
>({
  name: 'OmnihubRefundCreate',
  kind: 'mutation',
  document: `mutation OmnihubRefundCreate($input: RefundInput!) {
  refundCreate(input: $input) {
    refund { id note createdAt totalRefundedSet { shopMoney { amount currencyCode } } }
    userErrors { field message }
  }
}`,
  estimatedCost: 10,
  retrySafe: false,
});

/** Approves a requested return. */
export const ReturnApproveRequest = defineOperation<
  { returnApproveRequest: { return: { id: string; status: string } | null; userErrors: UserError[] } | null },
  { input: { id: string; notifyCustomer?: boolean | undefined } }
>({
  name: 'OmnihubReturnApproveRequest',
  kind: 'mutation',
  document: `mutation OmnihubReturnApproveRequest($input: ReturnApproveRequestInput!) {
  returnApproveRequest(input: $input) {
    return { id status }
    userErrors { code field message }
  }
}`,
  estimatedCost: 10,
  // Approving an approved return is refused, never applied twice.
  retrySafe: true,
});
