import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import nock from 'nock';
import { createTestContext } from '@omnihub/connector-sdk/testing';
import { formatReport, jsonataFixtureRunner, runConformance } from '@omnihub/connector-testkit';
import v1 from '../src/index.ts';
import v11, { type TwilioConfig } from '../versions/1.1.0/src/index.ts';
import conformanceV11 from '../versions/1.1.0/conformance.config.ts';
import { formRequest, specValidator } from './support/twilio-spec.ts';

const WORKSPACE = 'WS22222222222222222222222222222222';
const TASK = 'WT4b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e';
const CALLER = '+4915123456789';

function context(connector: typeof v1) {
  return createTestContext<TwilioConfig>({
    manifest: connector.manifest,
    config: { accountSid: 'AC11111111111111111111111111111111', authToken: 'twilio-auth-token-5f4e3d2c1b0a9f8e', workspaceSid: WORKSPACE, workflowSid: 'WW55555555555555555555555555555555' },
    instanceId: 'twilio-main',
  });
}

/** An interaction.context-resolved v1 payload for the task TASK. */
function resolved(matched: boolean, customer?: Record<string, unknown>) {
  return {
    interaction: { id: TASK, channel: 'voice', direction: 'inbound', startedAt: '2025-04-16T07:58:12Z', contact: { phone: CALLER }, externalIds: [{ system: 'twilio', id: TASK }] },
    matched,
    ...(matched ? { matchedBy: 'phone' } : {}),
    ...(customer === undefined ? {} : { context: customer }),
    target: { instanceId: 'twilio-main' },
    resolvedAt: '2025-04-16T07:58:12.114Z',
  };
}

/** Runs update-task-context of `connector` against TaskRouter (spec-checked) and returns the attributes it wrote. */
async function writtenAttributes(connector: typeof v1, payload: ReturnType<typeof resolved>): Promise<unknown> {
  const validateRequest = specValidator('taskrouter-tasks.json', formRequest('/v1/Workspaces/{WorkspaceSid}/Tasks/{Sid}'));
  let form: Record<string, unknown> = {};
  nock('https://taskrouter.twilio.com')
    .get(`/v1/Workspaces/${WORKSPACE}/Tasks/${TASK}`)
    .reply(200, { sid: TASK, attributes: JSON.stringify({ from: CALLER, type: 'inbound' }) })
    .post(`/v1/Workspaces/${WORKSPACE}/Tasks/${TASK}`, (body: Record<string, unknown>) => {
      form = { ...body };
      return true;
    })
    .reply(200, { sid: TASK });
  const result = await connector.actions?.['update-task-context']?.execute({ payload, event: { id: 'e', type: 'interaction.context-resolved', source: '/t', data: payload }, idempotencyKey: 'k' }, context(connector));
  assert.deepEqual(result, { vendorIds: [TASK] });
  assert.ok(nock.isDone(), 'the task was read and updated');
  validateRequest(form);
  return JSON.parse(String(form['Attributes']));
}

const guest = { customerId: `guest:${CALLER}`, phone: CALLER, orderCount: 1, recentOrders: ['1 × TSHIRT-BLK-M shipped at dc-east'], openReturns: [], contextPath: '/v1/customers/context?phone=%2B4915123456789' };
const known = { customerId: 'cus-10482', name: 'Lena Koch', orderCount: 7, recentOrders: [], openReturns: [], contextPath: '/v1/customers/cus-10482/context' };

describe('twilio connector 1.1.0, side by side with 1.0.0', () => {
  afterEach(() => {
    nock.cleanAll();
  });

  it('is the same connector id in a new minor, with the same config and no breaking change', () => {
    assert.equal(v11.manifest.id, v1.manifest.id);
    assert.equal(v1.manifest.version, '1.0.0');
    assert.equal(v11.manifest.version, '1.1.0');
    assert.equal(v11.manifest.breakingChanges, undefined);
    assert.deepEqual(v11.manifest.configSchema, v1.manifest.configSchema, 'an instance config carries over unchanged');
    assert.deepEqual(Object.keys(v11.actions ?? {}), Object.keys(v1.actions ?? {}));
    assert.deepEqual(Object.keys(v11.webhooks ?? {}), Object.keys(v1.webhooks ?? {}));
  });

  it("writes a guest's context into the task with matched: false, where 1.0.0 writes none", async () => {
    assert.deepEqual(await writtenAttributes(v11, resolved(false, guest)), { from: CALLER, type: 'inbound', omnihub: { customer: guest, matched: false, interactionId: TASK } });
    assert.deepEqual(await writtenAttributes(v1, resolved(false, guest)), { from: CALLER, type: 'inbound', omnihub: { customer: null, interactionId: TASK } });
  });

  it('writes a matched customer as 1.0.0 does, with matched: true beside it', async () => {
    assert.deepEqual(await writtenAttributes(v11, resolved(true, known)), { from: CALLER, type: 'inbound', omnihub: { customer: known, matched: true, interactionId: TASK } });
    assert.deepEqual(await writtenAttributes(v1, resolved(true, known)), { from: CALLER, type: 'inbound', omnihub: { customer: known, interactionId: TASK } });
  });

  it('writes customer: null for a caller the hub knows nothing of', async () => {
    assert.deepEqual(await writtenAttributes(v11, resolved(false)), { from: CALLER, type: 'inbound', omnihub: { customer: null, matched: false, interactionId: TASK } });
  });

  it('passes the conformance kit as 1.0.0 does', async () => {
    const fixtures = jsonataFixtureRunner({ mappingsDir: new URL('../../../mappings/twilio/', import.meta.url), schemaDirs: [new URL('../../../core/schemas/', import.meta.url)] });
    const report = await runConformance({ connector: v11, conformance: conformanceV11, fixtures });
    assert.equal(report.passed, true, formatReport(report));
  });
});
