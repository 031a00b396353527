import type { SchemaRegistry } from '../schema/registry.ts';
import type { Store } from '../store/store.ts';
import { AVAILABILITY_COMMAND, availabilityHandler } from './availability-command.ts';
import type { CommandHandler, HubCommand } from './command.ts';
import { SUBMIT_ORDER_COMMAND, submitOrderHandler } from './submit-order-command.ts';

/** Every command the hub takes over RPC, in the order the AsyncAPI document lists them. */
export const HUB_COMMANDS: readonly HubCommand[] = [AVAILABILITY_COMMAND, SUBMIT_ORDER_COMMAND];

/** Dependencies of {@link createHubCommandHandlers}. */
export interface HubCommandDeps {
  store: Store;
  registry: SchemaRegistry;
  /** Called after a command queued events in the outbox, to relay them at once. */
  onAccepted?: (() => void) | undefined;
}

/**
 * The handlers of {@link HUB_COMMANDS}, by pattern: what a request/reply transport (such as
 * `startNestRpcServer`) dispatches to.
 *
 * @example
 * const server = await startNestRpcServer({ url, queue: 'omnihub.rpc', handlers: createHubCommandHandlers({ store, registry }), logger });
 */
export function createHubCommandHandlers(deps: HubCommandDeps): Record<string, CommandHandler> {
  return {
    [AVAILABILITY_COMMAND.pattern]: availabilityHandler(deps),
    [SUBMIT_ORDER_COMMAND.pattern]: submitOrderHandler(deps),
  };
}
