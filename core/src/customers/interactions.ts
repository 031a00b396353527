import type { InteractionV1 } from '../generated/schema-types.ts';
import type { SqlExecutor } from '../store/store.ts';
import { normalizeEmail, normalizePhone } from './identities.ts';
import { contactColumn, type ContactPoint } from './order-view.ts';

/** A contact-center interaction (interaction v1). */
export type Interaction = InteractionV1;

/**
 * Stores an interaction as it starts or ends. The two events may arrive in either order or twice:
 * a start never erases what an end recorded (end time, summary, outcome), and an end completes
 * what the start recorded. Returns the interaction as stored.
 */
export async function recordInteraction(tx: SqlExecutor, interaction: Interaction, phase: 'started' | 'ended'): Promise<Interaction> {
  const { rows } = await tx.query<{ document: Interaction }>('select document from customer_interactions where interaction_id = $1 for update', [interaction.id]);
  const existing = rows[0]?.document;
  const merged: Interaction = existing === undefined ? interaction : phase === 'ended' ? { ...existing, ...interaction } : { ...interaction, ...existing };
  const phone = merged.contact?.phone === undefined ? null : (normalizePhone(merged.contact.phone) ?? null);
  const email = merged.contact?.email === undefined ? null : normalizeEmail(merged.contact.email);
  await tx.query(
    `insert into customer_interactions (interaction_id, customer_id, phone, email, channel, started_at, ended_at, document) values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (interaction_id) do update set customer_id = excluded.customer_id, phone = excluded.phone, email = excluded.email, channel = excluded.channel,
       started_at = excluded.started_at, ended_at = excluded.ended_at, document = excluded.document, updated_at = now()`,
    [merged.id, merged.customerId ?? null, phone, email, merged.channel, merged.startedAt, merged.endedAt ?? null, merged],
  );
  return merged;
}

/** The newest interactions of a customer. */
export async function interactionsOfCustomer(db: SqlExecutor, customerId: string, limit: number): Promise<Interaction[]> {
  const { rows } = await db.query<{ document: Interaction }>('select document from customer_interactions where customer_id = $1 order by started_at desc, interaction_id limit $2', [customerId, limit]);
  return rows.map((row) => row.document);
}

/** The newest interactions from a phone or email that no customer was found for. */
export async function guestInteractionsOf(db: SqlExecutor, point: ContactPoint, limit: number): Promise<Interaction[]> {
  const { rows } = await db.query<{ document: Interaction }>(
    `select document from customer_interactions where ${contactColumn(point)} = $1 and customer_id is null order by started_at desc, interaction_id limit $2`,
    [point.value, limit],
  );
  return rows.map((row) => row.document);
}

/** Links interactions from a customer's phone or email that no customer was known for. */
export async function adoptInteractions(tx: SqlExecutor, customerId: string, email: string | undefined, phone: string | undefined): Promise<number> {
  const normalizedEmail = email === undefined ? null : normalizeEmail(email);
  const normalizedPhone = phone === undefined ? null : (normalizePhone(phone) ?? null);
  if (normalizedEmail === null && normalizedPhone === null) return 0;
  const { rowCount } = await tx.query(
    `update customer_interactions set customer_id = $1, document = jsonb_set(document, '{customerId}', to_jsonb($1::text))
     where customer_id is null and (email = $2 or phone = $3)`,
    [customerId, normalizedEmail, normalizedPhone],
  );
  return rowCount;
}
