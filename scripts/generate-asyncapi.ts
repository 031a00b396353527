/**
 * Generates openapi/asyncapi.yaml (AsyncAPI 3.0) from the event catalog, the canonical JSON Schemas
 * and the hub's RPC commands:
 * - one channel per event type on the topic exchange (address = routing key), with AMQP bindings,
 *   every payload version as a message in CloudEvents binary mode (attributes as `cloudEvents:*`
 *   headers, data as the JSON body);
 * - the subscriber queues (durable quorum queues bound to the exchange) the hub consumes from;
 * - the RPC command queue NestJS services send to, with its request and reply messages.
 * Canonical schemas are embedded under components.schemas in AsyncAPI's schema dialect (JSON
 * Schema draft-07): `$defs` become their own components and every `$ref` points inside the document.
 *
 * `node scripts/generate-asyncapi.ts` writes the file; `--check` fails when it is stale; `--validate`
 * parses it with @asyncapi/parser and fails on any error.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { CE_PREFIX, EVENT_CATALOG, schemaId, SCHEMA_ID_BASE } from '@omnihub/core';
import { HUB_COMMANDS } from '../core/src/interop/index.ts';
import { readSchemaFiles } from './schema-files.ts';

/** Where the document is written. */
export const ASYNCAPI_FILE = fileURLToPath(new URL('../openapi/asyncapi.yaml', import.meta.url));

/** The default names of a deployment (`OMNIHUB_AMQP_URL` with the `omnihub` prefix). */
const EXCHANGE = 'omnihub.events';
const SUBSCRIBER_QUEUE = 'omnihub.q.{subscriber}';
const RPC_QUEUE = 'omnihub.rpc';
const AMQP_BINDING_VERSION = '0.3.0';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const schemaKey = (name: string, version: number): string => `${name}.v${version}`;
const schemaRef = (key: string): JsonObject => ({ $ref: `#/components/schemas/${key}` });

/** Rewrites a canonical `$ref` (relative file, absolute `$id` or local `#/$defs/x`) to a component. */
function rewriteRef(ref: string, owner: string, fileDir: string): string {
  if (ref.startsWith('#/$defs/')) return `#/components/schemas/${owner}.${ref.slice('#/$defs/'.length)}`;
  const [target = '', fragment] = ref.split('#');
  const base = target.startsWith(SCHEMA_ID_BASE) ? SCHEMA_ID_BASE : `https://x/${fileDir}/`;
  const resolved = target.startsWith(SCHEMA_ID_BASE) ? target.slice(SCHEMA_ID_BASE.length) : new URL(target, base).pathname.slice(1);
  const match = /^\/?([a-z][a-z0-9.-]*)\/v(\d+)\.schema\.json$/.exec(resolved);
  if (match?.[1] === undefined) throw new Error(`${owner}: cannot resolve $ref ${ref}`);
  const key = schemaKey(match[1], Number(match[2]));
  if (fragment === undefined || fragment === '') return `#/components/schemas/${key}`;
  if (!fragment.startsWith('/$defs/')) throw new Error(`${owner}: unsupported $ref fragment ${ref}`);
  return `#/components/schemas/${key}.${fragment.slice('/$defs/'.length)}`;
}

/** A canonical schema node in AsyncAPI's dialect: no `$schema`/`$id`, references inside the document. */
function rewrite(node: Json, owner: string, fileDir: string): Json {
  if (Array.isArray(node)) return node.map((item) => rewrite(item, owner, fileDir));
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema' || key === '$id' || key === '$defs') continue;
    out[key] = key === '$ref' && typeof value === 'string' ? rewriteRef(value, owner, fileDir) : rewrite(value, owner, fileDir);
  }
  return out;
}

