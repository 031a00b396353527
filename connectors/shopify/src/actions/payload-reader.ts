import { PayloadReader } from '@omnihub/connector-sdk';

/**
 * The reader of an action's vendor payload (undefined for a null payload: nothing to send); a
 * field of the wrong shape fails as `shopify.payload-invalid`.
 */
export function readPayload(action: string, payload: unknown): PayloadReader | undefined {
  return PayloadReader.of(action, payload, { code: 'shopify.payload-invalid' });
}
