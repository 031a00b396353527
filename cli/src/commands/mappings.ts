import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import {
  describeDifferences,
  describeEndpoint,
  isMappingError,
  jsonDiff,
  MAPPINGS_DIR,
  MappingCatalog,
  type FixtureReport,
  type JsonDifference,
  type MappingEndpoint,
} from '@omnihub/core';
import type { components } from '@omnihub/openapi';
import { CliError, EXIT_USAGE } from '../cli-error.ts';
import type { CommandContext } from '../context.ts';
import { json, table } from '../output.ts';

type Schemas = components['schemas'];

/** Characters of a description shown in the listing. */
const DESCRIPTION_WIDTH = 60;

function usage(message: string): CliError {
  return new CliError(message, { exitCode: EXIT_USAGE });
}

/** Reads a JSON file, or standard input for `-`. */
async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error: unknown) {
    throw new CliError(`cannot read the ${what} ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error: unknown) {
    throw new CliError(`the ${what} ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function readBindings(file: string | undefined): Promise<Record<string, unknown> | undefined> {
  if (file === undefined) return undefined;
  const bindings = await readJson(file, 'bindings file');
  if (bindings === null || typeof bindings !== 'object' || Array.isArray(bindings)) throw new CliError(`the bindings file ${file} must hold an object of variable names and values`);
  return bindings as Record<string, unknown>;
}

/** The local mappings folder: --dir, else $OMNIHUB_MAPPINGS_DIR, else ./mappings when there is one, else the shipped mappings. */
function localDir(dir: string | undefined): string {
  if (dir !== undefined) return path.resolve(dir);
  const configured = process.env['OMNIHUB_MAPPINGS_DIR'];
  if (configured !== undefined && configured !== '') return path.resolve(configured);
  return existsSync(path.resolve('mappings')) ? path.resolve('mappings') : MAPPINGS_DIR;
}

async function loadLocal(dir: string | undefined): Promise<MappingCatalog> {
  const folder = localDir(dir);
  try {
    return await MappingCatalog.load(folder);
  } catch (error: unknown) {
    const [first = '', ...rest] = (error instanceof Error ? error.message : String(error)).split('\n');
    throw new CliError(first, { details: rest.map((line) => line.trim()) });
  }
}

function oneLine(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

function endpoint(value: MappingEndpoint): string {
  return describeEndpoint(value);
}

/** `omnihub mappings list` */
function registerList(mappings: Command, context: () => CommandContext): void {
  mappings
    .command('list')
    .description('list the hub\'s mappings with their versions, source and target')
    .action(async () => {
      const { client, output, json: asJson } = context();
      const { items } = await client.request<Schemas['MappingList']>('GET', '/v1/mappings');
      if (asJson) {
        output.out(json(items));
        return;
      }
      if (items.length === 0) {
        output.out('no mappings');
        return;
      }
      output.out(
        table(
          ['ID', 'LATEST', 'VERSIONS', 'SOURCE', 'TARGET', 'FIXTURES', 'ENGINE', 'DESCRIPTION'],
          items.map((m) => [m.id, m.latest, m.versions.join(', '), endpoint(m.source), endpoint(m.target), m.fixtures, m.engine, oneLine(m.description, DESCRIPTION_WIDTH)]),
        ),
      );
    });
}

function printReport(report: FixtureReport, print: (line: string) => void): void {
  const total = report.cases.length;
  if (total === 0) {
    print(`WARN ${report.mapping}: no fixtures`);
    return;
  }
  print(`${report.failed === 0 ? 'PASS' : 'FAIL'} ${report.mapping} (${report.engine}): ${report.passed} of ${total} case${total === 1 ? '' : 's'} passed`);
  for (const entry of report.cases) {
    if (entry.passed) continue;
    print(`  ✗ ${entry.name}${entry.problem === undefined ? '' : `: ${entry.problem}`}`);
    for (const line of describeDifferences(entry.differences)) print(`      ${line}`);
  }
}

/** `omnihub mappings test` */
function registerTest(mappings: Command, context: () => CommandContext): void {
  mappings
    .command('test [id]')
    .description('run the fixtures of every mapping, or of one, locally (no hub needed); exits 1 when a case fails')
    .option('--version <version>', 'only this version of <id> (exact or a range such as ^1)')
    .option('--dir <path>', 'mappings folder (default: $OMNIHUB_MAPPINGS_DIR, ./mappings, or the shipped mappings)')
    .action(async (id: string | undefined, options: { version?: string; dir?: string }) => {
      const { output, json: asJson } = context();
      if (options.version !== undefined && id === undefined) throw usage('--version needs a mapping id');
      const catalog = await loadLocal(options.dir);
      let reports: FixtureReport[];
      try {
        reports = id === undefined ? await catalog.testAll() : await catalog.testMapping(id, options.version);
      } catch (error: unknown) {
        if (isMappingError(error)) throw new CliError(`${error.message} in ${catalog.dir}`);
        throw error;
      }
      const cases = reports.reduce((sum, report) => sum + report.cases.length, 0);
      const failed = reports.reduce((sum, report) => sum + report.failed, 0);
      if (asJson) output.out(json(reports));
      else {
        for (const report of reports) printReport(report, (line) => output.out(line));
        output.out(`\n${reports.length} mapping version${reports.length === 1 ? '' : 's'}, ${cases} case${cases === 1 ? '' : 's'}: ${cases - failed} passed, ${failed} failed`);
      }
      if (failed > 0) throw new CliError(`${failed} fixture case${failed === 1 ? '' : 's'} failed`);
    });
}

/** `omnihub mappings preview` */
function registerPreview(mappings: Command, context: () => CommandContext): void {
  mappings
    .command('preview <id>')
    .description('map a payload on the hub (nothing is published) and print the result')
    .requiredOption('--input <file>', 'JSON file with the payload to map (- for standard input)')
    .option('--version <version>', 'exact version or range (default: the latest)')
    .option('--expression <file>', 'JSONata file to preview as an override of the mapping')
    .option('--bindings <file>', 'JSON file with variables of the expression')
    .action(async (id: string, options: { input: string; version?: string; expression?: string; bindings?: string }) => {
      const { client, output, json: asJson } = context();
      const input = await readJson(options.input, 'input');
      let expression: string | undefined;
      if (options.expression !== undefined) {
        try {
          expression = await readFile(options.expression, 'utf8');
        } catch (error: unknown) {
          throw new CliError(`cannot read the expression ${options.expression}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      const bindings = await readBindings(options.bindings);
      const request: Schemas['MappingPreviewRequest'] = {
        input,
        ...(options.version === undefined ? {} : { version: options.version }),
        ...(expression === undefined ? {} : { expression }),
        ...(bindings === undefined ? {} : { bindings }),
      };
      const preview = await client.request<Schemas['MappingPreview']>('POST', `/v1/mappings/${encodeURIComponent(id)}/preview`, request);
      if (asJson) {
        output.out(json(preview));
        return;
      }
      output.err(`${preview.mapping} (${preview.overridden ? 'override, ' : ''}${preview.engine})`);
      output.out(json(preview.output));
    });
}

function describeChange(difference: JsonDifference): string {
  const show = (value: unknown): string => JSON.stringify(value);
  const where = difference.path === '' ? '(root)' : difference.path;
  switch (difference.kind) {
    case 'missing':
      return `- ${where}: ${show(difference.expected)}`;
    case 'unexpected':
      return `+ ${where}: ${show(difference.actual)}`;
    default:
      return `~ ${where}: ${show(difference.expected)} -> ${show(difference.actual)}`;
  }
}

/** `omnihub mappings diff` */
function registerDiff(mappings: Command, context: () => CommandContext): void {
  mappings
    .command('diff <id> <from> <to>')
    .description('map one payload with two versions of a mapping, locally, and print how the results differ')
    .requiredOption('--input <file>', 'JSON file with the payload to map (- for standard input)')
    .option('--bindings <file>', 'JSON file with variables of the expression')
    .option('--dir <path>', 'mappings folder (default: $OMNIHUB_MAPPINGS_DIR, ./mappings, or the shipped mappings)')
    .action(async (id: string, from: string, to: string, options: { input: string; bindings?: string; dir?: string }) => {
      const { output, json: asJson } = context();
      const input = await readJson(options.input, 'input');
      const bindings = await readBindings(options.bindings);
      const catalog = await loadLocal(options.dir);
      const select = (version: string): string => {
        try {
          return catalog.get(id, version).version;
        } catch (error: unknown) {
          if (isMappingError(error)) throw new CliError(error.message);
          throw error;
        }
      };
      const versions = [select(from), select(to)];
      const run = async (version: string): Promise<{ ref: string; result: unknown }> => {
        try {
          return { ref: `${id}@${version}`, result: await catalog.apply(id, input, { version, bindings }) };
        } catch (error: unknown) {
          if (isMappingError(error)) throw new CliError(error.message);
          throw error;
        }
      };
      const before = await run(versions[0] as string);
      const after = await run(versions[1] as string);
      const differences = jsonDiff(before.result, after.result);
      if (asJson) {
        output.out(json({ from: before.ref, to: after.ref, differences }));
        return;
      }
      output.out(`--- ${before.ref}\n+++ ${after.ref}`);
      output.out(differences.length === 0 ? 'no differences' : differences.map(describeChange).join('\n'));
    });
}

/** `omnihub mappings list|test|preview|diff`: the versioned mappings, their fixtures and previews. */
export function registerMappings(program: Command, context: () => CommandContext): void {
  const mappings = program.command('mappings').description('list, test, preview and compare mappings');
  registerList(mappings, context);
  registerTest(mappings, context);
  registerPreview(mappings, context);
  registerDiff(mappings, context);
}
