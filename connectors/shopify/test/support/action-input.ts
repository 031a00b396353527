import type { ActionHandler, ActionInput } from '@omnihub/connector-sdk';
import connector from '../../src/index.ts';
import type { ShopifyConfig } from '../../src/config.ts';

/** The implementation of an action of the connector. */
export function action(name: string): ActionHandler<ShopifyConfig> {
  const found = connector.actions?.[name];
  if (found === undefined) throw new Error(`no action ${name}`);
  return found;
}

/** An action input as the runtime builds it for event `eventId`. */
export function actionInput(name: string, payload: unknown, eventId = 'evt-1', type = 'order.cancelled'): ActionInput {
  return { payload, event: { id: eventId, type, source: '/tests', data: {} }, idempotencyKey: `eu-store:${name}:${eventId}` };
}
