/**
 * Stock sync: the movement ledger, positions per SKU × location, source semantics, sales channels,
 * reservations, coalesced channel publications, channel pushes and drift checks. See docs/stock.md.
 */
export { normalizeTime, orderKey, compareKeys, sequenceKey, type OrderedFields } from './order-key.ts';
export {
  POSITION_BUCKETS,
  COUNTABLE_BUCKETS,
  SOURCE_SEMANTICS,
  CHANNEL_KINDS,
  type StockMovement,
  type StockLevel,
  type PositionBucket,
  type CountableBucket,
  type SourceSemantics,
  type ChannelKind,
  type ChannelBuffer,
  type SalesChannel,
  type StockPosition,
  type MovementOutcome,
} from './types.ts';
export { movementProblems, movementHash, toLedgerEntry, type LedgerEntry, type LedgerEntryOptions } from './ledger-entry.ts';
export { recordMovements, type RecordResult } from './ledger.ts';
export { positionsOfSku, listPositions, levelOf, type PositionQuery, type PositionPage } from './positions.ts';
export { setStockSource, listStockSources, deleteStockSource, type StockSource } from './sources.ts';
export { setChannel, getChannel, listChannels, deleteChannel, channelProblems, requestRefresh } from './channels.ts';
export {
  publishAvailability,
  poolChannels,
  applyBuffer,
  channelLocationId,
  pairKey,
  STOCK_SOURCE,
  type PublishOptions,
  type PublishCause,
  type PublishedChange,
  type ChannelPool,
  type LevelChangedData,
} from './publish.ts';
export {
  availableToPromise,
  reserve,
  reserveMany,
  release,
  consume,
  releaseExpired,
  reservationsOfOrder,
  setBackorderLimit,
  backorderLimit,
  type Reservation,
  type ReserveRequest,
  type ReserveResult,
  type ReservationRef,
  type SettleResult,
  type LocationAvailability,
  type AvailableToPromise,
  type ReservationOptions,
} from './reservations.ts';
export { recordMovementBatch, type MovementRowResult, type MovementBatchResult } from './movement-intake.ts';
export { inventoryOf, type InventoryView, type ChannelAvailability } from './inventory-view.ts';
export { stockConsumer, STOCK_SUBSCRIBER, type MovementBatch, type StockConsumerOptions, type BatchReport } from './consumer.ts';
export { claimPush, claimPushes, channelPushSubscription, type PushCandidate, startChannelPusher, type ChannelPush, type ChannelPushOptions, type ChannelPusherOptions, type ChannelPusherDeps } from './channel-push.ts';
export { ChannelReaders, channelReaders, reconcileChannels, type ChannelReader, type DriftItem, type ReconcileRun, type ReconcileDeps, type ReconcileOptions } from './reconcile.ts';
export { runChannelRefreshes } from './refresh.ts';
export { startStockSync, type StockSync, type StockSyncDeps, type StockSyncOptions, type StockSyncStats } from './service.ts';
