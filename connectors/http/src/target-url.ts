import { PermanentFailure } from '@omnihub/connector-sdk';

/**
 * The absolute URL of `path` below `baseUrl`: the base's own path is kept as a prefix
 * (`https://erp.example.com/api` + `/orders` → `https://erp.example.com/api/orders`). A path that
 * would leave the base (`/../admin`) is refused, so a mapping cannot reach other endpoints.
 *
 * @example
 * targetUrl('https://erp.example.com/api/', '/orders/A-1'); // 'https://erp.example.com/api/orders/A-1'
 */
export function targetUrl(baseUrl: string, path: string): string {
  const base = new URL(baseUrl);
  const prefix = base.pathname.endsWith('/') ? base.pathname.slice(0, -1) : base.pathname;
  const [pathname = '', search] = path.split(/\?(.*)/s, 2);
  const url = new URL(base.origin);
  url.pathname = `${prefix}${pathname}`;
  if (search !== undefined) url.search = search;
  const inside = url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
  if (url.origin !== base.origin || !inside) {
    throw new PermanentFailure(`the mapped path ${JSON.stringify(path)} leaves the instance's baseUrl`, { code: 'http.payload-invalid' });
  }
  return url.toString();
}
