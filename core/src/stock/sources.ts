import type { SqlExecutor } from '../store/store.ts';
import type { SourceSemantics } from './types.ts';

/** What one source's stock quantities mean. */
export interface StockSource {
  /** A connector instance id, or a source system name (matched when the instance has no entry). */
  id: string;
  semantics: SourceSemantics;
  description?: string | undefined;
  updatedAt?: string | undefined;
}

interface SourceRow extends Record<string, unknown> {
  source_id: string;
  semantics: SourceSemantics;
  description: string | null;
  updated_at: Date | string;
}

function sourceOf(row: SourceRow): StockSource {
  return {
    id: row.source_id,
    semantics: row.semantics,
    ...(row.description === null ? {} : { description: row.description }),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/**
 * Declares what a source's quantities mean. It applies to movements recorded from then on: a
 * count already in the ledger keeps the meaning it was recorded with. A source without a
 * declaration is `physical`; a reported `available` bucket is always net of open orders.
 */
export async function setStockSource(executor: SqlExecutor, source: StockSource): Promise<StockSource> {
  const { rows } = await executor.query<SourceRow>(
    `insert into stock_sources (source_id, semantics, description) values ($1, $2, $3)
     on conflict (source_id) do update set semantics = excluded.semantics, description = excluded.description, updated_at = now()
     returning source_id, semantics, description, updated_at`,
    [source.id, source.semantics, source.description ?? null],
  );
  const row = rows[0];
  if (row === undefined) throw new Error(`stock source ${source.id} was not stored`);
  return sourceOf(row);
}

/** Every declared source, by id. */
export async function listStockSources(executor: SqlExecutor): Promise<StockSource[]> {
  const { rows } = await executor.query<SourceRow>('select source_id, semantics, description, updated_at from stock_sources order by source_id');
  return rows.map(sourceOf);
}

/** Removes a declaration (the source counts as physical again); false when there was none. */
export async function deleteStockSource(executor: SqlExecutor, id: string): Promise<boolean> {
  const { rowCount } = await executor.query('delete from stock_sources where source_id = $1', [id]);
  return rowCount > 0;
}
