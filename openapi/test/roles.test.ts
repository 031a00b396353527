import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { loadConfig } from '@omnihub/core';
import { pgliteFactory } from '@omnihub/core/testing';
import { startHub } from '../src/index.ts';
import { ADMIN_KEY } from './support.ts';

describe('process roles', () => {
  it('a worker answers health, readiness and metrics but not the facade', async () => {
    const testStore = await pgliteFactory.open({ migrate: false });
    const hub = await startHub(loadConfig({ OMNIHUB_PORT: '0', OMNIHUB_ADMIN_KEY: ADMIN_KEY, OMNIHUB_ROLE: 'worker' }), { store: testStore.store, logger: pino({ level: 'silent' }) });
    try {
      assert.equal((await fetch(`${hub.url}/health`)).status, 200);
      assert.equal((await fetch(`${hub.url}/ready`)).status, 200);
      assert.equal((await fetch(`${hub.url}/metrics`)).status, 200);
      const facade = await fetch(`${hub.url}/v1/schemas`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      assert.equal(facade.status, 404);
      assert.equal(facade.headers.get('content-type')?.startsWith('application/problem+json'), true);
    } finally {
      await hub.close();
      await testStore.dispose();
    }
  });

  it('refuses an unknown role with the values it takes', () => {
    assert.throws(() => loadConfig({ OMNIHUB_ROLE: 'scheduler' }), /OMNIHUB_ROLE must be one of all, api, worker, got "scheduler"/);
  });
});
