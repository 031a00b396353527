import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SCHEMAS_DIR } from '../../src/schema/registry.ts';
import { CrmActivityRequested, InteractionContextResolved } from '../../src/customers/index.ts';
import { NotificationDeliveryUpdated, NotificationRequestedV2Event, NotificationSentV2Event, OrderDelayed } from '../../src/notifications/index.ts';
import { RefundRequested } from '../../src/returns/index.ts';
import { loadRegistryWithProposals, PROPOSED_DIR } from './support.ts';

const registry = await loadRegistryWithProposals();

function jsonFiles(dir: string): { file: string; data: unknown }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, data: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as unknown }));
}

const proposals = readdirSync(PROPOSED_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(path.join(PROPOSED_DIR, d.name)).flatMap((file) => {
    const match = /^v(\d+)\.schema\.json$/.exec(file);
    return match?.[1] === undefined ? [] : [{ name: d.name, version: Number(match[1]) }];
  }));

describe('proposed canonical schemas', () => {
  it('covers every event the flows define locally', () => {
    for (const definition of [RefundRequested, CrmActivityRequested, InteractionContextResolved, NotificationRequestedV2Event, NotificationSentV2Event, NotificationDeliveryUpdated, OrderDelayed]) {
      assert.equal(registry.summary({ name: definition.type, version: definition.version })?.kind, 'event', `${definition.type}@${definition.version}`);
    }
  });

  it('adds only new names or new versions, never a released version', () => {
    for (const { name, version } of proposals) {
      const released = existsSync(path.join(SCHEMAS_DIR, name, `v${version}.schema.json`));
      if (released) {
        const ours = readFileSync(path.join(PROPOSED_DIR, name, `v${version}.schema.json`), 'utf8');
        assert.equal(readFileSync(path.join(SCHEMAS_DIR, name, `v${version}.schema.json`), 'utf8'), ours, `${name}@${version} was released with other content`);
      }
    }
  });

  for (const { name, version } of proposals) {
    it(`${name}@${version}: valid fixtures pass, invalid ones fail`, () => {
      const valid = jsonFiles(path.join(PROPOSED_DIR, name, 'fixtures', `v${version}`, 'valid'));
      const invalid = jsonFiles(path.join(PROPOSED_DIR, name, 'fixtures', `v${version}`, 'invalid'));
      assert.ok(valid.length >= 2 && invalid.length >= 2, 'at least two valid and two invalid fixtures');
      for (const { file, data } of valid) {
        const result = registry.validate({ name, version }, data);
        assert.ok(result.valid, `${file}: ${JSON.stringify(result)}`);
      }
      for (const { file, data } of invalid) assert.equal(registry.validate({ name, version }, data).valid, false, `${file} should fail`);
    });
  }

  it('upcasts every released notification v1 fixture to v2 unchanged', () => {
    for (const name of ['notification', 'notification.requested', 'notification.sent']) {
      for (const { file, data } of jsonFiles(path.join(SCHEMAS_DIR, name, 'fixtures', 'v1', 'valid'))) {
        assert.deepEqual(registry.upcast({ name, version: 1 }, data, 2), data, `${name} ${file}`);
      }
    }
  });
});
