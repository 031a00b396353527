import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { Poller } from '@omnihub/connector-sdk';
import connector from '../src/index.ts';
import type { SquareConfig } from '../src/config.ts';
import { readCursor } from '../src/polling/cursor.ts';
import { action, actionInput } from './support/action-input.ts';
import { squareTest, stopSellers } from './support/context.ts';
import { BERLIN } from './support/square-state.ts';

const poller: Poller<SquareConfig> = connector.pollers?.['inventory-changes'] as Poller<SquareConfig>;

function posAdjustment(id: string, createdAt: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'ADJUSTMENT',
    adjustment: {
      id,
      catalog_object_id: 'W62UWFY35CWMYGVWK6TWJDNI',
      catalog_object_type: 'ITEM_VARIATION',
      location_id: BERLIN,
      from_state: 'IN_STOCK',
      to_state: 'SOLD',
      quantity: '1',
      occurred_at: createdAt,
      created_at: createdAt,
      source: { product: 'SQUARE_POS', application_id: 'sq0idp-pos', name: 'Square Point of Sale' },
      ...overrides,
    },
  };
}

describe('square inventory change polling (BatchRetrieveInventoryChanges)', () => {
  afterEach(() => stopSellers());

  it('reads changes created after the cursor, page by page with Square’s cursor, each with its SKU', async () => {
    const { ctx, square } = squareTest({ config: { pollPageSize: 2, pollOverlapSeconds: 30 } });
    square.state.changes.push(posAdjustment('ADJ-1', '2025-03-01T10:00:00.000Z'), posAdjustment('ADJ-2', '2025-03-01T10:05:00.000Z'), posAdjustment('ADJ-3', '2025-03-01T10:10:00.000Z'));
    ctx.clock.set('2025-03-01T12:00:00Z');
    const first = await poller.poll(undefined, ctx);
    assert.deepEqual(square.requests[0]?.body, { types: ['ADJUSTMENT', 'PHYSICAL_COUNT', 'TRANSFER'], location_ids: [BERLIN], updated_after: '2025-02-28T12:00:00.000Z', limit: 2 });
    assert.deepEqual(first.records.map((record) => record.id), ['ADJ-1', 'ADJ-2']);
    assert.equal(first.more, true);
    const second = await poller.poll(first.cursor, ctx);
    assert.deepEqual(second.records.map((record) => record.id), ['ADJ-3']);
    assert.equal(second.more, false);
    assert.deepEqual(readCursor(second.cursor ?? ''), { since: '2025-03-01T10:09:30.000Z' });
    const [record] = first.records;
    assert.equal(record?.type, 'square.InventoryChangeRecord');
    assert.equal(record?.sequence, '2025-03-01T10:00:00.000Z');
    assert.equal(record?.partitionKey, 'TSH-ORG-NVY-M@berlin-1');
    assert.deepEqual((record?.payload as { sku: string; locationId: string }).sku, 'TSH-ORG-NVY-M');
    assert.deepEqual(square.operations(), ['BatchRetrieveInventoryChanges', 'BatchRetrieveCatalogObjects', 'BatchRetrieveInventoryChanges']);
    assert.deepEqual(square.invalidRequests, []);
    assert.deepEqual(square.invalidReplies, []);
  });

  it('does not take the hub’s own changes back in (reference_id omnihub:…, or made by applicationId)', async () => {
    const { ctx, square } = squareTest({ config: { applicationId: 'sq0idp-hub-app' } });
    ctx.clock.set('2025-03-01T12:00:00Z');
    await action('change-inventory').execute(
      actionInput('change-inventory', { changes: [{ type: 'PHYSICAL_COUNT', physical_count: { sku: 'TSH-ORG-NVY-M', location_id: 'berlin-1', quantity: 20, occurred_at: '2025-03-01T11:00:00Z' } }] }),
      ctx,
    );
    square.state.changes.push(posAdjustment('ADJ-HUB', new Date().toISOString(), { source: { product: 'EXTERNAL_API', application_id: 'sq0idp-hub-app' } }), posAdjustment('ADJ-POS', new Date().toISOString()));
    const page = await poller.poll(new Date(Date.now() - 60_000).toISOString(), ctx);
    assert.deepEqual(page.records.map((record) => record.id), ['ADJ-POS']);
  });

  it('takes only changes of sellable stock, and a transfer as one record per location', async () => {
    const { ctx, square } = squareTest({ config: { locations: { 'berlin-1': BERLIN, 'hamburg-1': 'LHAMBURG0001' } } });
    square.state.locations.push({ id: 'LHAMBURG0001', name: 'Hamburg' });
    const at = '2025-03-01T10:00:00.000Z';
    square.state.changes.push(
      posAdjustment('ADJ-SOLD-TO-NONE', at, { from_state: 'SOLD', to_state: 'NONE' }),
      { type: 'TRANSFER', transfer: { id: 'TRF-1', catalog_object_id: 'W62UWFY35CWMYGVWK6TWJDNI', state: 'IN_STOCK', from_location_id: BERLIN, to_location_id: 'LHAMBURG0001', quantity: '2', occurred_at: at, created_at: at } },
    );
    const page = await poller.poll('2025-03-01T09:00:00Z', ctx);
    assert.deepEqual(page.records.map((record) => [record.id, (record.payload as { locationId: string; side?: string }).locationId, (record.payload as { side?: string }).side]), [
      ['TRF-1:out', 'berlin-1', 'out'],
      ['TRF-1:in', 'hamburg-1', 'in'],
    ]);
  });

  it('keeps its place when nothing changed', async () => {
    const { ctx } = squareTest();
    const page = await poller.poll('2030-01-01T00:00:00Z', ctx);
    assert.deepEqual(page, { records: [], cursor: JSON.stringify({ v: 1, since: '2030-01-01T00:00:00.000Z' }), more: false });
  });
});
