import { FulfillmentCreate, InventorySetQuantities, OrderCancel, RefundCreate, ReturnApproveRequest } from './mutations.ts';
import type { GraphqlOperation } from './operation.ts';
import { CancelledOrdersSince, InventoryItemSku, OrderById, InventoryQuantities, OrderCancelState, OrderFulfillmentState, OrderLineItems, OrderRefundState, OrdersUpdatedSince, Ping, ReturnById, ReturnStatus, VariantsBySku } from './queries.ts';

/** Every GraphQL operation the connector sends (the tests validate each against the schema). */
export const ALL_OPERATIONS: readonly GraphqlOperation<unknown, unknown>[] = [
  Ping,
  VariantsBySku,
  InventoryItemSku,
  InventoryQuantities,
  OrdersUpdatedSince,
  CancelledOrdersSince,
  OrderById,
  OrderLineItems,
  ReturnById,
  ReturnStatus,
  OrderFulfillmentState,
  OrderCancelState,
  OrderRefundState,
  InventorySetQuantities,
  FulfillmentCreate,
  OrderCancel,
  RefundCreate,
  ReturnApproveRequest,
] as readonly GraphqlOperation<unknown, unknown>[];
