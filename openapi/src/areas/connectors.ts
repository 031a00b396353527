import { Router } from 'express';
import {
  catalogMappings,
  ConfigAsCode,
  createConnectorRuntime,
  defaultDiscoveryDirs,
  discoverConnectors,
  InstanceUpgrades,
  loadSecretKey,
} from '@omnihub/core';
import { connectorCatalogRoutes } from '../routes/connector-catalog.ts';
import { instanceConfigRoutes, instanceRoutes } from '../routes/instances.ts';
import { webhookRoutes } from '../routes/webhooks.ts';
import type { ApiArea } from './area.ts';

/**
 * The connector runtime: discovers connector packages (workspace `connectors/*`, installed
 * packages tagged `omnihub-connector`, the plugins folder), runs the enabled instances (pollers
 * and outbound actions) and serves the webhook ingress, the connector catalogue, the instances
 * (with their version upgrades and rollbacks) and their config as code.
 */
export const connectorsArea: ApiArea = {
  name: 'connectors',
  async start({ config, runsWorkers, store, registry, mappings: catalog, broker, logger, onOutboxQueued }) {
    const dirs = await defaultDiscoveryDirs({ dataDir: config.dataDir });
    const { registry: connectors, problems } = await discoverConnectors({ schemas: registry, ...dirs });
    for (const problem of problems) logger.error({ packageDir: problem.packageDir }, `connector package not loaded: ${problem.message}`);
    logger.info({ connectors: connectors.list().map((c) => c.key), pluginsDir: dirs.pluginsDir }, 'connectors loaded');
    // Looked up when a secret is first stored or read: a hub without connector secrets needs no key.
    const secretKey = () => loadSecretKey({ dataDir: config.dataDir, embedded: config.databaseUrl === undefined });
    const runtime = createConnectorRuntime({
      store,
      registry,
      bus: broker.bus,
      logger: logger.child({ area: 'connectors' }),
      mappings: catalogMappings(catalog),
      secretKey,
      connectors,
      onAccepted: onOutboxQueued,
    });
    // Pollers and outbound actions run in worker processes; an API process only takes webhooks.
    if (runsWorkers) await runtime.start();
    const deps = {
      runtime,
      upgrades: new InstanceUpgrades({ store, connectors, secretKey, mappings: catalog }),
      config: new ConfigAsCode({ store, connectors, secretKey, mappings: catalog }),
    };
    const router = Router();
    router.use(webhookRoutes({ receiver: runtime, maxBodyBytes: config.maxBodyBytes }));
    router.use(connectorCatalogRoutes({ connectors, problems }));
    router.use(instanceRoutes(deps));
    router.use(instanceConfigRoutes(deps));
    return { router, close: () => runtime.stop() };
  },
};
