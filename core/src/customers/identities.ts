import type { SqlExecutor } from '../store/store.ts';

/** How a customer was found. */
export type MatchedBy = 'customer-id' | 'phone' | 'email';

/** The contact points a lookup may use. */
export interface ContactKeys {
  customerId?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
}

/** The keys a customer is found by: email, phone and ids in connected systems. */
export interface CustomerKeys {
  email?: string | undefined;
  phone?: string | undefined;
  externalIds?: readonly { system: string; id: string }[] | undefined;
}

/** Emails compare case-insensitively. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * A phone number in E.164 (`+4930...`), or undefined when it is not one. Spaces, dashes, dots and
 * brackets are dropped; a leading `00` becomes `+`; a leading space stands for a `+` that a query
 * string decoded as a space.
 */
export function normalizePhone(phone: string): string | undefined {
  const compact = phone.replace(/[\s\-().]/g, '');
  const withPlus = compact.startsWith('00') ? `+${compact.slice(2)}` : /^\d/.test(compact) && /^\s/.test(phone) ? `+${compact}` : compact;
  return /^\+[1-9]\d{1,14}$/.test(withPlus) ? withPlus : undefined;
}

function identityRows(customerId: string, keys: CustomerKeys): [string, string, string][] {
  const rows: [string, string, string][] = [];
  if (keys.email !== undefined) rows.push(['email', normalizeEmail(keys.email), customerId]);
  const phone = keys.phone === undefined ? undefined : normalizePhone(keys.phone);
  if (phone !== undefined) rows.push(['phone', phone, customerId]);
  for (const external of keys.externalIds ?? []) rows.push(['external', `${external.system}:${external.id}`, customerId]);
  return rows;
}

/**
 * Makes `keys` the lookup keys of `customerId`: keys it no longer has stop resolving to it, and a
 * key another customer held moves to this one (the newest profile to claim an email wins).
 */
export async function replaceIdentities(tx: SqlExecutor, customerId: string, keys: CustomerKeys): Promise<void> {
  await tx.query('delete from customer_identities where customer_id = $1', [customerId]);
  for (const [kind, value, id] of identityRows(customerId, keys)) {
    await tx.query(
      `insert into customer_identities (kind, value, customer_id) values ($1, $2, $3)
       on conflict (kind, value) do update set customer_id = excluded.customer_id`,
      [kind, value, id],
    );
  }
}

/** The customer holding an identity key, if any. */
export async function customerByIdentity(db: SqlExecutor, kind: 'email' | 'phone' | 'external', value: string): Promise<string | undefined> {
  const { rows } = await db.query<{ customer_id: string }>('select customer_id from customer_identities where kind = $1 and value = $2', [kind, value]);
  return rows[0]?.customer_id;
}

/**
 * Finds a known customer (one with a profile) by id, then phone, then email. Undefined when none
 * matches: the contact is new to the hub.
 */
export async function resolveCustomer(db: SqlExecutor, keys: ContactKeys): Promise<{ customerId: string; matchedBy: MatchedBy } | undefined> {
  if (keys.customerId !== undefined) {
    const { rowCount } = await db.query('select 1 from customer_profiles where customer_id = $1', [keys.customerId]);
    if (rowCount > 0) return { customerId: keys.customerId, matchedBy: 'customer-id' };
  }
  const phone = keys.phone === undefined ? undefined : normalizePhone(keys.phone);
  if (phone !== undefined) {
    const byPhone = await customerByIdentity(db, 'phone', phone);
    if (byPhone !== undefined) return { customerId: byPhone, matchedBy: 'phone' };
  }
  if (keys.email !== undefined) {
    const byEmail = await customerByIdentity(db, 'email', normalizeEmail(keys.email));
    if (byEmail !== undefined) return { customerId: byEmail, matchedBy: 'email' };
  }
  return undefined;
}
