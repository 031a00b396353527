import { HubError, type FieldError } from '../errors/hub-error.ts';
import type { OrderV1 } from '../generated/schema-types.ts';

/** The parts of an order {@link orderRuleErrors} checks. */
export type RuledOrder = Pick<OrderV1, 'deliveryMethod' | 'pickupLocationId'> & { lines: readonly Pick<OrderV1['lines'][number], 'lineId'>[] };

/**
 * Rules an order must meet beyond the canonical order schema, before it may be taken in or
 * routed: every line id is unique within the order (routing, reservations and fulfillments address
 * lines by id), and a pickup order names its pickup store. Each broken rule is a field error whose
 * path is a JSON pointer under `base` (e.g. `/data/order` for an `order.created` event).
 */
export function orderRuleErrors(order: RuledOrder, base = ''): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  order.lines.forEach((line, index) => {
    const first = seen.get(line.lineId);
    if (first === undefined) seen.set(line.lineId, index);
    else errors.push({ path: `${base}/lines/${index}/lineId`, message: `must be unique within the order: ${line.lineId} is also the id of line ${first}`, keyword: 'uniqueLineId' });
  });
  if (order.deliveryMethod === 'pickup' && order.pickupLocationId === undefined) {
    errors.push({ path: `${base}/pickupLocationId`, message: 'is required for a pickup order: the store the customer collects from', keyword: 'required' });
  }
  return errors;
}

/** The `validation-failed` error listing every broken rule of {@link orderRuleErrors}, or undefined when none is. */
export function orderRulesError(order: RuledOrder, base = ''): HubError | undefined {
  const errors = orderRuleErrors(order, base);
  if (errors.length === 0) return undefined;
  return new HubError('validation-failed', { detail: `order breaks ${errors.length === 1 ? 'a rule' : `${errors.length} rules`}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors });
}

/** Throws the error of {@link orderRulesError} when the order breaks a rule. */
export function assertOrderRules(order: RuledOrder, base = ''): void {
  const error = orderRulesError(order, base);
  if (error !== undefined) throw error;
}
