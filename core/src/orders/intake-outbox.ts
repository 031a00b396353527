import { outboxColumns } from '../broker/outbox.ts';
import type { CloudEvent } from '../envelope/cloud-event.ts';
import { OrderRouted } from '../events/catalog.ts';
import type { SqlExecutor } from '../store/store.ts';

/** The routing decision an `order.routed` event carries, when `event` is one. */
function routedDecisionId(event: CloudEvent): string | undefined {
  if (event.type !== OrderRouted.type) return undefined;
  const decision = (event.data as { decision?: { id?: unknown } } | undefined)?.decision;
  return typeof decision?.id === 'string' ? decision.id : undefined;
}

/**
 * Queues the events of an intake in the outbox of `tx`, in one statement and in the given order,
 * as `enqueueOutboxMany` does. An `order.routed` event's data is taken from its decision as
 * stored in `routing_decisions` earlier in the same transaction: a decision over a few hundred
 * locations is tens of kilobytes of JSON, which then travels to the database once instead of
 * twice. The event was validated when it was emitted; the stored decision is the same JSON text.
 * Throws when such a decision was not stored, leaving the transaction to fail rather than queue
 * an event without its data.
 */
export async function enqueueIntakeEvents(tx: SqlExecutor, events: readonly CloudEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((event) => {
    const decisionId = routedDecisionId(event);
    if (decisionId === undefined) return [event.id, event.type, ...outboxColumns(event), null] as const;
    const [attributes] = outboxColumns({ ...event, data: undefined });
    return [event.id, event.type, attributes, null, decisionId] as const;
  });
  const { rows: missing } = await tx.query<{ event_id: string }>(
    `with queued as (
       insert into outbox (event_id, routing_key, envelope, data)
       select e.id, e.routing_key, e.envelope::jsonb,
              case when e.decision_id is null then e.data::json
                   else (select json_build_object('decision', d.decision) from routing_decisions d where d.id = e.decision_id) end
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) with ordinality as e(id, routing_key, envelope, data, decision_id, n)
       order by n
       returning event_id, data is null as missing)
     select event_id from queued where missing`,
    [0, 1, 2, 3, 4].map((column) => rows.map((row) => row[column])),
  );
  if (missing.length > 0) {
    throw new Error(`order.routed ${missing.map((row) => row.event_id).join(', ')} has no stored routing decision in this transaction`);
  }
}
