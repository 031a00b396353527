import { defineConformance, startVendorServer, type RecordedRequest } from '@omnihub/connector-testkit';
import { twilioSignature, formParams, type TwilioConfig } from './src/index.ts';

const TASK = 'WT4b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e';

const CONVERSATION = 'CH3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a88';

/**
 * The fake Twilio's answers. Conversation messages it accepted are listed back (newest first), so
 * a redelivered conversation notification finds the message it posted.
 */
function twilioDouble(): (request: RecordedRequest, effect: number | undefined) => { status: number; body: unknown } {
  const posted: { sid: string; attributes: string }[] = [];
  return (request, effect) => {
    if (request.path.includes('/Messages.json')) return { status: 201, body: { sid: `SM${String(effect ?? 0).padStart(32, '0')}`, status: 'queued' } };
    if (request.path.startsWith(`/v1/Conversations/${CONVERSATION}/Messages`)) {
      if (request.method === 'GET') return { status: 200, body: { messages: [...posted].reverse(), meta: { page: 0, page_size: 50 } } };
      const message = { sid: `IM${String(effect ?? 0).padStart(32, '0')}`, attributes: new URLSearchParams(request.body.toString('utf8')).get('Attributes') ?? '{}' };
      posted.push(message);
      return { status: 201, body: message };
    }
    if (request.method === 'GET') return { status: 200, body: { sid: TASK, attributes: '{}', tasks: [] } };
    return { status: 200, body: { sid: TASK } };
  };
}

/** How `omnihub connectors test` exercises the Twilio connector. */
export default defineConformance<TwilioConfig>({
  vendor: {
    start: () =>
      startVendorServer({
        // Every accepted message (SMS or conversation) is an effect; task attribute updates set state and are none.
        effectKey: (request) => (request.method === 'POST' && request.path.includes('/Messages') ? `message-${Math.random()}` : undefined),
        respond: twilioDouble(),
      }),
  },
  config: ({ vendorUrl }) => ({
    accountSid: 'AC11111111111111111111111111111111',
    authToken: 'conformance-auth-token-5f4e3d2c',
    from: '+4930555000111',
    workspaceSid: 'WS22222222222222222222222222222222',
    workflowSid: 'WW55555555555555555555555555555555',
    apiBaseUrl: vendorUrl ?? 'http://127.0.0.1:9',
    taskRouterBaseUrl: vendorUrl ?? 'http://127.0.0.1:9',
    conversationsBaseUrl: vendorUrl ?? 'http://127.0.0.1:9',
  }),
  invalidConfigs: [
    { config: { accountSid: 'not-a-sid', authToken: 'conformance-auth-token-5f4e3d2c' }, why: 'an account SID without AC and 32 hex digits' },
    { config: { accountSid: 'AC11111111111111111111111111111111', authToken: 'short' }, why: 'an auth token shorter than 16 characters' },
    { config: { accountSid: 'AC11111111111111111111111111111111', authToken: 'conformance-auth-token-5f4e3d2c', from: '030 555' }, why: 'a sender that is not E.164' },
    { config: { accountSid: 'AC11111111111111111111111111111111', authToken: 'conformance-auth-token-5f4e3d2c', statusCallbackUrl: 'http://hub.example.com/x' }, why: 'a status callback that is not https' },
  ],
  signWebhook: ({ body, config, url }) => ({ headers: { 'x-twilio-signature': twilioSignature(config.authToken, url, formParams(body)) } }),
  webhooks: {
    'taskrouter-events': {
      body: `EventType=task.created&EventSid=EV0f1e2d3c4b5a69788796a5b4c3d2e1f0&TaskSid=${TASK}&Timestamp=1744790292&TaskChannelUniqueName=voice&TaskAttributes=${encodeURIComponent('{"from":"+4915123456789"}')}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
    'incoming-sms': { body: 'MessageSid=SM7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29&From=%2B4915123456789&To=%2B4930555000111&Body=Wo+bleibt+mein+Paket', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    'message-status': { body: 'MessageSid=SM2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c&MessageStatus=delivered&AccountSid=AC11111111111111111111111111111111', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
  },
  actions: {
    'send-sms': { payload: { notification: { id: 'ntf-1', customerId: 'cus-1', kind: 'order-shipped', channel: 'sms', to: '+4915123456789', template: 't', body: 'Ihr Paket ist unterwegs.', status: 'requested' } } },
    'post-conversation-message': { payload: { notification: { id: 'ntf-2', customerId: 'cus-1', kind: 'ready-for-pickup', channel: 'sms', to: CONVERSATION, template: 't', body: 'Ihre Bestellung liegt zur Abholung bereit.', status: 'requested' } } },
    'update-task-context': { payload: { interaction: { id: TASK, channel: 'voice', direction: 'inbound', startedAt: '2025-04-16T07:58:12Z', externalIds: [{ system: 'twilio', id: TASK }] }, matched: false, resolvedAt: '2025-04-16T07:58:12Z' } },
  },
  waivers: {
    'webhook-freshness': 'Twilio signs the URL and the form parameters only, never a delivery time (X-Twilio-Signature has no timestamp), so a replayed request cannot be told from a fresh one by its signature; replays are absorbed by the record ids (EventSid, MessageSid with status).',
    'action-idempotency':
      "Twilio's Messages API takes no idempotency key (Twilio: sending an SMS is not idempotent) and TaskRouter attribute updates set state, so neither a redelivery nor a second event can be counted as the kit counts effects; send-sms never resends after a timeout or 5xx, update-task-context finds a task it created by the interaction id (EvaluateTaskAttributes), and post-conversation-message finds a message it posted by the notification id in its attributes (tested in test/conversations.test.ts).",
  },
});
