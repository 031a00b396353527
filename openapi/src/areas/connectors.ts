import type { ApiArea } from './area.ts';

/** The connector runtime, instances, webhooks and mappings. */
export const connectorsArea: ApiArea = {
  name: 'connectors',
  start: () => Promise.resolve({}),
};
