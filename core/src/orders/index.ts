/** Orders: intake from any channel, dispatch to locations, fulfillment tracking, re-routing and cancellation. */
export { intakeOrder, type IntakeContext, type IntakeOutcome } from './intake.ts';
export { intakeOrders, type IntakeItem, type IntakeResult } from './intake-batch.ts';
export { OrderIntakeQueue, type OrderIntakeQueueOptions } from './intake-queue.ts';
export { routeNewOrders, type NewOrder } from './dispatch-batch.ts';
export { routeAndDispatch, describeDecision, RoutingRaceLost, type OrderFlowDeps, type DispatchOptions, type Dispatched } from './dispatch.ts';
export { outboxEmitter, type Emit } from './emitter.ts';
export { applyAccepted, applyRejected, applyShipped, applyReadyForPickup, type Rejection, type UpdateOutcome } from './fulfillment-updates.ts';
export { cancelOrder, cancelOrderInTransaction, cancelLines, assertCancellable, CANCEL_STEPS, type CancelContext, type CancelReason, type CancelRequest } from './cancel.ts';
export { runSteps, runStepsInTransaction, defineStep, StepFailure, type Step } from './steps.ts';
export { sweepAcceptanceDeadlines, type SweepOptions } from './deadlines.ts';
export { subscribeOrderFlow, ORDER_FLOW_SUBSCRIBER, ORDER_FLOW_EVENTS, ORDERS_SOURCE } from './order-flow.ts';
export { getOrderView, type OrderView } from './order-view.ts';
export { getOrderReceipt, receiptOf, type OrderReceipt, type RoutingSummary } from './order-receipt.ts';
export { simulateOrders, MAX_SIMULATED_ORDERS, type SimulationInput, type SimulationOutput } from './simulation.ts';
export { refreshStatus, openLines } from './order-progress.ts';
export {
  deriveStatus,
  customerStatusOf,
  canonicalStatusOf,
  isActiveFulfillment,
  holdsReservation,
  INTERNAL_STATUSES,
  type InternalStatus,
  type CustomerStatus,
} from './order-status.ts';
export { routeOrderAgain, routeHeldOrders, type HeldOrdersRouted } from './route-again.ts';
export { orderRuleErrors, orderRulesError, assertOrderRules, type RuledOrder } from './order-rules.ts';
export { getOrder, lockOrder, insertOrder, orderHash, statusHistory, type Order, type OrderRecord, type StatusChange, type InsertOutcome } from './order-store.ts';
export { getFulfillment, orderFulfillments, canonicalFulfillment, type Fulfillment, type FulfillmentLine, type FulfillmentRecord } from './fulfillment-store.ts';
