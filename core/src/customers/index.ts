/** Customer context: the projection agents read, identities, notification preferences and CRM activity events. */
export { startCustomerContextFlow, CUSTOMER_CONTEXT_SUBSCRIBER, type CustomerContextFlowDeps } from './customers-flow.ts';
export { buildContext, lifetimeValue, CONTEXT_LIMITS, type CustomerContext } from './context-builder.ts';
export { lookupContext, lookupContextBy, readContext, readContextBy, refreshContexts } from './context-store.ts';
export { compactContext } from './compact-context.ts';
export { InteractionContextResolved, type InteractionContextResolvedV1, type CompactContext } from './context-events.ts';
export { CrmActivityRequested, type CrmActivityRequestedV1 } from './crm-activity.ts';
export { resolveCustomer, normalizePhone, normalizeEmail, type MatchedBy, type ContactKeys } from './identities.ts';
export { getCustomerProfile, applyCustomerUpsert, type CustomerProfile } from './profiles.ts';
export { getPreferences, setPreferences, type CustomerPreferences } from './preferences.ts';
export { getCustomerOrder, updateLines, type CustomerOrder, type CustomerOrderLine, type LineStatus, type LineUpdate } from './order-view.ts';
export { addMoney, subtractMoney, multiplyMoney, percentOf, compareMoney, zeroMoney, type Money } from './money.ts';
export { outboxEmitter, instanceOfSource, type Emit, type EmitterBase } from './outbox-emitter.ts';
