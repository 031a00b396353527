import type { ApiArea } from './area.ts';

/** The returns, customer context and notifications. */
export const returnsArea: ApiArea = {
  name: 'returns',
  start: () => Promise.resolve({}),
};
