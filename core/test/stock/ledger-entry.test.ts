import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_CLOCK_AHEAD_MS, movementProblems } from '../../src/stock/ledger-entry.ts';
import { normalizeTime } from '../../src/stock/order-key.ts';
import type { StockMovement } from '../../src/stock/types.ts';

const now = Date.parse('2026-11-25T12:00:00Z');

function movement(fields: Partial<StockMovement>): StockMovement {
  return { movementId: 'm-1', sku: 'SKU-1', locationId: 'store-1', mode: 'delta', quantity: 1, reason: 'receipt', sourceSystem: 'pos', occurredAt: '2026-11-25T11:00:00Z', ...fields };
}

const paths = (m: StockMovement): string[] => movementProblems(m, now).map((p) => p.path);

describe('movement rules beyond the schema', () => {
  it('bounds a quantity either way', () => {
    assert.deepEqual(paths(movement({ quantity: 1_000_000_000 })), []);
    assert.deepEqual(paths(movement({ quantity: -1_000_000_000 })), []);
    assert.deepEqual(paths(movement({ quantity: 1_000_000_001 })), ['/quantity']);
    assert.deepEqual(paths(movement({ quantity: -2_147_483_649 })), ['/quantity']);
  });

  it('refuses a numeric source sequence JSON cannot carry exactly', () => {
    assert.deepEqual(paths(movement({ sourceSequence: Number.MAX_SAFE_INTEGER })), []);
    assert.deepEqual(paths(movement({ sourceSequence: 2 ** 53 + 2 })), ['/sourceSequence']);
    assert.deepEqual(paths(movement({ sourceSequence: '9007199254740993' })), []);
  });

  it('refuses times further ahead of the hub clock than the allowed skew, in any offset', () => {
    const ahead = (ms: number): string => new Date(now + ms).toISOString();
    assert.deepEqual(paths(movement({ occurredAt: ahead(MAX_CLOCK_AHEAD_MS) })), []);
    assert.deepEqual(paths(movement({ occurredAt: ahead(MAX_CLOCK_AHEAD_MS + 1000) })), ['/occurredAt']);
    assert.deepEqual(paths(movement({ sourceEventTime: '2026-11-25T14:00:00+01:00' })), ['/sourceEventTime']);
    assert.deepEqual(paths(movement({ occurredAt: '2026-11-25T13:00:00+01:00' })), [], 'noon UTC written in +01:00 is now');
    const [problem] = movementProblems(movement({ mode: 'absolute', reason: 'count', occurredAt: '2099-01-01T00:00:00Z' }), now);
    assert.match(problem?.message ?? '', /^is \d+ hours ahead of the hub's clock \(at most 5 minutes\): check the source's clock and time zone$/);
  });

  it('takes only offsets RFC 3339 allows and orders a leap second before the next minute', () => {
    assert.throws(() => normalizeTime('2025-04-14T10:00:00+24:00'));
    assert.throws(() => normalizeTime('2025-04-14T10:00:00+05:60'));
    assert.equal(normalizeTime('2025-04-14T10:00:00-23:59'), '2025-04-15T09:59:00.000000000Z');
    const leap = normalizeTime('2016-12-31T23:59:60Z');
    assert.equal(leap, '2016-12-31T23:59:59.999999999Z');
    assert.ok(leap < normalizeTime('2017-01-01T00:00:00Z'));
  });
});
