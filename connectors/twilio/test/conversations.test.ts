import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import nock from 'nock';
import { InvalidMessageFailure, TransientFailure, type ActionInput } from '@omnihub/connector-sdk';
import { createTestContext } from '@omnihub/connector-sdk/testing';
import connector, { type TwilioConfig } from '../src/index.ts';
import { component, formRequest, specValidator } from './support/twilio-spec.ts';

const ACCOUNT = 'AC11111111111111111111111111111111';
const TOKEN = 'twilio-auth-token-5f4e3d2c1b0a9f8e';
const CONVERSATION = 'CH3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a88';
const MESSAGES = `/v1/Conversations/${CONVERSATION}/Messages`;
const LIST = { Order: 'desc', PageSize: '50' };

const validateForm = specValidator('conversations.json', formRequest('/v1/Conversations/{ConversationSid}/Messages'));
const validateMessage = specValidator('conversations.json', component('conversations.v1.conversation.conversation_message'));
const validateList = specValidator('conversations.json', '/paths/~1v1~1Conversations~1{ConversationSid}~1Messages/get/responses/200/content/application~1json/schema');

function context() {
  return createTestContext<TwilioConfig>({ manifest: connector.manifest, config: { accountSid: ACCOUNT, authToken: TOKEN, from: '+4930555000111' }, instanceId: 'twilio-main' });
}

function notification(overrides: Record<string, unknown> = {}) {
  return { id: 'ntf-2025-0087502', customerId: 'cus-10482', kind: 'ready-for-pickup', channel: 'sms', to: CONVERSATION, instanceId: 'twilio-main', template: 'ready-for-pickup-sms-de', body: 'Hallo Lena, Ihre Bestellung A-1001 liegt zur Abholung bereit.', orderId: 'A-1001', status: 'requested', ...overrides };
}

function input(payload: unknown): ActionInput {
  return { payload, event: { id: 'evt-7', type: 'notification.requested', source: '/notifications', data: payload }, idempotencyKey: 'twilio-main:post-conversation-message:evt-7' };
}

/** A conversation message as the Conversations API returns it (Twilio's own example, our values). */
function message(sid: string, attributes: string, body: string) {
  return {
    sid,
    account_sid: ACCOUNT,
    conversation_sid: CONVERSATION,
    body,
    author: 'system',
    attributes,
    index: 4,
    date_created: '2025-04-16T08:02:11Z',
    date_updated: '2025-04-16T08:02:11Z',
    url: `https://conversations.twilio.com${MESSAGES}/${sid}`,
    links: { delivery_receipts: `https://conversations.twilio.com${MESSAGES}/${sid}/Receipts`, channel_metadata: `https://conversations.twilio.com${MESSAGES}/${sid}/ChannelMetadata` },
  };
}

function list(messages: unknown[]) {
  return { messages, meta: { page: 0, page_size: 50, first_page_url: `https://conversations.twilio.com${MESSAGES}?Order=desc&PageSize=50&Page=0`, previous_page_url: null, url: `https://conversations.twilio.com${MESSAGES}?Order=desc&PageSize=50&Page=0`, next_page_url: null, key: 'messages' } };
}

const action = connector.actions?.['post-conversation-message'];
const sendSms = connector.actions?.['send-sms'];

describe('twilio connector: post-conversation-message', () => {
  afterEach(() => nock.cleanAll());

  it('posts the rendered notification into the conversation its address names, form-encoded and valid against the Conversations API spec', async () => {
    assert.ok(action);
    const earlier = message('IM0a1b2c3d4e5f60718293a4b5c6d7e8f9', '{}', 'Wo bleibt mein Paket?');
    const reply = message('IM7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29', '{"omnihub":{"notificationId":"ntf-2025-0087502","kind":"ready-for-pickup","orderId":"A-1001"}}', notification().body);
    validateList(list([earlier]));
    validateMessage(reply);
    let form: Record<string, unknown> = {};
    const api = nock('https://conversations.twilio.com')
      .get(MESSAGES)
      .query(LIST)
      .basicAuth({ user: ACCOUNT, pass: TOKEN })
      .reply(200, list([earlier]))
      .post(MESSAGES, (body: Record<string, unknown>) => {
        form = { ...body };
        return true;
      })
      .basicAuth({ user: ACCOUNT, pass: TOKEN })
      .reply(201, reply);
    const result = await action.execute(input({ notification: notification() }), context());
    assert.deepEqual(result, { vendorIds: [reply.sid] });
    assert.ok(api.isDone());
    validateForm(form);
    assert.deepEqual(form, { Body: notification().body, Attributes: reply.attributes });
  });

  it('takes a redelivery as done when the conversation already holds the message of that notification', async () => {
    assert.ok(action);
    const posted = message('IM7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29', '{"omnihub":{"notificationId":"ntf-2025-0087502"}}', notification().body);
    const reply = list([message('IM0a1b2c3d4e5f60718293a4b5c6d7e8f9', 'not json', 'Danke!'), posted]);
    validateList(reply);
    const api = nock('https://conversations.twilio.com').get(MESSAGES).query(LIST).reply(200, reply);
    const result = await action.execute(input({ notification: notification() }), context());
    assert.deepEqual(result, { vendorIds: [posted.sid], alreadyApplied: true });
    assert.ok(api.isDone());
  });

  it('never posts again after a 5xx: Twilio may have taken the message, and the redelivery looks first', async () => {
    assert.ok(action);
    let posts = 0;
    nock('https://conversations.twilio.com')
      .get(MESSAGES)
      .query(LIST)
      .reply(200, list([]))
      .post(MESSAGES, () => {
        posts += 1;
        return true;
      })
      .times(3)
      .reply(503, { code: 20503, message: 'Service Unavailable', more_info: 'https://www.twilio.com/docs/errors/20503', status: 503 });
    await assert.rejects(action.execute(input({ notification: notification() }), context()), TransientFailure);
    assert.equal(posts, 1);
  });

  it('splits sms notifications by address: a Conversation SID is posted, a phone number is an SMS; other channels and instances are left alone', async () => {
    assert.ok(action && sendSms);
    // Any request would fail: the actions must decide from the notification alone.
    nock.disableNetConnect();
    const ctx = context();
    assert.deepEqual(await action.execute(input({ notification: notification({ to: '+4915123456789' }) }), ctx), {});
    assert.deepEqual(await sendSms.execute(input({ notification: notification() }), ctx), {});
    assert.deepEqual(await action.execute(input({ notification: notification({ channel: 'email', to: 'lena@example.com' }) }), ctx), {});
    assert.deepEqual(await action.execute(input({ notification: notification({ instanceId: 'twilio-other' }) }), ctx), {});
    nock.enableNetConnect();
  });

  it('refuses a payload that is not a notification, and a notification without a rendered body', async () => {
    assert.ok(action);
    await assert.rejects(action.execute(input({ order: {} }), context()), (error: unknown) => error instanceof InvalidMessageFailure && error.code === 'twilio.payload');
    await assert.rejects(
      action.execute(input({ notification: notification({ body: undefined }) }), context()),
      (error: unknown) => error instanceof InvalidMessageFailure && error.message === 'post-conversation-message: notification ntf-2025-0087502 has no rendered body',
    );
  });
});
