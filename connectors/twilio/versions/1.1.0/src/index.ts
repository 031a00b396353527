/**
 * @omnihub/connector-twilio 1.1.0: Twilio Messaging, Conversations and TaskRouter (Flex). Config,
 * webhooks, the messaging actions and the connection check are those of 1.0.0, imported from its
 * sources beside this folder; `update-task-context` also writes the context of callers without a
 * profile, and the manifest is new.
 */
import { twilioConnector } from '../../../src/connector.ts';
import { taskContextAction } from '../../../src/task-context.ts';
import { resolvedCustomer } from './guest-context.ts';
import { manifest } from './manifest.ts';

export type { TwilioConfig } from '../../../src/config.ts';
export { twilioSignature, verifyTwilioSignature, formParams, SIGNATURE_HEADER } from '../../../src/signature.ts';
export { manifest } from './manifest.ts';

/** The Twilio connector, 1.1.0. */
const connector = twilioConnector(manifest, taskContextAction(resolvedCustomer));

export default connector;
