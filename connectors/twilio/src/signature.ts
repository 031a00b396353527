import { createHmac } from 'node:crypto';
import { timingSafeEqualString, type VerifyResult, type WebhookRequest } from '@omnihub/connector-sdk';

/** The header Twilio signs its webhooks with. */
export const SIGNATURE_HEADER = 'x-twilio-signature';

/**
 * Twilio's request signature: HMAC-SHA1 under the auth token of the full URL Twilio called
 * (query included) followed by every POST parameter, sorted by name, each as name then value,
 * base64-encoded.
 *
 * @example
 * twilioSignature(authToken, 'https://hub.example.com/v1/webhooks/twilio-eu/incoming-sms', { From: '+4915123456789', Body: 'hi' });
 */
export function twilioSignature(authToken: string, url: string, params: Readonly<Record<string, string | readonly string[]>>): string {
  const data = Object.keys(params)
    .sort()
    .map((name) => {
      const value = params[name];
      if (typeof value === 'string') return `${name}${value}`;
      return [...(value ?? [])].sort().map((v) => `${name}${v}`).join('');
    })
    .join('');
  return createHmac('sha1', authToken).update(Buffer.from(`${url}${data}`, 'utf8')).digest('base64');
}

/** The form parameters of a body (`application/x-www-form-urlencoded`), repeated names as arrays. */
export function formParams(rawBody: Buffer): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(rawBody.toString('utf8'))) {
    const earlier = params[name];
    params[name] = earlier === undefined ? value : Array.isArray(earlier) ? [...earlier, value] : [earlier, value];
  }
  return params;
}

/** The URL Twilio called: the request's URL, with the query appended when the hub handed it separately. */
export function signedUrl(request: WebhookRequest): string {
  if (request.url.includes('?') || Object.keys(request.query).length === 0) return request.url;
  return `${request.url}?${new URLSearchParams(request.query).toString()}`;
}

/**
 * Checks X-Twilio-Signature over the URL and the raw body's form parameters, in constant time.
 * Twilio signs no timestamp, so freshness cannot be judged; replays are absorbed by the
 * de-duplication keys of the records (EventSid, MessageSid with status).
 */
export function verifyTwilioSignature(request: WebhookRequest, authToken: string): VerifyResult {
  const signature = request.headers[SIGNATURE_HEADER];
  if (signature === undefined || signature === '') return { ok: false, reason: 'X-Twilio-Signature missing' };
  const expected = twilioSignature(authToken, signedUrl(request), formParams(request.rawBody));
  return timingSafeEqualString(signature, expected) ? { ok: true } : { ok: false, reason: 'X-Twilio-Signature does not match the URL and parameters' };
}
