import type { ApiArea } from './area.ts';

/** The order intake, locations, routing and fulfillment. */
export const ordersArea: ApiArea = {
  name: 'orders',
  start: () => Promise.resolve({}),
};
