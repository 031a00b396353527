/** How `omnihub connectors test` exercises the Twilio connector 1.1.0: the checks of 1.0.0, which hold unchanged. */
export { default } from '../../conformance.config.ts';
