/**
 * openapi/asyncapi.yaml: a valid AsyncAPI 3 document (@asyncapi/parser, no errors), one channel
 * per catalogued event type with AMQP bindings, payload schemas that accept the hub's real payloads
 * (every valid fixture, and the replies of the real command handlers) and refuse the invalid
 * fixtures, CloudEvents headers that accept what the transport really sends, and no drift from
 * its generator.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Parser, DiagnosticSeverity, type AsyncAPIDocumentInterface } from '@asyncapi/parser';
import AjvModule, { type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { createEvent, encodeEvent, EVENT_CATALOG, SCHEMAS_DIR, SchemaRegistry } from '@omnihub/core';
import { postgresFactory, type TestStore } from '@omnihub/core/testing';
import { ASYNCAPI_FILE, renderAsyncApi } from '../../scripts/generate-asyncapi.ts';
import { createHubCommandHandlers, HUB_COMMANDS, commandError } from '../src/interop/index.ts';

const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

/** The draft-07 validator AsyncAPI schemas are written for; the parser's own `x-parser-*` marks are ignored. */
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const compiled = new Map<object, ValidateFunction>();

function validator(schema: unknown): ValidateFunction {
  if (schema === null || typeof schema !== 'object') throw new Error('no schema');
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

function fixtures(name: string, version: number, kind: 'valid' | 'invalid'): { file: string; data: unknown }[] {
  const dir = `${SCHEMAS_DIR}/${name}/fixtures/v${version}/${kind}`;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file: `${name}/fixtures/v${version}/${kind}/${file}`, data: JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as unknown }));
}

/** Every `<name>/v<N>.schema.json` under core/schemas. */
function schemaVersions(): { name: string; version: number }[] {
  return readdirSync(SCHEMAS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) =>
      readdirSync(`${SCHEMAS_DIR}/${entry.name}`)
        .map((file) => /^v(\d+)\.schema\.json$/.exec(file))
        .filter((match) => match !== null)
        .map((match) => ({ name: entry.name, version: Number(match[1]) })),
    );
}

