import type { ApiArea } from './area.ts';
import { adminArea } from './admin.ts';
import { connectorsArea } from './connectors.ts';
import { mappingsArea } from './mappings.ts';
import { ordersArea } from './orders.ts';
import { returnsArea } from './returns.ts';
import { stockArea } from './stock.ts';

export type { ApiArea, AreaContext, StartedArea } from './area.ts';

/** The areas of the hub, in start order (later areas may rely on earlier ones' subscribers). */
export const AREAS: readonly ApiArea[] = [mappingsArea, connectorsArea, stockArea, ordersArea, returnsArea, adminArea];
