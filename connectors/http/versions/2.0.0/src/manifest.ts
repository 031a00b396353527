import type { ConnectorManifest } from '@omnihub/connector-sdk';
import { manifest as v1 } from '../../../src/manifest.ts';

/**
 * The generic HTTP connector's manifest, version 2.0.0: that of 1.0.0 (config, capabilities,
 * hosts, compatibility) with webhooks signed in one `omnihub-signature` header.
 */
export const manifest: ConnectorManifest = {
  ...v1,
  version: '2.0.0',
  vendorApiVersion: 'omnihub-http-2',
  capabilities: {
    ...v1.capabilities,
    webhooks: (v1.capabilities.webhooks ?? []).map((webhook) =>
      webhook.name === 'events'
        ? { ...webhook, description: 'JSON events (one object, an array, or { "events": [...] }) signed with omnihub-signature: t=<unix seconds>,v1=<hex> (HMAC-SHA256 of "<t>.<raw body>").' }
        : webhook,
    ),
  },
  breakingChanges: {
    '2': [
      'Inbound webhook signatures travel in one header, omnihub-signature: t=<unix seconds>,v1=<hex>; the 1.x headers x-omnihub-signature and x-omnihub-timestamp are no longer read, so senders must switch before an instance is upgraded.',
    ],
  },
};
