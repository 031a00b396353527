/**
 * Turns a document of schema `name` at version `from` into version `from + 1`.
 * Upcasters are pure and chained by the registry, so v1 reaches v3 through v2.
 */
export interface Upcaster {
  name: string;
  from: number;
  upcast(data: unknown): unknown;
}
