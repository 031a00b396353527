/**
 * The stock ledger's rule written the plain way, for property tests: a position computed from the
 * whole set of movements at once, with no incremental state, no database and no concurrency.
 */
import { compareKeys, type LedgerEntry, type SourceSemantics } from '../../src/stock/index.ts';

/** Buckets of a position. */
export interface ReferencePosition {
  onHand: number;
  committed: number;
  reserved: number;
  incoming: number;
  safetyStock: number;
  damaged: number;
}

const COUNTABLE = ['onHand', 'incoming', 'safetyStock', 'damaged'] as const;

/**
 * The position of the movements of one SKU at one location. `sources` holds the declared meaning of
 * sources' quantities (by instance id, then system name). Duplicated movement ids count once (the first).
 */
export function referencePosition(entries: readonly LedgerEntry[], sources: ReadonlyMap<string, SourceSemantics>): ReferencePosition {
  const unique = [...new Map([...entries].reverse().map((e) => [e.movementId, e])).values()];
  const rows = unique.map((e) => {
    const bucket = e.reportedBucket === 'available' ? 'onHand' : e.reportedBucket;
    const semantics = (e.sourceInstanceId === undefined ? undefined : sources.get(e.sourceInstanceId)) ?? sources.get(e.sourceSystem) ?? 'physical';
    const net = e.mode === 'absolute' && (e.reportedBucket === 'available' || (e.reportedBucket === 'onHand' && semantics === 'net-of-open-orders'));
    return { ...e, bucket, net, key: e.orderKey };
  });
  const reported = rows.filter((r) => !r.provisional && r.mode === 'delta' && r.bucket === 'onHand' && (r.reason === 'sale' || r.reason === 'fulfillment') && r.orderId !== undefined);
  const counted = rows.filter((r) => !(r.provisional && reported.some((s) => s.orderId === r.orderId && s.lineId === r.lineId)));
  const sum = (list: typeof rows): number => list.reduce((total, r) => total + r.quantity, 0);
  const position: ReferencePosition = { onHand: 0, committed: 0, reserved: 0, incoming: 0, safetyStock: 0, damaged: 0 };
  for (const bucket of COUNTABLE) {
    const counts = counted.filter((r) => r.mode === 'absolute' && r.bucket === bucket).sort((a, b) => compareKeys(a.key, b.key));
    const last = counts.at(-1);
    const deltas = counted.filter((r) => r.mode === 'delta' && r.bucket === bucket);
    if (last === undefined) {
      position[bucket] = sum(deltas);
      continue;
    }
    const held = last.net ? sum(counted.filter((r) => r.mode === 'delta' && r.bucket === 'committed' && compareKeys(r.key, last.key) <= 0)) : 0;
    position[bucket] = last.quantity + held + sum(deltas.filter((r) => compareKeys(r.key, last.key) > 0));
  }
  position.committed = sum(counted.filter((r) => r.bucket === 'committed'));
  position.reserved = sum(counted.filter((r) => r.bucket === 'reserved'));
  return position;
}
