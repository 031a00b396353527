import type { HttpClient } from '../context.ts';

/**
 * State kept per instance: the hub gives each connector instance one HTTP client (and each test
 * context a fresh one), so state keyed by `ctx.http` never leaks between instances or tests, and
 * goes away with the client. Returns the accessor; `create` runs once per client.
 *
 * @example
 * const caches = perHttpClient(() => ({ idBySku: new TtlCache<string>() }));
 * const { idBySku } = caches(ctx.http);
 */
export function perHttpClient<T>(create: () => T): (http: HttpClient) => T {
  const states = new WeakMap<HttpClient, T>();
  return (http) => {
    let state = states.get(http);
    if (state === undefined) {
      state = create();
      states.set(http, state);
    }
    return state;
  };
}
