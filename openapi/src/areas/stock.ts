import type { ApiArea } from './area.ts';

/** The stock ledger, reservations, channel availability and fan-out. */
export const stockArea: ApiArea = {
  name: 'stock',
  start: () => Promise.resolve({}),
};
