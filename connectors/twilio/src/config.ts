/** An instance's config. */
export interface TwilioConfig {
  /** Account SID (`AC…`). */
  accountSid: string;
  /** Auth token: authenticates API calls and signs Twilio's webhooks (secret). */
  authToken: string;
  /** Sender of SMS: a Twilio phone number in E.164, or use messagingServiceSid. */
  from?: string | undefined;
  /** Messaging service (`MG…`) that picks the sender. */
  messagingServiceSid?: string | undefined;
  /** Public URL of this instance's message-status webhook, sent as StatusCallback. */
  statusCallbackUrl?: string | undefined;
  /** TaskRouter workspace (`WS…`) whose tasks carry the customer context. */
  workspaceSid?: string | undefined;
  /** Workflow (`WW…`) new tasks are routed by. */
  workflowSid?: string | undefined;
  /** Origins of the APIs (regional edges, proxies); default Twilio's global hosts. */
  apiBaseUrl?: string | undefined;
  taskRouterBaseUrl?: string | undefined;
  conversationsBaseUrl?: string | undefined;
}

/** The Messages API origin. */
export function apiOrigin(config: TwilioConfig): string {
  return (config.apiBaseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
}

/** The TaskRouter API origin. */
export function taskRouterOrigin(config: TwilioConfig): string {
  return (config.taskRouterBaseUrl ?? 'https://taskrouter.twilio.com').replace(/\/+$/, '');
}

/** The Conversations API origin. */
export function conversationsOrigin(config: TwilioConfig): string {
  return (config.conversationsBaseUrl ?? 'https://conversations.twilio.com').replace(/\/+$/, '');
}

/** HTTP Basic credentials of the account. */
export function basicAuth(config: TwilioConfig): string {
  return `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`;
}
