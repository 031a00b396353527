import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkReleasedMappings, readMappingFolders, readReleasedLock } from '../../../scripts/mapping-files.ts';
import { mappingDigest, MAPPINGS_DIR } from '../../src/mappings/index.ts';

describe('released mappings are append-only', () => {
  it('every mapping version in mappings/ is released, and no released one changed', async () => {
    assert.deepEqual(await checkReleasedMappings(), []);
    const lock = await readReleasedLock();
    for (const folder of await readMappingFolders()) assert.equal(lock[folder.key], folder.sha256, folder.key);
  });

  describe('in a copy of the mappings', () => {
    let dir: string;
    before(async () => {
      // The engine's own mappings and their entries of the lock, released together.
      dir = path.join(mkdtempSync(path.join(tmpdir(), 'omnihub-released-')), 'mappings');
      const ids = ['canonical.order-to-http-json', 'generic.csv-stock-row-to-movement', 'shopify.order-to-canonical', 'shopify.order-to-http-json'];
      for (const id of ids) cpSync(path.join(MAPPINGS_DIR, id), path.join(dir, id), { recursive: true });
      const lock = await readReleasedLock();
      writeFileSync(path.join(dir, 'released.json'), JSON.stringify(Object.fromEntries(Object.entries(lock).filter(([key]) => ids.some((id) => key.startsWith(`${id}@`))))));
    });
    after(() => {
      rmSync(path.dirname(dir), { recursive: true, force: true });
    });

    it('fails when a released version is edited, deleted, or a new version is not released', async () => {
      assert.deepEqual(await checkReleasedMappings(dir), []);
      writeFileSync(path.join(dir, 'shopify.order-to-canonical', '1.0.0', 'fixtures', 'pickup-in-store.output.json'), '{}\n');
      renameSync(path.join(dir, 'canonical.order-to-http-json', '1.1.0'), path.join(dir, 'canonical.order-to-http-json', '1.2.0'));
      assert.deepEqual((await checkReleasedMappings(dir)).sort(), [
        'mapping canonical.order-to-http-json@1.2.0 is not released: run `node --conditions=omnihub-source scripts/release-mappings.ts` and commit mappings/released.json',
        'released mapping canonical.order-to-http-json@1.1.0 was deleted; released versions are append-only',
        'released mapping shopify.order-to-canonical@1.0.0 (mappings/shopify.order-to-canonical/1.0.0) was edited; add a new version instead',
      ]);
    });
  });

  it('digests a folder by every file name and content', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'omnihub-digest-'));
    try {
      writeFileSync(path.join(dir, 'mapping.yaml'), 'id: a\n');
      const first = await mappingDigest(dir);
      assert.match(first, /^[0-9a-f]{64}$/);
      assert.equal(await mappingDigest(dir), first);
      writeFileSync(path.join(dir, 'extra.json'), '{}');
      const second = await mappingDigest(dir);
      assert.notEqual(second, first);
      renameSync(path.join(dir, 'extra.json'), path.join(dir, 'other.json'));
      assert.notEqual(await mappingDigest(dir), second);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
