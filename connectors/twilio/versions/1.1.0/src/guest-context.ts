import type { TaskContextAttributes } from '../../../src/task-context.ts';

/**
 * 1.1.0's task attributes: the context the hub resolved, whether or not the caller matched a
 * profile, and `matched` beside it. A caller without a profile who ordered with their number or
 * email carries the context of those orders (a guest's, `customerId` `guest:<number>`); a caller
 * the hub knows nothing of still gets `customer: null`.
 */
export const resolvedCustomer: TaskContextAttributes = (resolved) => ({
  customer: resolved.context ?? null,
  matched: resolved.matched,
  interactionId: resolved.interaction.id,
});
