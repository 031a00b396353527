import { ApiClient } from './api-client.ts';
import type { Output } from './output.ts';

/** Options every command accepts. */
export interface GlobalOptions {
  url?: string;
  apiKey?: string;
  json?: boolean;
}

/** What a command runs with: the API client, output, and whether to print JSON. */
export interface CommandContext {
  client: ApiClient;
  output: Output;
  json: boolean;
}

/** Builds the context from global flags, falling back to OMNIHUB_URL / OMNIHUB_API_KEY. */
export function commandContext(options: GlobalOptions, output: Output, env: NodeJS.ProcessEnv = process.env): CommandContext {
  const url = options.url ?? env['OMNIHUB_URL'] ?? 'http://127.0.0.1:8080';
  const apiKey = options.apiKey ?? env['OMNIHUB_API_KEY'];
  return { client: new ApiClient({ url, apiKey: apiKey === '' ? undefined : apiKey }), output, json: options.json === true };
}
