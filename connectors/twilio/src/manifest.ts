import type { ConnectorManifest } from '@omnihub/connector-sdk';

const sid = (prefix: string): Record<string, unknown> => ({ type: 'string', pattern: `^${prefix}[0-9a-fA-F]{32}$` });

/** The Twilio connector's manifest, version 1.0.0. */
export const manifest: ConnectorManifest = {
  id: 'twilio',
  version: '1.0.0',
  name: 'Twilio',
  description: 'Twilio Programmable Messaging, Conversations and TaskRouter (Flex): SMS notifications with status callbacks or posted into a conversation, customer context in task attributes, TaskRouter events and incoming SMS as interactions; every webhook verified by X-Twilio-Signature.',
  kind: 'ccaas',
  vendorApiVersion: 'api 2010-04-01, conversations v1, taskrouter v1',
  capabilities: {
    webhooks: [
      { name: 'taskrouter-events', vendorPayload: 'twilio.TaskRouterEvent', emits: ['interaction.started@1', 'interaction.ended@1'], mapping: 'twilio.task-event-to-interaction', description: 'TaskRouter event callback: task.created starts, task.completed ends an interaction.' },
      { name: 'incoming-sms', vendorPayload: 'twilio.IncomingMessage', emits: ['interaction.started@1'], mapping: 'twilio.incoming-sms-to-interaction', description: 'A message to the account: an inbound SMS interaction starts.' },
      { name: 'message-status', vendorPayload: 'twilio.MessageStatus', emits: ['notification.delivery-updated@1'], description: 'StatusCallback of a sent message; the record is the delivery update itself.' },
    ],
    actions: [
      { name: 'send-sms', consumes: ['notification.requested@2'], vendorPayload: 'twilio.Message', description: 'SMS notifications addressed to a phone number: Messages API (form-encoded) with StatusCallback; reads the canonical notification as is.' },
      {
        name: 'post-conversation-message',
        consumes: ['notification.requested@2'],
        vendorPayload: 'twilio.ConversationMessage',
        description: 'SMS notifications addressed to a Conversation SID (CH…): Conversations API message (form-encoded) carrying the notification id in its attributes; a redelivery finds the message it posted.',
      },
      { name: 'update-task-context', consumes: ['interaction.context-resolved@1'], vendorPayload: 'twilio.TaskAttributes', description: 'Customer context merged into the task attributes Flex shows; a task is created for interactions without one.' },
    ],
  },
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['accountSid', 'authToken'],
    properties: {
      accountSid: { ...sid('AC'), description: 'Account SID' },
      authToken: { type: 'string', minLength: 16, 'x-omnihub-secret': true, description: 'Auth token: API calls and webhook signatures' },
      from: { type: 'string', pattern: '^\\+[1-9]\\d{1,14}$', description: 'Sender number (E.164), or use messagingServiceSid' },
      messagingServiceSid: { ...sid('MG'), description: 'Messaging service that picks the sender' },
      statusCallbackUrl: { type: 'string', format: 'uri', pattern: '^https://', description: "Public URL of this instance's message-status webhook" },
      workspaceSid: { ...sid('WS'), description: 'TaskRouter workspace' },
      workflowSid: { ...sid('WW'), description: 'Workflow for tasks the connector creates' },
      apiBaseUrl: { type: 'string', format: 'uri', pattern: '^https?://[^/]+/?$', description: 'Messages API origin (default https://api.twilio.com)' },
      taskRouterBaseUrl: { type: 'string', format: 'uri', pattern: '^https?://[^/]+/?$', description: 'TaskRouter origin (default https://taskrouter.twilio.com)' },
      conversationsBaseUrl: { type: 'string', format: 'uri', pattern: '^https?://[^/]+/?$', description: 'Conversations API origin (default https://conversations.twilio.com)' },
    },
  },
  allowedHosts: ['api.twilio.com', 'conversations.twilio.com', 'taskrouter.twilio.com', '*.twilio.com'],
  allowedHostsFromConfig: ['apiBaseUrl', 'taskRouterBaseUrl', 'conversationsBaseUrl'],
  compatibility: {
    sdk: '^0.1.0',
    canonical: { 'interaction.started': '>=1 <2', 'interaction.ended': '>=1 <2', 'notification.delivery-updated': '>=1 <2', 'notification.requested': '>=2 <3', 'interaction.context-resolved': '>=1 <2' },
  },
};
