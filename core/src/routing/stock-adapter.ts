import { currentCorrelation } from '../logging/correlation.ts';
import { availableSql } from '../stock/positions.ts';
import { consume, release, reserveMany, type ReservationOptions, type ReserveResult } from '../stock/reservations.ts';
import type { StockSnapshot } from './engine-types.ts';
import { ReservationRefused, type ReservationRequest, type StockPort } from './ports.ts';

/** The availability events a reservation change publishes carry the correlation of the work that caused it. */
function options(): ReservationOptions {
  const correlation = currentCorrelation();
  return correlation === undefined ? {} : { cause: { correlationId: correlation.correlationId, causationId: correlation.eventId } };
}

/** Throws what a refused reservation means to routing. */
function refusal(result: ReserveResult, request: ReservationRequest | undefined): void {
  if (result.ok || request === undefined) return;
  if (result.reason === 'insufficient-stock') throw new ReservationRefused(request);
  throw new Error(`${request.orderId}/${request.lineId} at ${request.locationId} already holds a different reservation (${result.reservation.quantity} × ${result.reservation.sku})`);
}

/**
 * The {@link StockPort} over stock sync's ledger: available to promise is stock sync's
 * `promisable` (available plus any backorder allowance, see `availableToPromise`) read for all
 * SKUs at once; reservations commit units, release and consume settle them, each publishing the
 * channel availability it changes.
 */
export const stockSyncPort: StockPort = {
  async available(tx, skus, locationIds) {
    // One read for every SKU of the order (routing's hot path): available (stock sync's own
    // formula) plus the SKU's backorder allowance, as `availableToPromise` computes it, only where
    // above zero. Thousands of positions come back as three parallel arrays in one JSON value:
    // cheap for the server to build and parsed natively in one go.
    const { rows } = await tx.query<{ held: [string[], string[], number[]] }>(
      `select json_build_array(coalesce(array_agg(location_id), '{}'), coalesce(array_agg(sku), '{}'), coalesce(array_agg(promisable), '{}')) as held
       from (select p.location_id, p.sku, ${availableSql('p')} + coalesce(b.units, 0) as promisable
             from stock_positions p left join stock_backorder_limits b on b.sku = p.sku
             where p.sku = any($1::text[]) and p.location_id = any($2::text[])) positions
       where promisable > 0`,
      [[...skus], [...locationIds]],
    );
    const [locationsOf = [], skusOf = [], promisable = []] = rows[0]?.held ?? [];
    const snapshot = new Map<string, Map<string, number>>();
    for (const [index, locationId] of locationsOf.entries()) {
      const sku = skusOf[index];
      const units = promisable[index];
      if (sku === undefined || units === undefined) continue;
      let held = snapshot.get(locationId);
      if (held === undefined) {
        held = new Map();
        snapshot.set(locationId, held);
      }
      held.set(sku, units);
    }
    return snapshot satisfies StockSnapshot;
  },
  async reserve(tx, request) {
    await stockSyncPort.reserveAll(tx, [request]);
  },
  async reserveAll(tx, requests) {
    const results = await reserveMany(
      tx,
      requests.map((r) => ({ orderId: r.orderId, lineId: r.lineId, sku: r.sku, locationId: r.locationId, quantity: r.quantity, expiresAt: r.expiresAt })),
      options(),
    );
    results.forEach((result, index) => refusal(result, requests[index]));
  },
  async release(tx, key) {
    await release(tx, key, options());
  },
  async consume(tx, key, quantity) {
    await consume(tx, { ...key, quantity }, options());
  },
};
