import { runTogether, type SqlStatement } from '../store/statements.ts';
import { valuesPlaceholders, type SqlExecutor } from '../store/store.ts';
import type { RoutingDecision, RoutingExplanation, RoutingOutcome } from './engine-types.ts';

/** Records a decision with its explanation; a decision id is stored once. */
export async function saveDecision(tx: SqlExecutor, outcome: RoutingOutcome): Promise<void> {
  await runTogether(tx, [decisionsInsert([outcome])]);
}

/**
 * The statement recording several decisions as {@link saveDecision} does one, to run with others
 * (see `runTogether`); undefined when there is nothing to save.
 */
export function decisionsInsert(outcomes: readonly RoutingOutcome[]): SqlStatement | undefined {
  if (outcomes.length === 0) return undefined;
  return {
    text: `insert into routing_decisions (id, order_id, attempt, profile_id, profile_version, decision, explanation, decided_at)
     values ${valuesPlaceholders(outcomes.length, ['', '', '::int', '', '::int', '::json', '::json', '::timestamptz'])} on conflict (id) do nothing`,
    params: outcomes.flatMap(({ decision, explanation }) => [
      decision.id,
      decision.orderId,
      decision.attempt ?? 1,
      decision.profile.id,
      decision.profile.version,
      JSON.stringify(decision),
      JSON.stringify(explanation),
      decision.decidedAt,
    ]),
  };
}

/** The routing decisions of an order, first one first. */
export async function orderDecisions(db: SqlExecutor, orderId: string): Promise<RoutingOutcome[]> {
  const { rows } = await db.query<{ decision: RoutingDecision; explanation: RoutingExplanation }>(
    'select decision, explanation from routing_decisions where order_id = $1 order by attempt',
    [orderId],
  );
  return rows.map((row) => ({ decision: row.decision, explanation: row.explanation }));
}
