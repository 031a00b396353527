import type { SqlExecutor } from '../store/store.ts';
import type { StockSnapshot } from './engine-types.ts';

/** One reservation routing asks stock to hold: units of a line's SKU at a location. */
export interface ReservationRequest {
  orderId: string;
  lineId: string;
  sku: string;
  locationId: string;
  quantity: number;
  /** When an unconsumed reservation lapses (absent: it holds until released or consumed). */
  expiresAt?: string | undefined;
}

/** Identifies the reservations of one line at one location. */
export interface ReservationKey {
  orderId: string;
  lineId: string;
  locationId: string;
}

/**
 * What routing needs from stock sync, inside the caller's transaction: available-to-promise per
 * location, and reservations that either hold every unit or fail. Routing codes against this
 * port only; {@link stockSyncPort} adapts the stock ledger to it.
 */
export interface StockPort {
  /** Available-to-promise units of `skus` at `locationIds` (missing entries mean none). */
  available(tx: SqlExecutor, skus: readonly string[], locationIds: readonly string[]): Promise<StockSnapshot>;
  /**
   * Reserves units for an order line; throws {@link ReservationRefused} when the location no
   * longer has them (a concurrent order took them first).
   */
  reserve(tx: SqlExecutor, request: ReservationRequest): Promise<void>;
  /**
   * Reserves every request or none: throws {@link ReservationRefused} for the first one the
   * stock no longer covers, having reserved nothing.
   */
  reserveAll(tx: SqlExecutor, requests: readonly ReservationRequest[]): Promise<void>;
  /** Releases what is still reserved for the line at the location (none left: no-op). */
  release(tx: SqlExecutor, key: ReservationKey): Promise<void>;
  /** Turns the line's reservation at the location into a sale of `quantity` units (they left the shelf). */
  consume(tx: SqlExecutor, key: ReservationKey, quantity: number): Promise<void>;
}

/** A reservation could not be made because the stock is no longer there. */
export class ReservationRefused extends Error {
  readonly request: ReservationRequest;

  constructor(request: ReservationRequest, options?: { cause?: unknown }) {
    super(`${request.quantity} × ${request.sku} could not be reserved at ${request.locationId} for ${request.orderId}/${request.lineId}`, options);
    this.name = 'ReservationRefused';
    this.request = request;
  }
}
