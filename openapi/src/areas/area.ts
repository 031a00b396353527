import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Broker, HubConfig, MappingCatalog, SchemaRegistry, Store } from '@omnihub/core';

/** What an area of the facade starts from: the hub's shared services. */
export interface AreaContext {
  /** The process's settings; `config.role` says whether to subscribe (`all`, `worker`) and serve routes (`all`, `api`). */
  config: HubConfig;
  /** True when this process runs subscribers, pollers and schedulers (role `all` or `worker`). */
  runsWorkers: boolean;
  store: Store;
  registry: SchemaRegistry;
  /** The mapping catalogue, loaded once per start (`OMNIHUB_MAPPINGS_DIR`, default the shipped `mappings/`). */
  mappings: MappingCatalog;
  broker: Broker;
  logger: Logger;
  /** Prometheus registry of this process (served at /metrics). */
  metrics: Registry;
  /** Relays queued outbox rows at once (call after a request queued events). */
  onOutboxQueued: () => void;
}

/** A started area: its routes (already contract-described in openapi/spec/) and how to stop its workers. */
export interface StartedArea {
  router?: Router;
  close?: () => Promise<void>;
}

/**
 * One capability area of the hub (connectors, stock, orders...): starts its services and
 * subscribers and returns its routes. Areas start in the order of {@link AREAS} and stop in reverse.
 */
export interface ApiArea {
  name: string;
  start(context: AreaContext): Promise<StartedArea>;
}
