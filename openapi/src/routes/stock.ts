import { Router, type Response } from 'express';
import {
  backorderLimit,
  deleteChannel,
  deleteStockSource,
  getChannel,
  HubError,
  inventoryOf,
  listChannels,
  listPositions,
  listStockSources,
  reconcileChannels,
  recordMovementBatch,
  setBackorderLimit,
  setChannel,
  setStockSource,
  type ChannelReaders,
  type ReconcileRun,
  type SalesChannel,
  type SchemaRegistry,
  type Store,
  type StockPosition,
  type StockSource,
} from '@omnihub/core';
import type { Logger } from 'pino';
import type { components } from '../generated/api-types.ts';
import { requestState, stringParam } from '../http/request-state.ts';

type Schemas = components['schemas'];

/** Dependencies of the stock routes. */
export interface StockRouteDeps {
  store: Store;
  registry: SchemaRegistry;
  logger: Logger;
  /** Channel readers for drift checks. */
  readers: ChannelReaders;
  /** Called after availability changes were queued in the outbox, to relay them at once. */
  onOutboxQueued: () => void;
  /** Called after a channel changed, to recompute its availability at once. */
  onChannelChanged: () => void;
}

/** Page size when the caller gives no `limit` (the contract's default). */
const DEFAULT_LIMIT = 50;

/** A position as the contract has it. */
function positionOf(position: StockPosition): Schemas['InventoryPosition'] {
  return { ...position };
}

function channelOf(channel: SalesChannel): Schemas['SalesChannel'] {
  return {
    id: channel.id,
    name: channel.name,
    kind: channel.kind,
    locationIds: channel.locationIds,
    buffer: channel.buffer ?? null,
    createdAt: channel.createdAt ?? new Date(0).toISOString(),
    updatedAt: channel.updatedAt ?? new Date(0).toISOString(),
  };
}

function sourceOf(source: StockSource): Schemas['StockSource'] {
  const { description, ...rest } = source;
  return { ...rest, updatedAt: source.updatedAt ?? new Date(0).toISOString(), ...(description === undefined ? {} : { description }) };
}

function runOf(run: ReconcileRun): Schemas['ReconcileRun'] {
  const { detail, ...rest } = run;
  return { ...rest, ...(detail === undefined ? {} : { detail }) };
}

/** The change sequence number a cursor carries (base64url of its decimal digits). */
function cursorAfter(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^\d{1,15}$/.test(text)) throw new HubError('bad-request', { detail: 'the cursor is not one this hub issued; pass back a nextCursor unchanged' });
  return Number(text);
}

function correlationOf(res: Response): string | undefined {
  const header = res.getHeader('x-correlation-id');
  return typeof header === 'string' ? header : undefined;
}

/**
 * The stock facade: positions and channel availability of a SKU, positions changed since a time,
 * movement batches with per-row results, backorder policies, drift checks, sales channels and
 * stock source declarations.
 */
