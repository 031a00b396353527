/**
 * @omnihub/connector-http 2.0.0: the generic HTTP connector (one `omnihub-signature` header on
 * webhooks). Config, the `request` action, the webhook body and the connection check are those of
 * 1.0.0, imported from its sources beside this folder; only the signature and the manifest are new.
 */
import { httpConnector } from '../../../src/connector.ts';
import { eventsWebhook } from './events-webhook.ts';
import { manifest } from './manifest.ts';

export type { HttpConfig } from '../../../src/config.ts';
export type { HttpRequestPayload } from '../../../src/request-payload.ts';
export { signWebhook, SIGNATURE_HEADER } from './signature.ts';

/** The generic HTTP connector, 2.x. */
const connector = httpConnector(manifest, eventsWebhook);

export default connector;
