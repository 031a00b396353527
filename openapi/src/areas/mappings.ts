import type { ApiArea } from './area.ts';

/** The mapping engine's catalogue, tests and previews. */
export const mappingsArea: ApiArea = {
  name: 'mappings',
  start: () => Promise.resolve({}),
};
