/**
 * Commands other services send to the hub over request/reply transports (NestJS microservices on
 * RabbitMQ): their definitions, transport-agnostic handlers and the error shape of their replies.
 */
export type { CommandContext, CommandHandler, HubCommand } from './command.ts';
export { commandError, unknownCommand, type CommandError } from './command-error.ts';
export { AVAILABILITY_COMMAND, availabilityHandler, type AvailabilityDeps, type AvailabilityRequest } from './availability-command.ts';
export { SUBMIT_ORDER_COMMAND, SUBMIT_ORDER_SOURCE, submitOrderHandler, type SubmitOrderDeps, type SubmitOrderReply, type SubmitOrderRequest } from './submit-order-command.ts';
export { HUB_COMMANDS, createHubCommandHandlers, type HubCommandDeps } from './hub-commands.ts';