export function stockRoutes(deps: StockRouteDeps): Router {
  const router = Router();

  router.get('/v1/inventory', async (_req, res) => {
    const { params } = requestState(res);
    const cursor = typeof params['cursor'] === 'string' ? params['cursor'] : undefined;
    const limit = typeof params['limit'] === 'number' ? params['limit'] : DEFAULT_LIMIT;
    const page = await listPositions(deps.store, {
      locationId: typeof params['location'] === 'string' ? params['location'] : undefined,
      changedSince: typeof params['changedSince'] === 'string' ? params['changedSince'] : undefined,
      limit,
      after: cursor === undefined ? undefined : cursorAfter(cursor),
    });
    const body: Schemas['InventoryPage'] = {
      items: page.items.map(({ changeSeq: _seq, ...position }) => positionOf(position)),
      ...(page.nextAfter === undefined ? {} : { nextCursor: Buffer.from(String(page.nextAfter)).toString('base64url') }),
    };
    res.json(body);
  });

  router.post('/v1/inventory/movements', async (req, res) => {
    const request = req.body as Schemas['MovementBatch'];
    const correlationId = correlationOf(res);
    const result = await recordMovementBatch(deps.store, deps.registry, request.movements, correlationId === undefined ? {} : { correlationId });
    if (result.published > 0) deps.onOutboxQueued();
    const body: Schemas['MovementBatchResult'] = {
      ...result,
      results: result.results.map(({ movementId, code, errors, ...row }) => ({
        ...row,
        ...(movementId === undefined ? {} : { movementId }),
        ...(code === undefined ? {} : { code }),
        ...(errors === undefined ? {} : { errors }),
      })),
    };
    res.status(result.rejected > 0 ? 207 : 200).json(body);
  });

  router.get('/v1/inventory/:sku', async (_req, res) => {
    const view = await inventoryOf(deps.store, stringParam(res, 'sku'));
    const body: Schemas['Inventory'] = { ...view, locations: view.locations.map(positionOf) };
    res.json(body);
  });

  router.put('/v1/inventory/:sku/backorder', async (req, res) => {
    const sku = stringParam(res, 'sku');
    const { units } = req.body as Schemas['BackorderPolicyInput'];
    await setBackorderLimit(deps.store, sku, units);
    const body: Schemas['BackorderPolicy'] = { sku, units: await backorderLimit(deps.store, sku) };
    res.json(body);
  });

  router.post('/v1/inventory-reconciliations', async (req, res) => {
    const request = req.body as Schemas['ReconcileRequest'];
    if (request.channelId !== undefined && (await getChannel(deps.store, request.channelId)) === undefined) {
      throw new HubError('not-found', { detail: `no sales channel ${request.channelId}` });
    }
    const runs = await reconcileChannels(
      { store: deps.store, readers: deps.readers, logger: deps.logger, onPublished: deps.onOutboxQueued },
      { channelId: request.channelId, apply: request.apply ?? false },
    );
    const body: Schemas['ReconcileReport'] = { runs: runs.map(runOf) };
    res.json(body);
  });

  router.get('/v1/sales-channels', async (_req, res) => {
    const body: Schemas['SalesChannelList'] = { items: (await listChannels(deps.store)).map(channelOf) };
    res.json(body);
  });

  router.get('/v1/sales-channels/:channelId', async (_req, res) => {
    const id = stringParam(res, 'channelId');
    const channel = await getChannel(deps.store, id);
    if (channel === undefined) throw new HubError('not-found', { detail: `no sales channel ${id}` });
    res.json(channelOf(channel));
  });

  router.put('/v1/sales-channels/:channelId', async (req, res) => {
    const input = req.body as Schemas['SalesChannelInput'];
    const channel = await deps.store.transaction((tx) =>
      setChannel(tx, { id: stringParam(res, 'channelId'), name: input.name, kind: input.kind, locationIds: input.locationIds, buffer: input.buffer }),
    );
    deps.onChannelChanged();
    res.json(channelOf(channel));
  });

  router.delete('/v1/sales-channels/:channelId', async (_req, res) => {
    const id = stringParam(res, 'channelId');
    if (!(await deleteChannel(deps.store, id))) throw new HubError('not-found', { detail: `no sales channel ${id}` });
    res.status(204).end();
  });

  router.get('/v1/stock-sources', async (_req, res) => {
    const body: Schemas['StockSourceList'] = { items: (await listStockSources(deps.store)).map(sourceOf) };
    res.json(body);
  });

  router.put('/v1/stock-sources/:sourceId', async (req, res) => {
    const input = req.body as Schemas['StockSourceInput'];
    const source = await setStockSource(deps.store, { id: stringParam(res, 'sourceId'), semantics: input.semantics, description: input.description });
    res.json(sourceOf(source));
  });

  router.delete('/v1/stock-sources/:sourceId', async (_req, res) => {
    const id = stringParam(res, 'sourceId');
    if (!(await deleteStockSource(deps.store, id))) throw new HubError('not-found', { detail: `no declaration for stock source ${id}` });
    res.status(204).end();
  });

  return router;
}
