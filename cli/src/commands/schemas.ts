import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseSchemaRef, SchemaRegistry, type SchemaSummary } from '@omnihub/core';
import type { CommandContext } from '../context.ts';
import { CliError, EXIT_USAGE } from '../cli-error.ts';
import { json, table } from '../output.ts';

function schemaRefArgument(text: string): { name: string; version: number | undefined } {
  try {
    return parseSchemaRef(text);
  } catch (error: unknown) {
    throw new CliError(error instanceof Error ? error.message : String(error), { exitCode: EXIT_USAGE });
  }
}

async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error: unknown) {
    throw new CliError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error: unknown) {
    throw new CliError(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `omnihub schemas list|show|validate`. */
export function registerSchemas(program: Command, context: () => CommandContext): void {
  const schemas = program.command('schemas').description('list, show and validate against canonical schemas');

  schemas
    .command('list')
    .description('list every canonical schema version the hub serves')
    .option('--kind <kind>', 'only entity or event schemas')
    .action(async (options: { kind?: string }) => {
      const { client, output, json: asJson } = context();
      if (options.kind !== undefined && options.kind !== 'entity' && options.kind !== 'event') {
        throw new CliError('--kind takes entity or event', { exitCode: EXIT_USAGE });
      }
      const query = options.kind === undefined ? '' : `?kind=${options.kind}`;
      const { items } = await client.request<{ items: SchemaSummary[] }>('GET', `/v1/schemas${query}`);
      if (asJson) {
        output.out(json(items));
        return;
      }
      output.out(table(['NAME', 'VERSION', 'KIND', 'LATEST', 'TITLE'], items.map((s) => [s.name, s.version, s.kind, s.latest ? 'yes' : '', s.title])));
    });

  schemas
    .command('show <schema>')
    .description('print a schema document; <schema> is name or name@version (default: newest)')
    .action(async (text: string) => {
      const { client, output } = context();
      const ref = schemaRefArgument(text);
      let version = ref.version;
      if (version === undefined) {
        const { items } = await client.request<{ items: SchemaSummary[] }>('GET', '/v1/schemas');
        version = items.find((s) => s.name === ref.name && s.latest)?.version;
        if (version === undefined) throw new CliError(`no schema named ${ref.name}`);
      }
      const schema = await client.request<unknown>('GET', `/v1/schemas/${encodeURIComponent(ref.name)}/${version}`);
      output.out(json(schema));
    });

  schemas
    .command('validate <file>')
    .description('validate a JSON document against a canonical schema (offline: the schemas ship with the CLI)')
    .requiredOption('--schema <name@version>', 'schema to validate against, e.g. order@1')
    .action(async (file: string, options: { schema: string }) => {
      const { output, json: asJson } = context();
      const ref = schemaRefArgument(options.schema);
      const registry = await SchemaRegistry.load();
      const version = ref.version ?? registry.latestVersion(ref.name);
      if (version === undefined || registry.get({ name: ref.name, version }) === undefined) {
        throw new CliError(`no schema ${options.schema}; see \`omnihub schemas list\``);
      }
      const document = await readJsonFile(file);
      const result = registry.validate({ name: ref.name, version }, document);
      if (asJson) output.out(json({ file, schema: `${ref.name}@${version}`, ...result }));
      if (result.valid) {
        if (!asJson) output.out(`${file} is a valid ${ref.name}@${version}`);
        return;
      }
      throw new CliError(`${file} is not a valid ${ref.name}@${version}: ${result.errors.length} error(s)`, {
        details: asJson ? [] : result.errors.map((error) => `${error.path === '' ? '(root)' : error.path}: ${error.message} (${error.keyword})`),
      });
    });
}
