/**
 * One GraphQL document the connector sends, defined once with the types of its reply data and
 * variables. Every operation is validated against the Admin API 2025-01 schema in the tests.
 */
export interface GraphqlOperation<Data, Variables> {
  /** The operation name written in the document (`query OmnihubPing …`). */
  readonly name: string;
  readonly kind: 'query' | 'mutation';
  /** The document: the operation and the fragments it spreads. */
  readonly document: string;
  /** Points Shopify is expected to charge, used before its first reply tells the real figure. */
  readonly estimatedCost: number;
  /**
   * Whether resending after a timeout or 5xx is safe: queries, and mutations the vendor refuses
   * to apply twice (a compare-and-set, a state transition).
   */
  readonly retrySafe: boolean;
  /** Carries the reply and variable types; never set at run time. */
  readonly types?: { data: Data; variables: Variables };
}

/**
 * Declares an operation.
 *
 * @example
 * const Ping = defineOperation<{ locations: { nodes: { id: string }[] } }, Record<string, never>>({ name: 'OmnihubPing', kind: 'query', document: 'query OmnihubPing { locations(first: 1) { nodes { id } } }', estimatedCost: 3, retrySafe: true });
 */
export function defineOperation<Data, Variables>(operation: Omit<GraphqlOperation<Data, Variables>, 'types'>): GraphqlOperation<Data, Variables> {
  return operation;
}

/** Shopify's money in the shop currency. */
export interface ShopMoney {
  shopMoney: { amount: string; currencyCode: string };
}

/** A mutation's user error (`UserError`, or a typed variant with a `code`). */
export interface UserError {
  code?: string | null | undefined;
  field?: string[] | null | undefined;
  message: string;
}
