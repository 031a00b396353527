import type { SqlExecutor } from './store.ts';

/** One SQL statement and its parameters, numbered from $1. */
export interface SqlStatement {
  text: string;
  params: readonly unknown[];
  /**
   * Receives the rows the statement returns (its `returning` clause). Run with others, the rows
   * come back as JSON, so only JSON-representable columns keep their type.
   */
  returned?: ((rows: Record<string, unknown>[]) => void) | undefined;
}

const PLACEHOLDER = /\$(\d+)/g;

/**
 * Runs several data-modifying statements (`insert`, `update`, `delete`) in one round trip: each
 * becomes a common table expression of one query, its placeholders renumbered after those of the
 * statements before it; what a statement returns goes to its `returned`, if it has one. PostgreSQL
 * runs them all against one snapshot, so none may depend on another's effects or change a row
 * another changes; foreign keys between their rows hold, as constraints are checked once all are
 * done. Undefined entries (nothing to write) are skipped; a single statement runs as it is. The
 * statements' texts must not hold a `$` other than their placeholders.
 */
export async function runTogether(tx: SqlExecutor, statements: readonly (SqlStatement | undefined)[]): Promise<void> {
  const present = statements.filter((statement): statement is SqlStatement => statement !== undefined);
  const [only] = present;
  if (only === undefined) return;
  if (present.length === 1) {
    const { rows } = await tx.query(only.text, only.params);
    only.returned?.(rows);
    return;
  }
  const params: unknown[] = [];
  const parts = present.map((statement, index) => {
    const offset = params.length;
    params.push(...statement.params);
    const text = statement.text.replace(PLACEHOLDER, (_, n: string) => {
      const number = Number(n);
      if (number < 1 || number > statement.params.length) throw new Error(`statement ${index + 1} uses $${n} but has ${statement.params.length} parameters`);
      return `$${number + offset}`;
    });
    return `w${index + 1} as (${text})`;
  });
  const results = present.flatMap((statement, index) =>
    statement.returned === undefined ? [] : [`(select coalesce(json_agg(w${index + 1}), '[]'::json) from w${index + 1}) as r${index + 1}`],
  );
  const { rows } = await tx.query(`with ${parts.join(',\n')}\nselect ${results.length === 0 ? '1' : results.join(', ')}`, params);
  present.forEach((statement, index) => {
    statement.returned?.((rows[0]?.[`r${index + 1}`] ?? []) as Record<string, unknown>[]);
  });
}
