/**
 * @omnihub/connector-http 1.0.0: the generic HTTP connector.
 */
import { httpConnector } from './connector.ts';
import { eventsWebhook } from './events-webhook.ts';
import { manifest } from './manifest.ts';

export type { HttpConfig } from './config.ts';
export type { HttpRequestPayload } from './request-payload.ts';
export { signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.ts';

/** The generic HTTP connector. */
const connector = httpConnector(manifest, eventsWebhook);

export default connector;
