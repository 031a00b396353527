import type { SqlExecutor } from '../store/store.ts';
import { buildContext, buildGuestContext, buildOrdersOnlyContext, type CustomerContext } from './context-builder.ts';
import { normalizeEmail, normalizePhone } from './identities.ts';
import { customerOfContact, type ContactPoint } from './order-view.ts';

/** Rebuilds and stores the contexts of `customerIds` (the projection's one write path). */
export async function refreshContexts(tx: SqlExecutor, customerIds: Iterable<string | undefined>, now: Date): Promise<void> {
  for (const customerId of new Set(customerIds)) {
    if (customerId === undefined) continue;
    const context = await buildContext(tx, customerId, now);
    if (context === undefined) continue;
    await tx.query(
      `insert into customer_contexts (customer_id, context, updated_at) values ($1, $2, $3)
       on conflict (customer_id) do update set context = excluded.context, updated_at = excluded.updated_at`,
      [customerId, context, now.toISOString()],
    );
  }
}

/** The stored context of a customer: one primary-key read. */
export async function readContext(db: SqlExecutor, customerId: string): Promise<CustomerContext | undefined> {
  const { rows } = await db.query<{ context: CustomerContext }>('select context from customer_contexts where customer_id = $1', [customerId]);
  return rows[0]?.context;
}

/** A phone or email as the hub stores them; undefined for a phone that is no number. */
export function contactPoint(key: { phone: string } | { email: string }): ContactPoint | undefined {
  if ('email' in key) return { kind: 'email', value: normalizeEmail(key.email) };
  const phone = normalizePhone(key.phone);
  return phone === undefined ? undefined : { kind: 'phone', value: phone };
}

async function storedContextOf(db: SqlExecutor, point: ContactPoint): Promise<CustomerContext | undefined> {
  const { rows } = await db.query<{ context: CustomerContext }>(
    'select c.context from customer_identities i join customer_contexts c on c.customer_id = i.customer_id where i.kind = $1 and i.value = $2',
    [point.kind, point.value],
  );
  return rows[0]?.context;
}

/** The stored context of whoever holds a phone number or an email address: one indexed join. */
export async function readContextBy(db: SqlExecutor, key: { phone: string } | { email: string }): Promise<CustomerContext | undefined> {
  const point = contactPoint(key);
  return point === undefined ? undefined : storedContextOf(db, point);
}

/**
 * The context agents see for a customer id: the stored one, or, for an id that orders name but no
 * profile has arrived for, one built from those orders (see `buildOrdersOnlyContext`). Undefined
 * when neither a profile nor an order knows the id.
 */
export async function lookupContext(db: SqlExecutor, customerId: string, now = new Date()): Promise<CustomerContext | undefined> {
  return (await readContext(db, customerId)) ?? (await buildOrdersOnlyContext(db, customerId, now));
}

/**
 * The context the orders placed with a phone or email give, for a contact no customer holds: that
 * of the customer the newest such order names (stored, or built from the orders); else a guest's
 * context from the orders that name no customer (see `buildGuestContext`). Undefined when no order
 * holds it.
 */
export async function contextOfContactOrders(db: SqlExecutor, point: ContactPoint, now: Date): Promise<CustomerContext | undefined> {
  const named = await customerOfContact(db, point);
  return named === undefined ? buildGuestContext(db, point, now) : lookupContext(db, named, now);
}

/**
 * The context agents see for a phone number or an email address: the stored context of the
 * customer holding it; else the one its orders give (see {@link contextOfContactOrders}).
 * Undefined when neither a customer nor an order holds it.
 */
export async function lookupContextBy(db: SqlExecutor, key: { phone: string } | { email: string }, now = new Date()): Promise<CustomerContext | undefined> {
  const point = contactPoint(key);
  if (point === undefined) return undefined;
  return (await storedContextOf(db, point)) ?? contextOfContactOrders(db, point, now);
}
