import type { Upcaster } from '../upcaster.ts';
import { NOTIFICATION_UPCASTERS } from '../../notifications/upcasters.ts';
import { orderRoutedV1ToV2 } from './order-routed-v1-to-v2.ts';
import { orderV1ToV2 } from './order-v1-to-v2.ts';

/** Every upcaster omnihub ships, one per schema version step. */
export const UPCASTERS: readonly Upcaster[] = [orderV1ToV2, orderRoutedV1ToV2, ...NOTIFICATION_UPCASTERS];
