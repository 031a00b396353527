import type { CustomerV1 } from '../generated/schema-types.ts';
import type { SqlExecutor } from '../store/store.ts';
import { replaceIdentities } from './identities.ts';
import { adoptInteractions } from './interactions.ts';
import { adoptOrders } from './order-view.ts';

/** A customer profile (customer v1). */
export type CustomerProfile = CustomerV1;

/**
 * Applies a customer.upserted: the profile and its lookup keys are replaced, and guest orders and
 * interactions with its email or phone are linked to it. An upsert older than the stored profile
 * (by `updatedAt`) is ignored, so out-of-order deliveries keep the newest. Returns whether it applied.
 */
export async function applyCustomerUpsert(tx: SqlExecutor, customer: CustomerProfile): Promise<boolean> {
  const { rows } = await tx.query<{ source_updated_at: Date | null }>('select source_updated_at from customer_profiles where customer_id = $1 for update', [customer.id]);
  const stored = rows[0];
  if (stored?.source_updated_at != null && customer.updatedAt !== undefined && Date.parse(customer.updatedAt) < stored.source_updated_at.getTime()) return false;
  await tx.query(
    `insert into customer_profiles (customer_id, profile, source_updated_at) values ($1, $2, $3)
     on conflict (customer_id) do update set profile = excluded.profile, source_updated_at = excluded.source_updated_at, updated_at = now()`,
    [customer.id, customer, customer.updatedAt ?? null],
  );
  await replaceIdentities(tx, customer.id, { email: customer.email, phone: customer.phone, externalIds: customer.externalIds });
  await adoptOrders(tx, customer.id, customer.email, customer.phone);
  await adoptInteractions(tx, customer.id, customer.email, customer.phone);
  return true;
}

/** A customer's profile, or undefined when no connected system upserted it yet. */
export async function getCustomerProfile(db: SqlExecutor, customerId: string): Promise<CustomerProfile | undefined> {
  const { rows } = await db.query<{ profile: CustomerProfile }>('select profile from customer_profiles where customer_id = $1', [customerId]);
  return rows[0]?.profile;
}
