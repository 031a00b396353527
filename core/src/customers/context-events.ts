import type { CustomerContextV1InteractionSummary, CustomerContextV1OpenReturn, MoneyV1, OrderV1OrderStatus } from '../generated/schema-types.ts';

/** What fits an agent's screen and a Twilio task's attributes. */
export interface CompactContext {
  customerId: string;
  name?: string;
  email?: string;
  phone?: string;
  lifetimeValue?: MoneyV1;
  orderCount: number;
  recentOrders: { orderId: string; placedAt: string; status: OrderV1OrderStatus; total: MoneyV1; summary?: string }[];
  openReturns: CustomerContextV1OpenReturn[];
  lastInteraction?: CustomerContextV1InteractionSummary;
  consent?: { sms?: boolean; email?: boolean; voice?: boolean };
  /** Path of the full context on the hub's API. */
  contextPath: string;
}

export { InteractionContextResolved } from '../events/catalog.ts';
export type { InteractionContextResolvedV1 } from '../generated/schema-types.ts';
