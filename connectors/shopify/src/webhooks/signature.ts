import { hmacSha256, verifyHmacSha256, type VerifyResult, type WebhookRequest } from '@omnihub/connector-sdk';
import { shopDomain, type ShopifyConfig } from '../config.ts';

/** Header carrying the base64 HMAC-SHA256 of the raw body under the app's client secret. */
export const HMAC_HEADER = 'x-shopify-hmac-sha256';
/** Header naming the shop the webhook is about. */
export const SHOP_DOMAIN_HEADER = 'x-shopify-shop-domain';

/**
 * The X-Shopify-Hmac-Sha256 value Shopify sends for `rawBody`: base64 HMAC-SHA256 under the app's
 * client secret.
 *
 * @example
 * const hmac = signShopifyWebhook('app-client-secret-0123', Buffer.from('{"id":1}'));
 */
export function signShopifyWebhook(secret: string, rawBody: Buffer): string {
  return hmacSha256(secret, rawBody, 'base64');
}

/**
 * Checks a Shopify webhook: the HMAC over the exact body bytes (constant time), then that it is
 * about this instance's shop. One app signs the webhooks of every shop it is installed on with the
 * same secret, so the shop check keeps another shop's (validly signed) webhooks out.
 * Shopify signs no timestamp: replays are absorbed by de-duplication on the event id.
 */
export function verifyShopifyWebhook(request: WebhookRequest, config: ShopifyConfig): VerifyResult {
  if (config.webhookSecret === undefined || config.webhookSecret === '') return { ok: false, reason: 'this instance has no webhookSecret: it cannot check Shopify webhooks' };
  const signature = verifyHmacSha256({ secret: config.webhookSecret, payload: request.rawBody, signature: request.headers[HMAC_HEADER], encoding: 'base64' });
  if (!signature.ok) return { ok: false, reason: `${HMAC_HEADER}: ${signature.reason}` };
  const domain = request.headers[SHOP_DOMAIN_HEADER]?.trim().toLowerCase();
  if (domain === undefined || domain === '') return { ok: false, reason: `${SHOP_DOMAIN_HEADER} is missing` };
  if (domain !== shopDomain(config)) return { ok: false, reason: `the webhook is about shop ${domain}, but this instance serves ${shopDomain(config)}` };
  return { ok: true };
}
