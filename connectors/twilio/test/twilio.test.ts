import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import nock from 'nock';
import twilio from 'twilio';
import { ConfigurationFailure } from '@omnihub/connector-sdk';
import { createTestContext } from '@omnihub/connector-sdk/testing';
import connector, { twilioSignature, type TwilioConfig } from '../src/index.ts';
import { component, formRequest, specValidator } from './support/twilio-spec.ts';

const ACCOUNT = 'AC11111111111111111111111111111111';
const TOKEN = 'twilio-auth-token-5f4e3d2c1b0a9f8e';
const URL_HOOK = 'https://hub.example.com/v1/webhooks/twilio-main/incoming-sms';
function context(overrides: Partial<TwilioConfig> = {}) {
  return createTestContext<TwilioConfig>({ manifest: connector.manifest, config: { accountSid: ACCOUNT, authToken: TOKEN, from: '+4930555000111', statusCallbackUrl: 'https://hub.example.com/v1/webhooks/twilio-main/message-status', workspaceSid: 'WS22222222222222222222222222222222', workflowSid: 'WW55555555555555555555555555555555', ...overrides }, instanceId: 'twilio-main' });
}

describe('twilio connector', () => {
  afterEach(() => nock.cleanAll());

  it('computes the signature the twilio package computes, and accepts only it', async () => {
    const params = { MessageSid: 'SM7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29', From: '+4915123456789', To: '+4930555000111', Body: 'Wo bleibt mein Paket? ä & =' };
    const reference = twilio.getExpectedTwilioSignature(TOKEN, URL_HOOK, params);
    assert.equal(twilioSignature(TOKEN, URL_HOOK, params), reference);
    const rawBody = Buffer.from(new URLSearchParams(params).toString());
    const hook = connector.webhooks?.['incoming-sms'];
    assert.ok(hook);
    const ctx = context();
    assert.deepEqual(await hook.verify({ headers: { 'x-twilio-signature': reference }, rawBody, url: URL_HOOK, query: {} }, ctx), { ok: true });
    assert.equal(twilio.validateRequest(TOKEN, reference, URL_HOOK, params), true);
    const forged = twilio.getExpectedTwilioSignature('another-auth-token-000000000', URL_HOOK, params);
    const refused = await hook.verify({ headers: { 'x-twilio-signature': forged }, rawBody, url: URL_HOOK, query: {} }, ctx);
    assert.equal(refused.ok, false);
    const otherUrl = await hook.verify({ headers: { 'x-twilio-signature': reference }, rawBody, url: `${URL_HOOK}?x=1`, query: {} }, ctx);
    assert.equal(otherUrl.ok, false);
    const records = await hook.parse({ headers: {}, rawBody, url: URL_HOOK, query: {} }, ctx);
    assert.equal(records[0]?.id, params.MessageSid);
  });

  it('signs the callback URL with its query (message status with the notification id)', async () => {
    const url = 'https://hub.example.com/v1/webhooks/twilio-main/message-status?notificationId=ntf-1';
    const params = { MessageSid: 'SM2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c', MessageStatus: 'undelivered', ErrorCode: '30003', AccountSid: ACCOUNT };
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, params);
    const hook = connector.webhooks?.['message-status'];
    assert.ok(hook);
    const request = { headers: { 'x-twilio-signature': signature }, rawBody: Buffer.from(new URLSearchParams(params).toString()), url: url.split('?')[0] ?? '', query: { notificationId: 'ntf-1' } };
    const ctx = context();
    assert.deepEqual(await hook.verify(request, ctx), { ok: true });
    const [record] = await hook.parse(request, ctx);
    assert.deepEqual(record?.payload, { notificationId: 'ntf-1', providerMessageId: params.MessageSid, status: 'undelivered', errorCode: '30003', occurredAt: ctx.clock.now().toISOString() });
  });

  it('sends an SMS form-encoded, with the status callback, valid against the Messages API spec', async () => {
    const validateRequest = specValidator('messaging-sms.json', formRequest('/2010-04-01/Accounts/{AccountSid}/Messages.json'));
    const validateReply = specValidator('messaging-sms.json', component('api.v2010.account.message'));
    const reply = { sid: 'SM2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c', account_sid: ACCOUNT, to: '+4915123456789', from: '+4930555000111', body: 'Hallo', status: 'queued', direction: 'outbound-api', date_created: 'Mon, 14 Apr 2025 09:31:00 +0000', uri: `/2010-04-01/Accounts/${ACCOUNT}/Messages/SM2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c.json`, api_version: '2010-04-01', num_segments: '1', num_media: '0' };
    validateReply(reply);
    let form: Record<string, unknown> = {};
    nock('https://api.twilio.com')
      .post(`/2010-04-01/Accounts/${ACCOUNT}/Messages.json`, (body: Record<string, unknown>) => {
        form = { ...body };
        return true;
      })
      .basicAuth({ user: ACCOUNT, pass: TOKEN })
      .reply(201, reply);
    const notification = { id: 'ntf-2025-0087501', customerId: 'cus-10482', kind: 'return-authorized', channel: 'sms', to: '+4915123456789', instanceId: 'twilio-main', template: 'return-authorized-sms-de', body: 'Hallo Lena, Ihre Rücksendung ist genehmigt.', status: 'requested' };
    const result = await connector.actions?.['send-sms']?.execute({ payload: { notification }, event: { id: 'evt-1', type: 'notification.requested', source: '/t', data: {} }, idempotencyKey: 'k1' }, context());
    assert.deepEqual(result, { vendorIds: [reply.sid] });
    validateRequest(form);
    assert.deepEqual(form, { To: '+4915123456789', Body: notification.body, From: '+4930555000111', StatusCallback: 'https://hub.example.com/v1/webhooks/twilio-main/message-status?notificationId=ntf-2025-0087501' });
  });

  it('leaves a notification for another instance alone', async () => {
    const result = await connector.actions?.['send-sms']?.execute({ payload: { notification: { id: 'n', channel: 'sms', to: '+4915123456789', instanceId: 'twilio-other', body: 'x' } }, event: { id: 'e', type: 'x', source: '/t', data: {} }, idempotencyKey: 'k' }, context());
    assert.deepEqual(result, {});
  });

  it('merges the customer context into the task attributes (UpdateTask, spec-valid form)', async () => {
    const validateRequest = specValidator('taskrouter-tasks.json', formRequest('/v1/Workspaces/{WorkspaceSid}/Tasks/{Sid}'));
    let form: Record<string, unknown> = {};
    const task = 'WT4b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e';
    nock('https://taskrouter.twilio.com')
      .get(`/v1/Workspaces/WS22222222222222222222222222222222/Tasks/${task}`)
      .reply(200, { sid: task, attributes: '{"from":"+4915123456789","type":"inbound"}' })
      .post(`/v1/Workspaces/WS22222222222222222222222222222222/Tasks/${task}`, (body: Record<string, unknown>) => {
        form = { ...body };
        return true;
      })
      .reply(200, { sid: task });
    const context_ = { customerId: 'cus-10482', name: 'Lena Koch', orderCount: 7, recentOrders: [], openReturns: [], contextPath: '/v1/customers/cus-10482/context' };
    const payload = { interaction: { id: task, channel: 'voice', direction: 'inbound', startedAt: '2025-04-16T07:58:12Z', externalIds: [{ system: 'twilio', id: task }] }, matched: true, matchedBy: 'phone', context: context_, target: { instanceId: 'twilio-main' }, resolvedAt: '2025-04-16T07:58:12.114Z' };
    await connector.actions?.['update-task-context']?.execute({ payload, event: { id: 'e', type: 'interaction.context-resolved', source: '/t', data: payload }, idempotencyKey: 'k' }, context());
    validateRequest(form);
    assert.deepEqual(JSON.parse(String(form['Attributes'])), { from: '+4915123456789', type: 'inbound', omnihub: { customer: context_, interactionId: task } });
  });

  it('fails as a configuration failure without a workspace, before any request', async () => {
    // No interceptor: any request would fail as a network error instead.
    nock.disableNetConnect();
    try {
      const withTask = { interaction: { id: 'i-1', channel: 'voice', externalIds: [{ system: 'twilio', id: 'WT4b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e' }] }, matched: false, resolvedAt: '2025-04-16T07:58:12.114Z' };
      const withoutTask = { interaction: { id: 'i-2', channel: 'sms' }, matched: false, resolvedAt: '2025-04-16T07:58:12.114Z' };
      for (const payload of [withTask, withoutTask]) {
        await assert.rejects(
          connector.actions?.['update-task-context']?.execute({ payload, event: { id: 'e', type: 'interaction.context-resolved', source: '/t', data: payload }, idempotencyKey: 'k' }, context({ workspaceSid: undefined })) ?? Promise.reject(new Error('no action')),
          (error: unknown) => error instanceof ConfigurationFailure && /workspaceSid/.test(error.message),
        );
      }
    } finally {
      nock.enableNetConnect();
    }
  });
});