/** Every canonical schema version (and each of its `$defs`) as components.schemas entries. */
async function canonicalSchemas(): Promise<{ schemas: JsonObject; versions: Map<string, number[]>; descriptions: Map<string, string> }> {
  const schemas: JsonObject = {};
  const versions = new Map<string, number[]>();
  const descriptions = new Map<string, string>();
  for (const file of await readSchemaFiles()) {
    const owner = schemaKey(file.name, file.version);
    const document = JSON.parse(file.text) as JsonObject;
    schemas[owner] = { ...(rewrite(document, owner, file.name) as JsonObject), 'x-omnihub-schema-id': schemaId({ name: file.name, version: file.version }) };
    const defs = document['$defs'];
    if (defs !== undefined && defs !== null && typeof defs === 'object' && !Array.isArray(defs)) {
      for (const [defName, def] of Object.entries(defs)) schemas[`${owner}.${defName}`] = rewrite(def, owner, file.name);
    }
    versions.set(file.name, [...(versions.get(file.name) ?? []), file.version]);
    if (typeof document['description'] === 'string') descriptions.set(owner, document['description']);
  }
  return { schemas, versions, descriptions };
}

/** The CloudEvents attributes of the binary content mode, as AMQP headers (CloudEvents AMQP binding). */
function cloudEventsHeaders(): JsonObject {
  const attribute = (description: string, extra: JsonObject = {}): JsonObject => ({ type: 'string', description, ...extra });
  return {
    type: 'object',
    description:
      'CloudEvents 1.0 attributes in binary content mode: each attribute is an AMQP application property prefixed `cloudEvents:`; the body is the event data as JSON (content type application/json), and the AMQP message id is the event id.',
    required: [`${CE_PREFIX}specversion`, `${CE_PREFIX}id`, `${CE_PREFIX}source`, `${CE_PREFIX}type`],
    properties: {
      [`${CE_PREFIX}specversion`]: attribute('CloudEvents version.', { const: '1.0' }),
      [`${CE_PREFIX}id`]: attribute('Event id; unique per source. Consumers are idempotent by it.', { minLength: 1 }),
      [`${CE_PREFIX}source`]: attribute('Producer of the event, a URI reference such as `/v1/orders` or `/connectors/shop-eu`.', { minLength: 1 }),
      [`${CE_PREFIX}type`]: attribute('Event type; also the routing key.', { minLength: 1 }),
      [`${CE_PREFIX}subject`]: attribute('What the event is about, e.g. the order id.'),
      [`${CE_PREFIX}time`]: attribute('When it happened (RFC 3339).', { format: 'date-time' }),
      [`${CE_PREFIX}dataschema`]: attribute('`$id` of the payload schema version.', { format: 'uri' }),
      [`${CE_PREFIX}correlationid`]: attribute('Extension: id shared by every event of one business transaction (`omnihub trace`).'),
      [`${CE_PREFIX}causationid`]: attribute('Extension: id of the event that caused this one.'),
      [`${CE_PREFIX}partitionkey`]: attribute('Extension: key whose events belong together (an order id, a SKU).'),
      [`${CE_PREFIX}sequence`]: attribute("Extension: the source's own sequence, where it has one."),
      'x-omnihub-attempt': { type: 'integer', minimum: 1, description: 'Delivery attempt (1 for the first; retries go through delay queues).' },
      'x-omnihub-history': { type: 'string', description: 'JSON array of the earlier failed attempts of this message.' },
    },
  };
}

const amqpExchange: JsonObject = { name: EXCHANGE, type: 'topic', durable: true, autoDelete: false, vhost: '/' };

