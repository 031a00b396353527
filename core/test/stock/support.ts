/** Shared helpers of the stock tests. */
import type { SqlExecutor, Store } from '@omnihub/core';
import { positionsOfSku, recordMovements, setChannel, toLedgerEntry, type SalesChannel, type StockMovement, type StockPosition } from '../../src/stock/index.ts';

let counter = 0;

/** A movement with defaults: a POS delta of on-hand now, with a fresh id. */
export function movement(fields: Partial<StockMovement> & Pick<StockMovement, 'sku' | 'locationId' | 'quantity'>): StockMovement {
  counter += 1;
  return {
    movementId: `t-${process.pid}-${Date.now()}-${counter}`,
    mode: 'delta',
    reason: 'adjustment',
    sourceSystem: 'square',
    occurredAt: new Date().toISOString(),
    ...fields,
  };
}

/** Records movements in one transaction. */
export async function record(store: Store, ...movements: StockMovement[]): Promise<void> {
  await store.transaction((tx) => recordMovements(tx, movements.map((m) => toLedgerEntry(m))));
}

/** The position of a SKU at a location (zeros when there is none). */
export async function positionAt(executor: SqlExecutor, sku: string, locationId: string): Promise<StockPosition> {
  const found = (await positionsOfSku(executor, sku)).find((p) => p.locationId === locationId);
  return found ?? { sku, locationId, onHand: 0, committed: 0, reserved: 0, incoming: 0, safetyStock: 0, damaged: 0, available: 0, asOf: null, updatedAt: new Date(0).toISOString() };
}

/** Creates a channel in its own transaction. */
export async function channel(store: Store, definition: SalesChannel): Promise<SalesChannel> {
  return store.transaction((tx) => setChannel(tx, definition));
}

/** A fresh SKU name for one test. */
export function freshSku(label: string): string {
  counter += 1;
  return `${label}-${process.pid}-${counter}`;
}