describe('asyncapi.yaml', () => {
  let document: AsyncAPIDocumentInterface;
  const text = readFileSync(ASYNCAPI_FILE, 'utf8');

  before(async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(text);
    const errors = diagnostics.filter((d) => DiagnosticSeverity[d.severity] === 'Error').map((d) => `${d.path.join('.')}: ${d.message}`);
    assert.deepEqual(errors, [], 'the parser reports no errors');
    assert.ok(parsed !== undefined);
    document = parsed;
  });

  it('is AsyncAPI 3 and current with its generator', async () => {
    assert.equal(document.version(), '3.0.0');
    assert.equal(text, await renderAsyncApi(), 'openapi/asyncapi.yaml is stale: run `npm run generate`');
  });

  it('has one channel per event type, addressed by its routing key on the durable topic exchange', () => {
    for (const definition of EVENT_CATALOG) {
      const channel = document.channels().get(definition.type);
      assert.ok(channel !== undefined, `channel ${definition.type}`);
      assert.equal(channel.address(), definition.routingKey);
      const amqp = channel.bindings().get('amqp')?.value<{ is: string; exchange: { name: string; type: string; durable: boolean } }>();
      assert.deepEqual([amqp?.is, amqp?.exchange.name, amqp?.exchange.type, amqp?.exchange.durable], ['routingKey', 'omnihub.events', 'topic', true]);
      assert.ok(
        channel.messages().all().some((m) => m.id() === `${definition.type}.v${definition.version}`),
        `${definition.type} carries v${definition.version}`,
      );
    }
    const queue = document.channels().get('subscriber')?.bindings().get('amqp')?.value<{ is: string; queue: { durable: boolean }; 'x-queue-arguments': Record<string, string> }>();
    assert.equal(queue?.is, 'queue');
    assert.equal(queue?.queue.durable, true);
    assert.equal(queue?.['x-queue-arguments']['x-queue-type'], 'quorum');
  });

  it('accepts every valid fixture of an event as that message’s payload, and refuses the invalid ones', () => {
    let checked = 0;
    for (const message of document.messages().all()) {
      const match = /^(.+)\.v(\d+)$/.exec(message.id());
      if (match?.[1] === undefined || message.id().startsWith('rpc.')) continue;
      const validate = validator(message.payload()?.json());
      for (const { file, data } of fixtures(match[1], Number(match[2]), 'valid')) {
        assert.ok(validate(data), `${file}: ${ajv.errorsText(validate.errors)}`);
        checked += 1;
      }
      for (const { file, data } of fixtures(match[1], Number(match[2]), 'invalid')) {
        assert.equal(validate(data), false, `${file} is refused`);
      }
    }
    assert.ok(checked >= EVENT_CATALOG.length, `${checked} event fixtures checked`);
  });

  it('embeds every canonical schema version with the same verdicts on its fixtures', () => {
    const schemas = document.components().schemas();
    for (const { name, version } of schemaVersions()) {
      const schema = schemas.get(`${name}.v${version}`);
      assert.ok(schema !== undefined, `components.schemas.${name}.v${version}`);
      const validate = validator(schema.json());
      for (const { file, data } of fixtures(name, version, 'valid')) assert.ok(validate(data), `${file}: ${ajv.errorsText(validate.errors)}`);
      for (const { file, data } of fixtures(name, version, 'invalid')) assert.equal(validate(data), false, `${file} is refused`);
    }
  });

  it('describes the CloudEvents binary-mode headers the transport really sends', () => {
    for (const definition of EVENT_CATALOG) {
      const message = document.messages().all().find((m) => m.id() === `${definition.type}.v${definition.version}`);
      const [fixture] = fixtures(definition.type, definition.version, 'valid');
      assert.ok(message !== undefined && fixture !== undefined);
      const encoded = encodeEvent(createEvent(definition, fixture.data, { source: '/tests/asyncapi', subject: 'S-1', correlationId: 'c-1', partitionKey: 'p-1' }), 2, [
        { attempt: 1, at: '2025-04-14T07:00:00Z', kind: 'transient', code: 'error.Error', message: 'boom' },
      ]);
      const validate = validator(message.headers()?.json());
      assert.ok(validate(encoded.headers), `${definition.type} headers: ${ajv.errorsText(validate.errors)}`);
      assert.ok(validator(message.payload()?.json())(JSON.parse(encoded.body.toString('utf8'))), `${definition.type} body`);
      assert.equal(validate({ ...encoded.headers, 'cloudEvents:type': 'something.else' }), false, 'the type header is pinned');
    }
  });

  describe('RPC commands', () => {
    let testStore: TestStore;
    before(async () => {
      testStore = await postgresFactory.open();
    });
    after(() => testStore.dispose());

    it('documents each command, and its real replies and errors validate', async () => {
      const handlers = createHubCommandHandlers({ store: testStore.store, registry: await SchemaRegistry.load() });
      const [orderFixture] = fixtures('order.created', 1, 'valid');
      const requests: Record<string, unknown> = { 'inventory.availability.get': { sku: 'ASYNC-SKU' }, 'orders.submit': orderFixture?.data };
      for (const command of HUB_COMMANDS) {
        const request = document.messages().all().find((m) => m.id() === `rpc.${command.pattern}.request`);
        const reply = document.messages().all().find((m) => m.id() === `rpc.${command.pattern}.reply`);
        assert.ok(request !== undefined && reply !== undefined, `messages of ${command.pattern}`);
        const data = requests[command.pattern];
        const packet = { pattern: command.pattern, data, id: 'req-1' };
        const validRequest = validator(request.payload()?.json());
        assert.ok(validRequest(packet), `${command.pattern} request: ${ajv.errorsText(validRequest.errors)}`);
        const response = await handlers[command.pattern]?.(data, {});
        const validReply = validator(reply.payload()?.json());
        assert.ok(validReply({ err: null, response, isDisposed: true, id: 'req-1' }), `${command.pattern} reply: ${ajv.errorsText(validReply.errors)}`);
        const refused = await handlers[command.pattern]?.({ unexpected: true }, {}).then(
          () => undefined,
          (error: unknown) => commandError(error),
        );
        assert.ok(validReply({ err: refused, isDisposed: true, id: 'req-2' }), `${command.pattern} error reply: ${ajv.errorsText(validReply.errors)}`);
      }
    });
  });
});
