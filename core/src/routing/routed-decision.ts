import type { OrderRoutedV2RoutedDecision, RoutingDecisionV1 } from '../generated/schema-types.ts';

/**
 * The outcome of a routing decision as `order.routed` v2 carries it: every field but the ranked
 * candidate list, which becomes its length and the records of the chosen locations (those that
 * took assignments, in rank order). The full decision stays stored under its id.
 */
export function routedDecision(decision: RoutingDecisionV1): OrderRoutedV2RoutedDecision {
  const { candidates, ...outcome } = decision;
  const used = new Set(decision.assignments.map((assignment) => assignment.locationId));
  return {
    ...outcome,
    candidateCount: candidates.length,
    chosen: candidates.filter((candidate) => used.has(candidate.locationId)),
  };
}
