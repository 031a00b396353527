import type { Clock } from '@omnihub/connector-sdk';
import type { Logger } from 'pino';
import type { EventBus, Subscription } from '../broker/event-bus.ts';
import {
  CustomerUpserted,
  FulfillmentAccepted,
  FulfillmentReadyForPickup,
  FulfillmentRejected,
  FulfillmentRequested,
  FulfillmentShipped,
  InteractionEnded,
  InteractionStarted,
  OrderCancelled,
  OrderCreated,
  OrderRouted,
  RefundIssued,
  ReturnAuthorized,
  ReturnClosed,
  ReturnReceived,
  ReturnRefunded,
  ReturnRejected,
  ReturnRequested,
} from '../events/catalog.ts';
import type { OrderCreatedV1 } from '../generated/schema-types.ts';
import { refreshContexts } from './context-store.ts';
import { onCustomerUpserted } from './handlers/customer-handlers.ts';
import type { ProjectionHandler } from './handlers/handler-types.ts';
import { onInteractionEnded, onInteractionStarted } from './handlers/interaction-handlers.ts';
import {
  onFulfillmentAccepted,
  onFulfillmentReadyForPickup,
  onFulfillmentRejected,
  onFulfillmentRequested,
  onFulfillmentShipped,
  onOrderCancelled,
  onOrderCreated,
  onOrderRouted,
} from './handlers/order-handlers.ts';
import { onRefundIssued, onReturnChanged, onReturnClosed, onReturnRefunded } from './handlers/return-handlers.ts';
import { ProjectionBatch } from './projection-batch.ts';

/** Subscriber name of the customer context projection. */
export const CUSTOMER_CONTEXT_SUBSCRIBER = 'flow.customer-context';

/** The events the projection takes, each with its handler. */
const HANDLERS = new Map<string, ProjectionHandler<never>>([
  [CustomerUpserted.type, onCustomerUpserted],
  [OrderCreated.type, onOrderCreated],
  [OrderCancelled.type, onOrderCancelled],
  [OrderRouted.type, onOrderRouted],
  [FulfillmentRequested.type, onFulfillmentRequested],
  [FulfillmentAccepted.type, onFulfillmentAccepted],
  [FulfillmentRejected.type, onFulfillmentRejected],
  [FulfillmentShipped.type, onFulfillmentShipped],
  [FulfillmentReadyForPickup.type, onFulfillmentReadyForPickup],
  [ReturnRequested.type, onReturnChanged],
  [ReturnAuthorized.type, onReturnChanged],
  [ReturnRejected.type, onReturnChanged],
  [ReturnReceived.type, onReturnChanged],
  [ReturnRefunded.type, onReturnRefunded],
  [ReturnClosed.type, onReturnClosed],
  [RefundIssued.type, onRefundIssued],
  [InteractionStarted.type, onInteractionStarted],
  [InteractionEnded.type, onInteractionEnded],
]);

const EVENTS = [
  CustomerUpserted,
  OrderCreated,
  OrderCancelled,
  OrderRouted,
  FulfillmentRequested,
  FulfillmentAccepted,
  FulfillmentRejected,
  FulfillmentShipped,
  FulfillmentReadyForPickup,
  ReturnRequested,
  ReturnAuthorized,
  ReturnRejected,
  ReturnReceived,
  ReturnRefunded,
  ReturnClosed,
  RefundIssued,
  InteractionStarted,
  InteractionEnded,
] as const;

/** Dependencies of the customer context projection. */
export interface CustomerContextFlowDeps {
  bus: EventBus;
  logger: Logger;
  clock: Clock;
}

/** Events whose handlers only move order lines: held back with new orders and applied together (see {@link ProjectionBatch}). */
const LINE_EVENTS: ReadonlySet<string> = new Set(
  [OrderCancelled, OrderRouted, FulfillmentRequested, FulfillmentAccepted, FulfillmentRejected, FulfillmentShipped, FulfillmentReadyForPickup].map((definition) => definition.type),
);

/**
 * Starts the customer context projection: every event that changes what an agent should see
 * updates the projection's tables and rebuilds the affected customers' precomputed context in the
 * same transaction, so a lookup is one row read. Contact starts get the context handed back to
 * the contact center; contact ends are logged to the CRM.
 *
 * The deliveries of one transaction share a {@link ProjectionBatch}: new orders and order line
 * updates are applied together and each customer's context rebuilt once, before the commit. Any
 * other event (a return, a refund, a customer, a contact) first brings the projection up to date,
 * so it reads what in-order handling would have shown it. When the bus reruns a batch to isolate a
 * failing message, each event is applied on its own.
 */
export function startCustomerContextFlow(deps: CustomerContextFlowDeps): Promise<Subscription> {
  return deps.bus.subscribe({
    name: CUSTOMER_CONTEXT_SUBSCRIBER,
    events: EVENTS,
    batch: {
      open: (isolated) => (isolated ? undefined : new ProjectionBatch()),
      close: async (tx, batch) => {
        await batch?.settle(tx, deps.clock.now(), deps.logger);
      },
    },
    handle: async (event, { tx, emit, logger, batch }) => {
      const handler = HANDLERS.get(event.type) as ProjectionHandler<unknown> | undefined;
      if (handler === undefined) return;
      const now = deps.clock.now();
      if (batch === undefined) {
        await refreshContexts(tx, await handler(event, { tx, emit, now, logger }), now);
        return;
      }
      if (event.type === OrderCreated.type) {
        batch.record((event.data as OrderCreatedV1).order, event.source);
      } else if (LINE_EVENTS.has(event.type)) {
        batch.changed(await handler(event, { tx, emit, now, logger, batch }));
      } else {
        await batch.settle(tx, now, logger);
        await refreshContexts(tx, await handler(event, { tx, emit, now, logger }), now);
      }
    },
  });
}