function eventParts(schemas: { versions: Map<string, number[]>; descriptions: Map<string, string> }): { channels: JsonObject; operations: JsonObject; messages: JsonObject; queueMessages: JsonObject } {
  const channels: JsonObject = {};
  const operations: JsonObject = {};
  const messages: JsonObject = {};
  const queueMessages: JsonObject = {};
  for (const definition of [...EVENT_CATALOG].sort((a, b) => a.type.localeCompare(b.type))) {
    const { type } = definition;
    const versions = schemas.versions.get(type);
    if (versions === undefined) throw new Error(`event ${type} has no schema under core/schemas`);
    const channelMessages: JsonObject = {};
    for (const version of versions) {
      const key = schemaKey(type, version);
      messages[key] = {
        name: key,
        title: `${type} v${version}`,
        summary: schemas.descriptions.get(key) ?? type,
        contentType: 'application/json',
        correlationId: { $ref: '#/components/correlationIds/cloudEventsCorrelation' },
        headers: {
          type: 'object',
          allOf: [
            schemaRef('cloudEvents.headers'),
            { properties: { [`${CE_PREFIX}type`]: { const: type }, [`${CE_PREFIX}dataschema`]: { const: schemaId({ name: type, version }) } } },
          ],
        },
        payload: schemaRef(key),
        bindings: { amqp: { messageType: type, bindingVersion: AMQP_BINDING_VERSION } },
      };
      channelMessages[key] = { $ref: `#/components/messages/${key}` };
      queueMessages[key] = { $ref: `#/components/messages/${key}` };
    }
    channels[type] = {
      address: type,
      title: type,
      description: `\`${type}\` events on the \`${EXCHANGE}\` topic exchange; the routing key is the event type. Every payload version travels under the same key and subscribers receive it upcast to the version they declare.`,
      messages: channelMessages,
      bindings: { amqp: { is: 'routingKey', exchange: amqpExchange, bindingVersion: AMQP_BINDING_VERSION } },
    };
    operations[`${type}.publish`] = {
      action: 'send',
      title: `Publish ${type}`,
      summary: `The hub publishes ${type} from its outbox, persistent and with publisher confirms.`,
      channel: { $ref: `#/channels/${type}` },
      messages: Object.keys(channelMessages).map((key) => ({ $ref: `#/channels/${type}/messages/${key}` })),
      bindings: { amqp: { deliveryMode: 2, mandatory: false, bindingVersion: AMQP_BINDING_VERSION } },
    };
  }
  return { channels, operations, messages, queueMessages };
}

