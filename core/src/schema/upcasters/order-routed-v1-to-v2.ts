import type { OrderRoutedV1, OrderRoutedV2 } from '../../generated/schema-types.ts';
import { routedDecision } from '../../routing/routed-decision.ts';
import type { Upcaster } from '../upcaster.ts';

/**
 * order.routed v1 → v2 (see core/schemas/order.routed/CHANGES.md): the decision loses its ranked
 * candidate list, keeping its length and the chosen locations' records.
 */
export const orderRoutedV1ToV2: Upcaster = {
  name: 'order.routed',
  from: 1,
  upcast: (data: unknown): OrderRoutedV2 => ({ decision: routedDecision((data as OrderRoutedV1).decision) }),
};
