import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '@omnihub/core';
import { STORE_FACTORIES } from '@omnihub/core/testing';
import type { components } from '../src/generated/api-types.ts';
import { ok } from './responses.ts';
import { startTestHub, uniqueName, type TestHub } from './support.ts';

type Schemas = components['schemas'];

for (const factory of STORE_FACTORIES) {
  describe(`dead-letter pages on ${factory.name}`, () => {
    let t: TestHub;
    let ops: string;

    before(async () => {
      t = await startTestHub(factory);
      ops = (await createApiKey(t.hub.store, 'ops-dave', ['ops'])).key;
    });
    after(async () => {
      await t.close();
    });

    it('walks dead letters created within one millisecond page by page, each once', async () => {
      const subscriber = uniqueName('same-ms');
      const micros = ['123001', '123002', '123250', '123500', '123999'];
      for (const us of micros) {
        await t.hub.store.query(
          `insert into dead_letters (id, subscriber, event_id, event_type, error_kind, error_code, error_message, attempts, attempt_history, created_at)
           values ($1, $2, $3, 'order.created', 'permanent', 'vendor.sku-unknown', 'refused', 1, '[]', $4::timestamptz)`,
          [randomUUID(), subscriber, randomUUID(), `2025-11-23T10:15:03.${us}Z`],
        );
      }
      const { rows } = await t.hub.store.query<{ id: string }>('select id from dead_letters where subscriber = $1 order by created_at desc, id desc', [subscriber]);
      const walked: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await ok<Schemas['DeadLetterPage']>(await t.call('GET', `/v1/dead-letters?subscriber=${subscriber}&limit=1${cursor === undefined ? '' : `&cursor=${cursor}`}`, { key: ops }));
        walked.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
        assert.ok(walked.length <= micros.length, `no dead letter twice: ${walked.join(', ')}`);
      } while (cursor !== undefined);
      assert.deepEqual(walked, rows.map((row) => row.id));
    });
  });
}