function rpcParts(): { channels: JsonObject; operations: JsonObject; messages: JsonObject; schemas: JsonObject } {
  const requestMessages: JsonObject = {};
  const replyMessages: JsonObject = {};
  const messages: JsonObject = {};
  const schemas: JsonObject = {
    'rpc.error': {
      type: 'object',
      description: 'The error of a refused or failed command, as a Nest client receives it (its observable errors with this object).',
      required: ['status', 'code', 'message'],
      properties: {
        status: { const: 'error' },
        code: { type: 'string', description: 'A stable hub error code (docs/errors.md): not-found, validation-failed, conflict, internal...' },
        message: { type: 'string' },
        errors: {
          type: 'array',
          description: 'The broken rules of a validation-failed, each located by a JSON pointer from the request data.',
          items: { type: 'object', required: ['path', 'message', 'keyword'], properties: { path: { type: 'string' }, message: { type: 'string' }, keyword: { type: 'string' } } },
        },
      },
    },
  };
  const operations: JsonObject = {};
  for (const command of HUB_COMMANDS) {
    const { pattern } = command;
    schemas[`rpc.${pattern}.request`] = rewrite(command.request as Json, `rpc.${pattern}`, '.');
    schemas[`rpc.${pattern}.reply`] = rewrite(command.reply as Json, `rpc.${pattern}`, '.');
    messages[`rpc.${pattern}.request`] = {
      name: `${pattern}.request`,
      title: `${pattern} request`,
      summary: command.summary,
      contentType: 'application/json',
      description: "A packet of Nest's RabbitMQ transport (default serializer), with the AMQP properties `reply_to` and `correlation_id` set by the client.",
      payload: {
        type: 'object',
        required: ['pattern', 'data'],
        properties: {
          pattern: { const: pattern },
          data: schemaRef(`rpc.${pattern}.request`),
          id: { type: 'string', description: 'Request id of the Nest client; absent for `emit` (no reply).' },
        },
      },
    };
    messages[`rpc.${pattern}.reply`] = {
      name: `${pattern}.reply`,
      title: `${pattern} reply`,
      contentType: 'application/json',
      description: "Nest's reply format, sent to the request's `reply_to` with its `correlation_id`.",
      payload: {
        oneOf: [
          {
            type: 'object',
            required: ['err', 'response', 'isDisposed', 'id'],
            properties: { err: { type: 'null' }, response: schemaRef(`rpc.${pattern}.reply`), isDisposed: { const: true }, id: { type: 'string' } },
          },
          {
            type: 'object',
            required: ['err', 'isDisposed', 'id'],
            properties: { err: schemaRef('rpc.error'), isDisposed: { const: true }, id: { type: 'string' } },
          },
        ],
      },
    };
    requestMessages[`rpc.${pattern}.request`] = { $ref: `#/components/messages/rpc.${pattern}.request` };
    replyMessages[`rpc.${pattern}.reply`] = { $ref: `#/components/messages/rpc.${pattern}.reply` };
    operations[`rpc.${pattern}`] = {
      action: 'receive',
      title: pattern,
      summary: command.summary,
      channel: { $ref: '#/channels/rpc' },
      messages: [{ $ref: `#/channels/rpc/messages/rpc.${pattern}.request` }],
      reply: { channel: { $ref: '#/channels/rpc.reply' }, messages: [{ $ref: `#/channels/rpc.reply/messages/rpc.${pattern}.reply` }] },
      bindings: { amqp: { ack: true, bindingVersion: AMQP_BINDING_VERSION } },
    };
  }
  const channels: JsonObject = {
    rpc: {
      address: RPC_QUEUE,
      title: 'Hub commands',
      description:
        "The durable quorum queue NestJS services send commands to (`@nestjs/microservices`, `Transport.RMQ`, option `queue`; `OMNIHUB_RPC_QUEUE`). The client must declare the queue as the hub does (`queueOptions: { durable: true, arguments: { 'x-queue-type': 'quorum' } }`) or not at all (`noAssert: true`).",
      messages: requestMessages,
      bindings: { amqp: { is: 'queue', queue: { name: RPC_QUEUE, durable: true, exclusive: false, autoDelete: false, vhost: '/' }, 'x-queue-arguments': { 'x-queue-type': 'quorum' }, bindingVersion: AMQP_BINDING_VERSION } },
    },
    'rpc.reply': {
      address: null,
      title: 'Command replies',
      description: "The caller's reply queue, named by each request's `reply_to` (Nest uses RabbitMQ's direct reply-to, `amq.rabbitmq.reply-to`).",
      messages: replyMessages,
    },
  };
  return { channels, operations, messages, schemas };
}

