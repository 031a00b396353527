import { Router } from 'express';
import type { ConnectorManifest } from '@omnihub/connector-sdk';
import type { ConnectorRegistry, DiscoveryProblem, LoadedConnector } from '@omnihub/core';
import type { components } from '../generated/api-types.ts';

type Schemas = components['schemas'];

/** Dependencies of {@link connectorCatalogRoutes}. */
export interface ConnectorCatalogDeps {
  connectors: ConnectorRegistry;
  /** Packages discovery found but refused, with why. */
  problems: readonly DiscoveryProblem[];
}

type Capability = Schemas['ConnectorCapabilitySummary'];

function capability(entry: { name: string; vendorPayload: string; emits?: string[]; consumes?: string[]; mapping?: string | undefined; intervalSeconds?: number; description?: string | undefined }): Capability {
  const out: Capability = { name: entry.name, vendorPayload: entry.vendorPayload };
  if (entry.emits !== undefined) out.emits = [...entry.emits];
  if (entry.consumes !== undefined) out.consumes = [...entry.consumes];
  if (entry.mapping !== undefined) out.mapping = entry.mapping;
  if (entry.intervalSeconds !== undefined) out.intervalSeconds = entry.intervalSeconds;
  if (entry.description !== undefined) out.description = entry.description;
  return out;
}

function capabilities(set: ConnectorManifest['capabilities']): Schemas['ConnectorSummary']['capabilities'] {
  const out: Schemas['ConnectorSummary']['capabilities'] = {};
  if (set.webhooks !== undefined) out.webhooks = set.webhooks.map(capability);
  if (set.polling !== undefined) out.polling = set.polling.map(capability);
  if (set.actions !== undefined) out.actions = set.actions.map(capability);
  return out;
}

/** One installed connector version as the contract lists it. */
export function connectorSummary(loaded: LoadedConnector, latest: boolean): Schemas['ConnectorSummary'] {
  const { manifest } = loaded;
  const summary: Schemas['ConnectorSummary'] = {
    id: manifest.id,
    version: manifest.version,
    name: manifest.name,
    kind: manifest.kind,
    vendorApiVersion: manifest.vendorApiVersion,
    origin: loaded.origin,
    packageName: loaded.packageName,
    latest,
    capabilities: capabilities(manifest.capabilities),
    configSchema: manifest.configSchema,
    allowedHosts: [...manifest.allowedHosts],
    compatibility: { sdk: manifest.compatibility.sdk, canonical: { ...manifest.compatibility.canonical } },
  };
  if (manifest.description !== undefined) summary.description = manifest.description;
  if (manifest.allowedHostsFromConfig !== undefined) summary.allowedHostsFromConfig = [...manifest.allowedHostsFromConfig];
  if (manifest.breakingChanges !== undefined) summary.breakingChanges = manifest.breakingChanges;
  return summary;
}

/**
 * `GET /v1/connectors`: the installed connector packages, every version side by side, and the
 * packages discovery refused with their reasons.
 */
export function connectorCatalogRoutes(deps: ConnectorCatalogDeps): Router {
  const router = Router();
  router.get('/v1/connectors', (_req, res) => {
    const body: Schemas['ConnectorList'] = {
      items: deps.connectors.list().map((loaded) => connectorSummary(loaded, deps.connectors.latest(loaded.manifest.id)?.key === loaded.key)),
      problems: deps.problems.map((problem) => ({ packageDir: problem.packageDir, message: problem.message })),
    };
    res.json(body);
  });
  return router;
}
