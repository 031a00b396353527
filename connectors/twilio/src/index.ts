/**
 * @omnihub/connector-twilio 1.0.0: Twilio Messaging, Conversations and TaskRouter (Flex).
 */
import { twilioConnector } from './connector.ts';
import { manifest } from './manifest.ts';
import { updateTaskContext } from './task-context.ts';

export type { TwilioConfig } from './config.ts';
export { twilioSignature, verifyTwilioSignature, formParams, SIGNATURE_HEADER } from './signature.ts';
export { manifest } from './manifest.ts';
export { CONVERSATION_SID } from './notification.ts';

/** The Twilio connector. */
const connector = twilioConnector(manifest, updateTaskContext);

export default connector;
