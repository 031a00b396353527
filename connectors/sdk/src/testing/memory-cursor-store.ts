import type { CursorStore } from '../context.ts';

/** A {@link CursorStore} held in memory, with a view of what it holds. */
export interface MemoryCursorStore extends CursorStore {
  /** The stored cursors, by key. */
  entries: () => Record<string, string>;
}

/**
 * A cursor store for tests, optionally seeded.
 *
 * @example
 * const cursors = memoryCursorStore({ 'inventory-changes': '2025-01-01T00:00:00Z' });
 * await poller.poll(await cursors.get('inventory-changes'), { ...ctx, cursors });
 */
export function memoryCursorStore(initial: Record<string, string> = {}): MemoryCursorStore {
  const values = new Map(Object.entries(initial));
  return {
    get: (key) => Promise.resolve(values.get(key)),
    set: (key, value) => {
      values.set(key, value);
      return Promise.resolve();
    },
    entries: () => Object.fromEntries(values),
  };
}
