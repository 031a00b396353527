/**
 * A small map whose entries expire after a time-to-live, read against the caller's clock (pass
 * `ctx.clock.now().getTime()`, so tests move time with the SDK's test clock). Bounded: when full,
 * the oldest entry is dropped.
 *
 * @example
 * const skus = new TtlCache<string>();
 * skus.set('TSH-ORG-NVY-M', 'gid://shopify/InventoryItem/808950810', ctx.clock.now().getTime(), 15 * 60_000);
 * skus.get('TSH-ORG-NVY-M', ctx.clock.now().getTime()); // 'gid://shopify/InventoryItem/808950810' for 15 minutes
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  readonly #maxEntries: number;

  /** Keeps at most `maxEntries` entries (default 10,000: a catalog's SKUs, not an unbounded log). */
  constructor(maxEntries = 10_000) {
    this.#maxEntries = maxEntries;
  }

  /** The value under `key` unless it expired by `nowMs`. */
  get(key: string, nowMs: number): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= nowMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Keeps `value` under `key` for `ttlMs` (nothing is kept when the TTL is 0). */
  set(key: string, value: V, nowMs: number, ttlMs: number): void {
    if (ttlMs <= 0) return;
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, { value, expiresAt: nowMs + ttlMs });
  }

  /** How many entries are kept (expired ones included until read). */
  get size(): number {
    return this.#entries.size;
  }
}
