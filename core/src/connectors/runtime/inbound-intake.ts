import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { PollingCapability, Redactor, VendorRecord, WebhookCapability } from '@omnihub/connector-sdk';
import { classifyFailure, type ClassifiedFailure } from '../../broker/classify.ts';
import { recordDeadLetter } from '../../broker/dead-letters/dead-letter-store.ts';
import { logOutcome } from '../../broker/message-log.ts';
import { HubError } from '../../errors/hub-error.ts';
import type { CloudEvent } from '../../envelope/cloud-event.ts';
import { createEvent } from '../../events/define-event.ts';
import { acceptEvent } from '../../events/event-intake.ts';
import type { SchemaRegistry } from '../../schema/registry.ts';
import type { SqlExecutor } from '../../store/store.ts';
import type { LoadedConnector } from '../connector-registry.ts';
import type { ConnectorInstance } from '../instances/instance.ts';
import { canonicalPayloads } from './canonical-events.ts';
import { mapPayload, mappingInUse, type MappingApplier } from './mapping-applier.ts';

/** An inbound capability of one instance. */
export interface InboundTarget {
  instance: ConnectorInstance;
  connector: LoadedConnector;
  capability: WebhookCapability | PollingCapability;
  /** Removes the instance's secrets from texts kept in dead letters. */
  redact: Redactor;
}

/** What became of the records of one webhook delivery or one poll. */
export interface InboundSummary {
  records: number;
  /** Records taken in for the first time (each produced zero or more events). */
  accepted: number;
  /** Records taken in before (same vendor record id): nothing was emitted again. */
  duplicates: number;
  /** Records whose mapping or canonical validation failed: kept as dead letters with the raw record. */
  deadLettered: number;
  /** Ids of the canonical events accepted. */
  events: string[];
}

/** A record mapped (outside any transaction) and ready to commit, or its failure. */
export type PreparedRecord = { record: VendorRecord; events: (CloudEvent & { dataschema: string })[] } | { record: VendorRecord; failure: ClassifiedFailure; mapping: string };

/** `/connectors/<connector id>/<instance id>`, the CloudEvents source of an instance's events. */
export function instanceSource(connectorId: string, instanceId: string): string {
  return `/connectors/${connectorId}/${instanceId}`;
}

/** The subscriber name of one capability of an instance, in dead letters, traces and queues. */
export function capabilitySubscriber(instanceId: string, capability: string): string {
  return `connector.${instanceId}.${capability}`;
}

/**
 * A stable event id for the n-th event of a vendor record, so taking the same record in twice can
 * never produce two different events (the event log is keyed by id as a second guard).
 */
