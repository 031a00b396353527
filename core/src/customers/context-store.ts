import type { SqlExecutor } from '../store/store.ts';
import { buildContext, type CustomerContext } from './context-builder.ts';
import { normalizeEmail, normalizePhone } from './identities.ts';

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

/** The stored context of whoever holds a phone number or an email address: one indexed join. */
export async function readContextBy(db: SqlExecutor, key: { phone: string } | { email: string }): Promise<CustomerContext | undefined> {
  const [kind, value] = 'phone' in key ? ['phone', normalizePhone(key.phone)] : ['email', normalizeEmail(key.email)];
  if (value === undefined) return undefined;
  const { rows } = await db.query<{ context: CustomerContext }>(
    'select c.context from customer_identities i join customer_contexts c on c.customer_id = i.customer_id where i.kind = $1 and i.value = $2',
    [kind, value],
  );
  return rows[0]?.context;
}
