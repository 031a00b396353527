import type { Command } from 'commander';
import { isScope, SCOPES, type Scope } from '@omnihub/core';
import type { components } from '@omnihub/openapi';
import { CliError, EXIT_USAGE } from '../cli-error.ts';
import type { CommandContext } from '../context.ts';
import { json, table } from '../output.ts';

type ApiKey = components['schemas']['ApiKey'];
type ApiKeyList = components['schemas']['ApiKeyList'];
type IssuedApiKey = components['schemas']['IssuedApiKey'];

/** `--scope read,write` and `--scope read write` alike, checked before anything is sent. */
function scopesOf(given: readonly string[]): Scope[] {
  const scopes: Scope[] = [];
  for (const scope of given.flatMap((text) => text.split(',')).map((text) => text.trim()).filter((text) => text !== '')) {
    if (!isScope(scope)) throw new CliError(`unknown scope "${scope}": scopes are ${SCOPES.join(', ')}`, { exitCode: EXIT_USAGE });
    if (!scopes.includes(scope)) scopes.push(scope);
  }
  if (scopes.length === 0) throw new CliError(`--scope needs at least one of ${SCOPES.join(', ')}`, { exitCode: EXIT_USAGE });
  return scopes;
}

function shortTime(iso: string | null): string {
  return iso === null ? '' : iso.replace(/\.\d+Z$/, 'Z');
}

/** `omnihub keys list` */
function registerList(keys: Command, context: () => CommandContext): void {
  keys
    .command('list')
    .description('list every API key, newest first, revoked ones included (never their text)')
    .action(async () => {
      const { client, output, json: asJson } = context();
      const { items } = await client.request<ApiKeyList>('GET', '/v1/api-keys');
      if (asJson) {
        output.out(json(items));
        return;
      }
      output.out(table(['ID', 'NAME', 'SCOPES', 'CREATED', 'REVOKED'], items.map((key) => [key.id, key.name, key.scopes.join(','), shortTime(key.createdAt), shortTime(key.revokedAt)])));
    });
}

/** `omnihub keys create` */
function registerCreate(keys: Command, context: () => CommandContext): void {
  keys
    .command('create <name>')
    .description('issue an API key; its text is printed this once')
    .requiredOption('--scope <scope...>', `scopes of the key: ${SCOPES.join(', ')} (several, or comma-separated)`)
    .action(async (name: string, options: { scope: string[] }) => {
      const { client, output, json: asJson } = context();
      const scopes = scopesOf(options.scope);
      const issued = await client.request<IssuedApiKey>('POST', '/v1/api-keys', { name, scopes });
      output.err('Store this key now (in a secret manager): it is shown only once and the hub cannot show it again.');
      if (asJson) {
        output.out(json(issued));
        return;
      }
      output.out(`Issued key ${issued.id} "${issued.name}" with scopes ${issued.scopes.join(', ')}:`);
      output.out(issued.key);
    });
}

/** `omnihub keys revoke` */
function registerRevoke(keys: Command, context: () => CommandContext): void {
  keys
    .command('revoke <id>')
    .description('revoke an API key at once: its next request is refused (a key may revoke itself)')
    .option('--reason <text>', 'why, for the audit log')
    .action(async (id: string, options: { reason?: string }) => {
      const { client, output, json: asJson } = context();
      const { items } = await client.request<ApiKeyList>('GET', '/v1/api-keys');
      const key: ApiKey | undefined = items.find((candidate) => candidate.id === id);
      const query = options.reason === undefined ? '' : `?${new URLSearchParams({ reason: options.reason }).toString()}`;
      await client.request<unknown>('DELETE', `/v1/api-keys/${encodeURIComponent(id)}${query}`);
      if (asJson) {
        output.out(json({ revoked: id, name: key?.name ?? null }));
        return;
      }
      output.out(`revoked key ${id}${key === undefined ? '' : ` "${key.name}"`}: its next request gets 401`);
    });
}

/** `omnihub keys list|create|revoke`: the API keys callers authenticate with (needs an admin key). */
export function registerKeys(program: Command, context: () => CommandContext): void {
  const keys = program.command('keys').description('list, issue and revoke API keys (needs an admin key)');
  registerList(keys, context);
  registerCreate(keys, context);
  registerRevoke(keys, context);
}
