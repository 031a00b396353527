import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { SchemaRegistry } from '@omnihub/core';
import { STORE_FACTORIES } from '@omnihub/core/testing';
import { MappingCatalog } from '../../src/mappings/index.ts';
import { ConnectorRegistry, InstanceStore, InstanceUpgrades, loadConnectorPackage } from '../../src/connectors/index.ts';
import { TEST_KEY } from './support.ts';

const TWILIO_1_0 = fileURLToPath(new URL('../../../connectors/twilio/', import.meta.url));
const TWILIO_1_1 = fileURLToPath(new URL('../../../connectors/twilio/versions/1.1.0/', import.meta.url));
const MAPPINGS_DIR = fileURLToPath(new URL('../../../mappings/', import.meta.url));

const CONFIG = { accountSid: 'AC11111111111111111111111111111111', authToken: 'twilio-auth-token-5f4e3d2c1b0a9f8e', workspaceSid: 'WS22222222222222222222222222222222', workflowSid: 'WW55555555555555555555555555555555' };

describe('twilio 1.0.0 and 1.1.0 side by side', () => {
  for (const factory of STORE_FACTORIES) {
    it(`moves an instance from 1.0.0 to 1.1.0 as a minor on ${factory.name}: config kept, no breaking change, same capabilities, mappings found`, async () => {
      const t = await factory.open();
      try {
        const schemas = await SchemaRegistry.load();
        const connectors = new ConnectorRegistry([await loadConnectorPackage(TWILIO_1_0, { schemas }), await loadConnectorPackage(TWILIO_1_1, { schemas, origin: 'plugin' })]);
        assert.deepEqual(connectors.versions('twilio'), ['1.1.0', '1.0.0']);
        const instances = new InstanceStore({ store: t.store, connectors, secretKey: TEST_KEY });
        const upgrades = new InstanceUpgrades({ store: t.store, connectors, secretKey: TEST_KEY, mappings: await MappingCatalog.load(MAPPINGS_DIR) });
        await instances.create({ id: 'twilio-flex', connectorId: 'twilio', version: '1.0.0', config: CONFIG });

        const { plan } = await upgrades.upgrade('twilio-flex', '1.1.0', { dryRun: true });
        assert.deepEqual(
          { from: plan.from, to: plan.to, direction: plan.direction, ready: plan.ready, configErrors: plan.configErrors, breakingChanges: plan.breakingChanges, capabilities: plan.capabilities },
          { from: '1.0.0', to: '1.1.0', direction: 'upgrade', ready: true, configErrors: [], breakingChanges: [], capabilities: { added: [], removed: [] } },
        );
        assert.ok(plan.mappingChecks.length > 0 && plan.mappingChecks.every((check) => check.passed), JSON.stringify(plan.mappingChecks));
        const upgraded = await upgrades.upgrade('twilio-flex', '1.1.0');
        assert.deepEqual({ version: upgraded.instance.version, previous: upgraded.instance.previousVersion }, { version: '1.1.0', previous: '1.0.0' });
        assert.deepEqual(await instances.decryptedConfig(await instances.require('twilio-flex')), CONFIG);
      } finally {
        await t.dispose();
      }
    });
  }
});
