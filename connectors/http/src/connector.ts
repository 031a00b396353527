import { defineConnector, type ConnectorDefinition, type ConnectorManifest, type WebhookHandler } from '@omnihub/connector-sdk';
import type { HttpConfig } from './config.ts';
import { requestAction } from './request-action.ts';
import { testConnection } from './test-connection.ts';

/**
 * The generic HTTP connector around a manifest and an `events` webhook: every major shares the
 * config, the `request` action and the connection check, and differs in how webhooks are signed.
 */
export function httpConnector(manifest: ConnectorManifest, eventsWebhook: WebhookHandler<HttpConfig>): ConnectorDefinition<HttpConfig> {
  return defineConnector<HttpConfig>({
    manifest,
    webhooks: { events: eventsWebhook },
    actions: { request: requestAction },
    testConnection,
  });
}
