import { InvalidMessageFailure } from '@omnihub/connector-sdk';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Properties as HubSpot takes them: string values only; null and undefined left out. */
export function stringProperties(value: unknown, what: string): Record<string, string> {
  if (!isObject(value)) throw new InvalidMessageFailure(`${what}: properties must be an object`, { code: 'hubspot.payload' });
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(value)) {
    if (raw === null || raw === undefined) continue;
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') throw new InvalidMessageFailure(`${what}: property ${name} must be a string, number or boolean`, { code: 'hubspot.payload' });
    out[name] = String(raw);
  }
  return out;
}

/** The vendor payload of `upsert-contact` (mapping hubspot.customer-to-contact). */
export interface ContactPayload {
  email?: string | undefined;
  phone?: string | undefined;
  properties: Record<string, string>;
}

/** Reads and checks a contact payload. */
export function contactPayload(value: unknown): ContactPayload {
  if (!isObject(value)) throw new InvalidMessageFailure('upsert-contact: the mapped payload is not an object', { code: 'hubspot.payload' });
  const email = typeof value['email'] === 'string' ? value['email'] : undefined;
  const phone = typeof value['phone'] === 'string' ? value['phone'] : undefined;
  if (email === undefined && phone === undefined) throw new InvalidMessageFailure('upsert-contact: a contact needs an email or a phone to be matched', { code: 'hubspot.payload' });
  return { email, phone, properties: stringProperties(value['properties'], 'upsert-contact') };
}

/** The vendor payload of `upsert-order` (mapping hubspot.order-to-order). */
export interface OrderPayload {
  orderId: string;
  properties: Record<string, string>;
  contact: { email?: string | undefined; phone?: string | undefined; hubspotId?: string | undefined };
}

/** Reads and checks an order payload. */
export function orderPayload(value: unknown): OrderPayload {
  if (!isObject(value) || typeof value['orderId'] !== 'string' || value['orderId'] === '') throw new InvalidMessageFailure('upsert-order: the mapped payload needs an orderId', { code: 'hubspot.payload' });
  const contact = isObject(value['contact']) ? value['contact'] : {};
  const text = (key: string): string | undefined => (typeof contact[key] === 'string' ? contact[key] : undefined);
  return { orderId: value['orderId'], properties: stringProperties(value['properties'], 'upsert-order'), contact: { email: text('email'), phone: text('phone'), hubspotId: text('hubspotId') } };
}
