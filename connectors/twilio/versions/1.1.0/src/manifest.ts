import type { ConnectorManifest } from '@omnihub/connector-sdk';
import { manifest as v1 } from '../../../src/manifest.ts';

/**
 * The Twilio connector's manifest, version 1.1.0: that of 1.0.0 (config, capabilities, hosts,
 * compatibility), with `update-task-context` writing the context of callers without a profile too.
 */
export const manifest: ConnectorManifest = {
  ...v1,
  version: '1.1.0',
  capabilities: {
    ...v1.capabilities,
    actions: (v1.capabilities.actions ?? []).map((action) =>
      action.name === 'update-task-context'
        ? {
            ...action,
            description:
              'Customer context merged into the task attributes Flex shows, with whether the caller matched a profile: a caller without one who ordered with their number or email gets the context of those orders; a task is created for interactions without one.',
          }
        : action,
    ),
  },
};
