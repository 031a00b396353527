import { runTogether, type SqlStatement } from '../store/statements.ts';
import { valuesPlaceholders, type SqlExecutor } from '../store/store.ts';
import { packCandidates, unpackCandidates, type PackedCandidates } from './candidate-table.ts';
import type { RoutingDecision, RoutingExplanation, RoutingOutcome } from './engine-types.ts';

/** Records a decision with its explanation; a decision id is stored once. */
export async function saveDecision(tx: SqlExecutor, outcome: RoutingOutcome): Promise<void> {
  await runTogether(tx, [decisionsInsert([outcome])]);
}

/**
 * The statement recording several decisions as {@link saveDecision} does one, to run with others
 * (see `runTogether`); undefined when there is nothing to save. The candidates are stored packed
 * (see {@link packCandidates}), beside the rest of the decision.
 */
export function decisionsInsert(outcomes: readonly RoutingOutcome[]): SqlStatement | undefined {
  if (outcomes.length === 0) return undefined;
  return {
    text: `insert into routing_decisions (id, order_id, attempt, profile_id, profile_version, decision, candidates, explanation, decided_at)
     values ${valuesPlaceholders(outcomes.length, ['', '', '::int', '', '::int', '::json', '::json', '::json', '::timestamptz'])} on conflict (id) do nothing`,
    params: outcomes.flatMap(({ decision, explanation }) => {
      const { candidates, ...rest } = decision;
      return [
        decision.id,
        decision.orderId,
        decision.attempt ?? 1,
        decision.profile.id,
        decision.profile.version,
        JSON.stringify(rest),
        JSON.stringify(packCandidates(candidates)),
        JSON.stringify(explanation),
        decision.decidedAt,
      ];
    }),
  };
}

/** The routing decisions of an order, first one first. */
export async function orderDecisions(db: SqlExecutor, orderId: string): Promise<RoutingOutcome[]> {
  const { rows } = await db.query<{ decision: RoutingDecision; candidates: PackedCandidates | null; explanation: RoutingExplanation }>(
    'select decision, candidates, explanation from routing_decisions where order_id = $1 order by attempt',
    [orderId],
  );
  return rows.map((row) => ({
    decision: row.candidates === null ? row.decision : withCandidates(row.decision, unpackCandidates(row.candidates)),
    explanation: row.explanation,
  }));
}

/** A decision stored without its candidates, with them put back in their place. */
function withCandidates(stored: Omit<RoutingDecision, 'candidates'>, candidates: RoutingDecision['candidates']): RoutingDecision {
  const { assignments, splitCount, unassigned, ...head } = stored;
  return { ...head, candidates, assignments, splitCount, unassigned };
}
