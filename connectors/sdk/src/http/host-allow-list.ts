import { ConfigurationFailure } from '../errors.ts';
import type { ConnectorManifest } from '../manifest.ts';

/**
 * True when `host` matches one of `allowedHosts`: an exact name (case-insensitive), or a
 * `*.suffix` wildcard matching any sub-domain at any depth (but not `suffix` itself).
 * Ports are not part of the match.
 *
 * @example
 * isHostAllowed('acme.myshopify.com', ['*.myshopify.com']); // true
 * isHostAllowed('myshopify.com', ['*.myshopify.com']); // false
 */
export function isHostAllowed(host: string, allowedHosts: readonly string[]): boolean {
  const name = normalizeHost(host);
  if (name === '') return false;
  return allowedHosts.some((entry) => {
    const pattern = normalizeHost(entry);
    if (pattern.startsWith('*.')) {
      const suffix = pattern.slice(1);
      return suffix.length > 1 && name.endsWith(suffix) && name.length > suffix.length;
    }
    return pattern !== '' && pattern === name;
  });
}

function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

/**
 * Parses `url` and checks it may be called: http(s) only, host in `allowedHosts`. Throws a
 * {@link ConfigurationFailure} (`http.invalid-url` or `http.host-not-allowed`) otherwise.
 *
 * @example
 * const url = assertUrlAllowed('https://acme.myshopify.com/admin/api/2025-01/graphql.json', ['*.myshopify.com']);
 */
export function assertUrlAllowed(url: string, allowedHosts: readonly string[]): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationFailure('request URL is not an absolute URL', { code: 'http.invalid-url' });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ConfigurationFailure(`request URL scheme "${parsed.protocol.slice(0, -1)}" is not http or https`, { code: 'http.invalid-url' });
  }
  if (!isHostAllowed(parsed.hostname, allowedHosts)) {
    const allowed = allowedHosts.length === 0 ? 'none' : allowedHosts.join(', ');
    throw new ConfigurationFailure(`host "${parsed.hostname}" is not allowed for this connector (allowed hosts: ${allowed})`, { code: 'http.host-not-allowed' });
  }
  return parsed;
}

/**
 * The host part of a config value holding a URL (`https://erp.example.com/api`) or a bare host
 * name (`erp.example.com`, `erp.example.com:8443`); undefined when there is none.
 *
 * @example
 * hostOf('https://erp.example.com:8443/api'); // 'erp.example.com'
 */
export function hostOf(value: string): string | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  try {
    return new URL(text.includes('://') ? text : `https://${text}`).hostname || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every host an instance may call: the manifest's `allowedHosts` plus the hosts found in the
 * config fields named by `allowedHostsFromConfig` (a dotted path reaches into nested objects).
 *
 * @example
 * resolveAllowedHosts(manifest, { baseUrl: 'https://erp.example.com/api' }); // [...manifest.allowedHosts, 'erp.example.com']
 */
export function resolveAllowedHosts(manifest: Pick<ConnectorManifest, 'allowedHosts' | 'allowedHostsFromConfig'>, config: unknown): string[] {
  const hosts = [...manifest.allowedHosts];
  for (const path of manifest.allowedHostsFromConfig ?? []) {
    const value = path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), config);
    const host = typeof value === 'string' ? hostOf(value) : undefined;
    if (host !== undefined) hosts.push(host);
  }
  return [...new Set(hosts)];
}
