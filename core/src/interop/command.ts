import type { JsonSchema } from '../schema/registry.ts';

/** What a command handler knows of the request besides its data. */
export interface CommandContext {
  /** The caller's correlation id, when the transport carries one (stamped on log lines and events). */
  correlationId?: string | undefined;
}

/**
 * Runs one command: takes the request data as received (unknown, validated by the handler) and
 * resolves with the reply data, or throws a `HubError` (`validation-failed`, `not-found`...) that
 * the transport sends back as the error of the reply.
 */
export type CommandHandler = (data: unknown, context: CommandContext) => Promise<unknown>;

/**
 * A command other services send to the hub over a request/reply transport (the NestJS RabbitMQ
 * transport today): its pattern, and the JSON Schemas of its request and reply, which the AsyncAPI
 * document publishes. Schemas use the draft-07 subset of JSON Schema (what AsyncAPI embeds); a
 * `$ref` to a canonical schema uses its `$id`.
 */
export interface HubCommand {
  /** The pattern callers send, e.g. `inventory.availability.get`. */
  readonly pattern: string;
  /** One sentence: what the command does. */
  readonly summary: string;
  readonly request: JsonSchema;
  readonly reply: JsonSchema;
}