function eventIdFor(instanceId: string, capability: string, recordId: string, index: number): string {
  const hex = createHash('sha256').update(`${instanceId}\n${capability}\n${recordId}\n${index}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function recordIdOf(record: VendorRecord): string {
  if (typeof record.id === 'string' && record.id !== '') return record.id;
  return `sha256:${createHash('sha256').update(JSON.stringify(record.payload) ?? '').digest('hex')}`;
}

/** Dependencies of {@link InboundIntake}. */
export interface InboundIntakeDeps {
  schemas: SchemaRegistry;
  mappings: MappingApplier;
  logger: Logger;
}

/**
 * Takes vendor records in: maps each (instance override, capability mapping, or unchanged) to
 * canonical payloads, validates them, then, in the caller's transaction, records each record id
 * once and accepts its events through the event log and the outbox. A record that cannot be mapped
 * is kept as a dead letter with the raw record, never lost and never blocking the others.
 */
export class InboundIntake {
  readonly #deps: InboundIntakeDeps;

  constructor(deps: InboundIntakeDeps) {
    this.#deps = deps;
  }

  /**
   * Maps and validates records, outside any transaction. A record that fails is kept for a dead
   * letter; a configuration failure (a missing mapping, a broken override) is thrown instead.
   */
  async prepare(target: InboundTarget, records: readonly VendorRecord[], options: { correlationId?: string | undefined; now: Date }): Promise<PreparedRecord[]> {
    const { instance, connector, capability } = target;
    const source = instanceSource(connector.manifest.id, instance.id);
    const prepared: PreparedRecord[] = [];
    for (const raw of records) {
      const record = { ...raw, id: recordIdOf(raw) };
      try {
        if (typeof raw.id !== 'string' || raw.id === '') throw new HubError('validation-failed', { detail: `the connector gave a ${capability.name} record without an id` });
        const { output } = await mapPayload(this.#deps.mappings, capability, instance.mappingOverrides, record.payload);
        const events = canonicalPayloads(output, capability.emits).map(({ definition, data }, index) => {
          const id = eventIdFor(instance.id, capability.name, record.id, index);
          const event = createEvent(definition, data, {
            source,
            id,
            time: record.occurredAt ?? options.now.toISOString(),
            correlationId: options.correlationId ?? id,
            ...(record.partitionKey === undefined ? {} : { partitionKey: record.partitionKey }),
            ...(record.sequence === undefined ? {} : { sequence: record.sequence }),
          });
          const envelope = this.#deps.schemas.validateEnvelope(event);
          if (!envelope.valid) throw new HubError('validation-failed', { detail: `the event built from record ${record.id} has an invalid envelope`, errors: envelope.errors });
          this.#deps.schemas.assertValid({ name: definition.type, version: definition.version }, data, '/data');
          return event as CloudEvent & { dataschema: string };
        });
        prepared.push({ record, events });
      } catch (error: unknown) {
        const failure = classifyFailure(error);
        // A missing mapping or a broken override fails every record alike: stop, so the caller
        // pauses the instance and nothing is taken (the vendor retries, the cursor stays).
        if (failure.kind === 'configuration' || failure.kind === 'authentication') throw error;
        prepared.push({ record, failure, mapping: mappingInUse(this.#deps.mappings, capability, instance.mappingOverrides) });
      }
    }
    return prepared;
  }

  /**
   * Commits prepared records in `tx`: each new record id is recorded and its events accepted; a
   * record seen before is skipped; a failed record becomes a dead letter (unless it was taken in
   * before), and is not marked seen, so a corrected mapping takes it when the vendor sends it again.
   */
  async commit(tx: SqlExecutor, target: InboundTarget, prepared: readonly PreparedRecord[]): Promise<InboundSummary> {
    const { instance, connector, capability } = target;
    const subscriber = capabilitySubscriber(instance.id, capability.name);
    const summary: InboundSummary = { records: prepared.length, accepted: 0, duplicates: 0, deadLettered: 0, events: [] };
    for (const item of prepared) {
      const { record } = item;
      if ('failure' in item) {
        const seen = await tx.query('select 1 from connector_inbound_records where instance_id = $1 and capability = $2 and record_id = $3', [instance.id, capability.name, record.id]);
        if (seen.rowCount > 0) {
          summary.duplicates += 1;
          continue;
        }
        const message = target.redact(item.failure.message);
        await recordDeadLetter(tx, {
          subscriber,
          eventId: record.id,
          eventType: record.type,
          source: instanceSource(connector.manifest.id, instance.id),
          rawMessage: target.redact(JSON.stringify({ instance: instance.id, connector: connector.key, capability: capability.name, record })),
          errorKind: item.failure.kind,
          errorCode: item.failure.code,
          errorMessage: `record ${record.id} could not be mapped to ${capability.emits.join(', ')}: ${message}`,
          errorStack: item.failure.stack === undefined ? undefined : target.redact(item.failure.stack),
          attempts: 1,
          attemptHistory: [{ attempt: 1, at: new Date().toISOString(), kind: item.failure.kind, code: item.failure.code, message: message.slice(0, 500) }],
          connectorVersion: connector.key,
          mappingVersion: item.mapping,
        });
        this.#deps.logger.warn({ instance: instance.id, capability: capability.name, recordId: record.id, code: item.failure.code }, 'vendor record dead-lettered: its mapping failed');
        summary.deadLettered += 1;
        continue;
      }
      const claimed = await tx.query(
        'insert into connector_inbound_records (instance_id, capability, record_id) values ($1, $2, $3) on conflict do nothing',
        [instance.id, capability.name, record.id],
      );
      if (claimed.rowCount === 0) {
        summary.duplicates += 1;
        continue;
      }
      for (const event of item.events) {
        if ((await acceptEvent(tx, event)) === 'accepted') {
          await logOutcome(tx, { eventId: event.id, correlationId: event.correlationid, eventType: event.type, subscriber, outcome: 'accepted', detail: `vendor record ${record.id}`.slice(0, 500) });
          summary.events.push(event.id);
        }
      }
      summary.accepted += 1;
    }
    return summary;
  }
}

/** Deletes de-duplication records older than the retention; returns how many were removed. */
export async function pruneInboundRecords(db: SqlExecutor, retentionHours: number): Promise<number> {
  const removed = await db.query("delete from connector_inbound_records where received_at < now() - ($1::int * interval '1 hour')", [retentionHours]);
  return removed.rowCount;
}