/** Renders the AsyncAPI document as YAML text. */
export async function renderAsyncApi(): Promise<string> {
  const canonical = await canonicalSchemas();
  const events = eventParts(canonical);
  const rpc = rpcParts();
  const version = (JSON.parse(await readFile(new URL('../core/package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const receive: JsonObject = {};
  for (const key of Object.keys(events.queueMessages)) {
    const type = key.replace(/\.v\d+$/, '');
    receive[`${type}.consume`] ??= {
      action: 'receive',
      title: `Consume ${type}`,
      summary: `Subscribers of ${type} consume it from their own queue with manual acks, after their effects are committed.`,
      channel: { $ref: '#/channels/subscriber' },
      messages: Object.keys(events.queueMessages)
        .filter((k) => k.replace(/\.v\d+$/, '') === type)
        .map((k) => ({ $ref: `#/channels/subscriber/messages/${k}` })),
      bindings: { amqp: { ack: true, bindingVersion: AMQP_BINDING_VERSION } },
    };
  }
  const document: JsonObject = {
    asyncapi: '3.0.0',
    info: {
      title: 'omnihub events and commands',
      version,
      description:
        'The canonical events omnihub publishes and consumes on RabbitMQ, and the commands NestJS services send it. Names are those of a deployment with the default prefix `omnihub` (exchange `omnihub.events`, subscriber queues `omnihub.q.<subscriber>`). Generated by `npm run generate` from core/src/events/catalog.ts, core/schemas and core/src/interop: do not edit by hand.',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    defaultContentType: 'application/json',
    servers: {
      rabbitmq: {
        host: '{host}',
        protocol: 'amqp',
        protocolVersion: '0.9.1',
        description: 'The RabbitMQ of the deployment (`OMNIHUB_AMQP_URL`).',
        variables: { host: { default: 'localhost:5672', description: 'host:port of RabbitMQ' } },
      },
    },
    channels: {
      ...events.channels,
      subscriber: {
        address: SUBSCRIBER_QUEUE,
        title: 'Subscriber queue',
        description:
          "One durable quorum queue per subscriber (a flow, or a connector instance's action), bound to the exchange by the routing keys of the events it takes. Failed deliveries wait in delay queues (`omnihub.delay.<subscriber>.<ms>`, quorum, at-least-once dead-lettering back to this queue) and end in the hub's dead-letter store after the last attempt.",
        parameters: { subscriber: { description: 'Subscriber name, e.g. `flow.order-routing` or `connector.<instance>.<action>`.' } },
        messages: events.queueMessages,
        bindings: {
          amqp: {
            is: 'queue',
            queue: { name: SUBSCRIBER_QUEUE, durable: true, exclusive: false, autoDelete: false, vhost: '/' },
            'x-queue-arguments': { 'x-queue-type': 'quorum' },
            bindingVersion: AMQP_BINDING_VERSION,
          },
        },
      },
      ...rpc.channels,
    },
    operations: { ...events.operations, ...receive, ...rpc.operations },
    components: {
      schemas: { 'cloudEvents.headers': cloudEventsHeaders(), ...canonical.schemas, ...rpc.schemas },
      messages: { ...events.messages, ...rpc.messages },
      correlationIds: {
        cloudEventsCorrelation: {
          description: 'Shared by every event of one business transaction; `GET /v1/traces/{correlationId}` and `omnihub trace` follow it.',
          location: `$message.header#/${CE_PREFIX}correlationid`,
        },
      },
    },
  };
  const header = '# Generated by `npm run generate` (scripts/generate-asyncapi.ts): edit the catalog, schemas or commands, not this file.\n';
  return header + stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Parses the document with @asyncapi/parser; returns its error diagnostics as text lines. */
export async function asyncApiErrors(text: string): Promise<string[]> {
  const { Parser, DiagnosticSeverity } = await import('@asyncapi/parser');
  const { diagnostics } = await new Parser().parse(text);
  return diagnostics.filter((d) => DiagnosticSeverity[d.severity] === 'Error').map((d) => `${d.path.join('.')}: ${d.message}`);
}

if (import.meta.main) {
  const text = await renderAsyncApi();
  if (process.argv.includes('--check')) {
    if ((await readFile(ASYNCAPI_FILE, 'utf8').catch(() => '')) !== text) {
      console.error('openapi/asyncapi.yaml is stale: run `npm run generate` and commit it');
      process.exit(1);
    }
    console.log('openapi/asyncapi.yaml is current');
  } else if (process.argv.includes('--validate')) {
    const errors = await asyncApiErrors(await readFile(ASYNCAPI_FILE, 'utf8'));
    for (const error of errors) console.error(`asyncapi: ${error}`);
    if (errors.length > 0) process.exit(1);
    console.log('openapi/asyncapi.yaml is a valid AsyncAPI 3.0 document');
  } else {
    await writeFile(ASYNCAPI_FILE, text);
    console.log(`wrote ${ASYNCAPI_FILE}`);
  }
}
