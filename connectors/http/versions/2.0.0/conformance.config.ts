import { httpConformance } from '../../conformance.config.ts';
import { signWebhook } from './src/index.ts';

/** How `omnihub connectors test` exercises the generic HTTP connector 2.x: the checks of 1.x, with 2.x signatures. */
export default httpConformance(signWebhook);
