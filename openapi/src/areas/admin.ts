import { adminRoutes } from '../routes/admin.ts';
import type { ApiArea } from './area.ts';

/** Administration of the hub: API keys, and the subscribers of this process and the others. */
export const adminArea: ApiArea = {
  name: 'admin',
  start: (context) => Promise.resolve({ router: adminRoutes({ store: context.store, bus: context.broker.bus }) }),
};
