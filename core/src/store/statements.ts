import type { SqlExecutor } from './store.ts';

/** One SQL statement and its parameters, numbered from $1. */
export interface SqlStatement {
  text: string;
  params: readonly unknown[];
}

const PLACEHOLDER = /\$(\d+)/g;

/**
 * Runs several data-modifying statements (`insert`, `update`, `delete`; what they return is not
 * read) in one round trip: each becomes a common table expression of one query, its placeholders
 * renumbered after those of the statements before it. PostgreSQL runs them all against one
 * snapshot, so none may depend on another's effects or change a row another changes; foreign
 * keys between their rows hold, as constraints are checked once all are done. Undefined entries
 * (nothing to write) are skipped; a single statement runs as it is. The statements' texts must
 * not hold a `$` other than their placeholders.
 */
export async function runTogether(tx: SqlExecutor, statements: readonly (SqlStatement | undefined)[]): Promise<void> {
  const present = statements.filter((statement): statement is SqlStatement => statement !== undefined);
  const [only] = present;
  if (only === undefined) return;
  if (present.length === 1) {
    await tx.query(only.text, only.params);
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
  await tx.query(`with ${parts.join(',\n')}\nselect 1`, params);
}
