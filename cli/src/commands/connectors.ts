import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import { registerHooks } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { SYSTEM_KINDS, type ConnectorDefinition, type ConnectorManifest } from '@omnihub/connector-sdk';
import { CHECK_NAMES, runConformance, type ConformanceConfig, type ConformanceReport, type MappingFixtureOutcome, type MappingFixtureRunner } from '@omnihub/connector-testkit';
import { describeDifferences, installedSdkVersion, ManifestError, MappingCatalog, mappingsDir, SchemaRegistry, validateManifest } from '@omnihub/core';
import { CliError, EXIT_USAGE } from '../cli-error.ts';
import type { CommandContext } from '../context.ts';
import { json, table } from '../output.ts';

/** The scaffold `omnihub connectors new` copies: every file ends in `.tmpl`, placeholders are `{{name}}`. */
const TEMPLATE_DIR = fileURLToPath(new URL('../../templates/connector/', import.meta.url));

/** Where a connector package names its conformance config when not at the default place. */
const DEFAULT_CONFORMANCE_FILES = ['conformance.config.ts', 'conformance.config.js', 'conformance.config.mjs'];

/** A connector id: lower-case words joined by dashes, as the manifest requires. */
const CONNECTOR_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** An npm package name, scoped or not. */
const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

/** Characters of a check's message shown in the table (its findings follow in full). */
const MESSAGE_WIDTH = 100;

function usage(message: string): CliError {
  return new CliError(message, { exitCode: EXIT_USAGE });
}

// ---------------------------------------------------------------------------------------------
// omnihub connectors list

/** One installed connector package as `GET /v1/connectors` lists it. */
interface ConnectorSummary {
  id: string;
  version: string;
  name: string;
  kind: string;
  vendorApiVersion?: string;
  origin?: string;
  packageName?: string;
  capabilities?: Record<string, { name: string }[] | undefined>;
}

interface ConnectorList {
  items: ConnectorSummary[];
  /** Packages found but refused (a broken manifest), each with why. */
  problems?: { packageDir: string; message: string }[];
}

function capabilitiesOf(summary: ConnectorSummary): string {
  const { webhooks = [], polling = [], actions = [] } = summary.capabilities ?? {};
  const part = (label: string, list: { name: string }[]): string | undefined => (list.length === 0 ? undefined : `${label} ${list.map((c) => c.name).join(',')}`);
  return [part('webhooks', webhooks), part('polling', polling), part('actions', actions)].filter((p) => p !== undefined).join('; ');
}

/** `omnihub connectors list` */
function registerList(connectors: Command, context: () => CommandContext): void {
  connectors
    .command('list')
    .description('list the connector packages the hub has installed, every version side by side')
    .action(async () => {
      const { client, output, json: asJson } = context();
      const list = await client.request<ConnectorList>('GET', '/v1/connectors');
      if (asJson) {
        output.out(json(list));
        return;
      }
      if (list.items.length === 0) output.out('no connector is installed');
      else {
        output.out(
          table(
            ['ID', 'VERSION', 'KIND', 'NAME', 'VENDOR API', 'ORIGIN', 'CAPABILITIES'],
            list.items.map((c) => [c.id, c.version, c.kind, c.name, c.vendorApiVersion, c.origin, capabilitiesOf(c)]),
          ),
        );
      }
      for (const problem of list.problems ?? []) output.err(`not loaded: ${problem.packageDir}: ${problem.message}`);
    });
}

// ---------------------------------------------------------------------------------------------
// omnihub connectors test

interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  exports?: unknown;
  omnihub?: { conformance?: string };
}

/** SDK and kit packages a connector imports; one outside any install gets the CLI's own copies. */
const SHARED_PACKAGES = new Set(['@omnihub/connector-sdk', '@omnihub/connector-sdk/testing', '@omnihub/connector-testkit']);
let sharing = false;

/**
 * Lets a connector checked out without `node_modules` import the SDK and the kit: when Node
 * cannot find them from the connector's files, the CLI's own copies are used.
 */
function shareKitWithConnectors(): void {
  if (sharing) return;
  sharing = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (!SHARED_PACKAGES.has(specifier)) return nextResolve(specifier, context);
      try {
        return nextResolve(specifier, context);
      } catch (error: unknown) {
        if (!(error instanceof Error && 'code' in error && error.code === 'ERR_MODULE_NOT_FOUND')) throw error;
        return nextResolve(specifier, { ...context, parentURL: import.meta.url });
      }
    },
  });
}

async function readPackageJson(dir: string): Promise<PackageJson | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dir, 'package.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as PackageJson;
  } catch (error: unknown) {
    throw new CliError(`${path.join(dir, 'package.json')} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The package folder `target` names: a path to a folder with a package.json, or an installed package name. */
async function packageDir(target: string): Promise<string> {
  const asPath = path.resolve(target);
  if ((await stat(asPath).catch(() => undefined))?.isDirectory() === true) {
    if ((await readPackageJson(asPath)) === undefined) throw new CliError(`${asPath} has no package.json: a connector is an npm package`);
    return realpath(asPath);
  }
  if (PACKAGE_NAME.test(target)) {
    for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', target);
      if (existsSync(path.join(candidate, 'package.json'))) return realpath(candidate);
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new CliError(`no connector package at ${target}: give the path of its folder, or the name of an installed package`);
}

/** Picks an `exports` target: TypeScript sources (`omnihub-source`) outside node_modules, else what Node imports. */
function pickExport(target: unknown, dir: string): string | undefined {
  if (typeof target === 'string') return target;
  if (target === null || typeof target !== 'object' || Array.isArray(target)) return undefined;
  const conditions = ['import', 'node', 'module-sync', 'default'];
  if (!dir.split(path.sep).includes('node_modules')) conditions.unshift('omnihub-source');
  for (const [key, value] of Object.entries(target)) {
    if (conditions.includes(key)) {
      const found = pickExport(value, dir);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The file `import`ing the package loads. */
function entryFile(dir: string, pkg: PackageJson): string {
  const { exports } = pkg;
  if (exports === undefined) return path.resolve(dir, pkg.main ?? 'index.js');
  const root = exports !== null && typeof exports === 'object' && !Array.isArray(exports) && '.' in exports ? (exports as Record<string, unknown>)['.'] : exports;
  const target = pickExport(root, dir);
  if (target === undefined) throw new CliError(`package ${pkg.name ?? dir} exports no entry for "." that omnihub can import`);
  return path.resolve(dir, target);
}

async function importFile(file: string, what: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error: unknown) {
    throw new CliError(`${what} failed to load from ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function isDefinition(value: unknown): value is ConnectorDefinition {
  return value !== null && typeof value === 'object' && 'manifest' in value && value.manifest !== null && typeof value.manifest === 'object';
}

async function loadConnector(dir: string, pkg: PackageJson): Promise<ConnectorDefinition> {
  const module = await importFile(entryFile(dir, pkg), `connector package ${pkg.name ?? dir}`);
  const definition = isDefinition(module['default']) ? module['default'] : module['connector'];
  if (!isDefinition(definition)) throw new CliError(`package ${pkg.name ?? dir} exports no connector: export the result of defineConnector() as default`);
  return definition;
}

function conformanceFile(dir: string, pkg: PackageJson, given: string | undefined): string {
  if (given !== undefined) {
    const file = path.resolve(given);
    if (!existsSync(file)) throw new CliError(`no conformance config at ${file}`);
    return file;
  }
  const candidates = pkg.omnihub?.conformance === undefined ? DEFAULT_CONFORMANCE_FILES : [pkg.omnihub.conformance];
  const found = candidates.map((name) => path.resolve(dir, name)).find((file) => existsSync(file));
  if (found === undefined) {
    throw new CliError(`package ${pkg.name ?? dir} has no conformance config: add conformance.config.ts exporting defineConformance({...}) (see docs/connector-kit.md), or pass --conformance <file>`);
  }
  return found;
}

async function loadConformance(file: string): Promise<ConformanceConfig> {
  const module = await importFile(file, 'the conformance config');
  const config = module['default'];
  if (config === null || typeof config !== 'object' || !('config' in config)) {
    throw new CliError(`${file} must export a conformance config as default: export default defineConformance({ config, invalidConfigs, ... })`);
  }
  return config as ConformanceConfig;
}

/** Runs a mapping's fixtures with the mapping engine: the package's own `mappings/` first, then the hub's. */
function mappingRunner(dir: string, hubMappings: string): MappingFixtureRunner {
  let catalogs: Promise<MappingCatalog[]> | undefined;
  const load = async (): Promise<MappingCatalog[]> => {
    const folders = [path.join(dir, 'mappings'), hubMappings].filter((folder, index, all) => existsSync(folder) && all.indexOf(folder) === index);
    const loaded: MappingCatalog[] = [];
    for (const folder of folders) loaded.push(await MappingCatalog.load(folder));
    return loaded;
  };
  return async (id): Promise<MappingFixtureOutcome> => {
    catalogs ??= load();
    const catalog = (await catalogs).find((candidate) => candidate.has(id));
    if (catalog === undefined) throw new Error(`no mapping ${id} in ${path.join(dir, 'mappings')} or ${hubMappings}`);
    const [report] = await catalog.testMapping(id, catalog.get(id).version);
    if (report === undefined) throw new Error(`mapping ${id} has no version`);
    return {
      mapping: report.mapping,
      passed: report.passed,
      failures: report.cases.filter((c) => !c.passed).map((c) => ({ fixture: c.name, message: [c.problem, ...describeDifferences(c.differences)].filter((m) => m !== undefined).join('; ') })),
    };
  };
}

/** The hub's own manifest rules (canonical events that exist, the SDK range met), as findings. */
function hubManifestRules(packageName: string): (manifest: ConnectorManifest) => Promise<string[]> {
  return async (manifest) => {
    try {
      validateManifest(manifest, { packageName, sdkVersion: installedSdkVersion(), schemas: await SchemaRegistry.load() });
      return [];
    } catch (error: unknown) {
      if (error instanceof ManifestError) return error.errors.map((e) => `manifest${e.path} ${e.message}`);
      throw error;
    }
  };
}

function oneLine(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

function printReport(context: CommandContext, report: ConformanceReport, dir: string): void {
  const { output } = context;
  output.out(`conformance of ${report.connector.id}@${report.connector.version} (${dir})`);
  output.out(table(['CHECK', 'STATUS', 'RESULT'], report.results.map((r) => [r.check, r.status, oneLine(r.message.slice(r.check.length + 2), MESSAGE_WIDTH)])));
  for (const result of report.results.filter((r) => r.status === 'fail')) {
    output.out(`\n${result.check}:`);
    for (const finding of result.details.length > 0 ? result.details : [result.message.slice(result.check.length + 2)]) output.out(`  - ${finding}`);
  }
}

interface TestOptions {
  conformance?: string;
  mappings?: string;
}

/** `omnihub connectors test` */
function registerTest(connectors: Command, context: () => CommandContext): void {
  connectors
    .command('test <path-or-package>')
    .description(`run the conformance kit on a connector package, here, without a hub (checks: ${CHECK_NAMES.join(', ')})`)
    .option('--conformance <file>', "the conformance config (default: package.json's omnihub.conformance, else conformance.config.ts)")
    .option('--mappings <dir>', 'mappings folder for the mapping-fixtures check (default: $OMNIHUB_MAPPINGS_DIR or the hub\'s mappings/)')
    .action(async (target: string, options: TestOptions) => {
      const ctx = context();
      shareKitWithConnectors();
      const dir = await packageDir(target);
      const pkg = (await readPackageJson(dir)) ?? {};
      const connector = await loadConnector(dir, pkg);
      const conformance = await loadConformance(conformanceFile(dir, pkg, options.conformance));
      const report = await runConformance({
        connector,
        conformance,
        fixtures: mappingRunner(dir, options.mappings === undefined ? mappingsDir() : path.resolve(options.mappings)),
        manifestRules: hubManifestRules(pkg.name ?? path.basename(dir)),
        onConsole: (line) => ctx.output.err(`connector: ${line}`),
      });
      if (ctx.json) ctx.output.out(json({ packageDir: dir, ...report }));
      else printReport(ctx, report, dir);
      const failed = report.results.filter((r) => r.status === 'fail').map((r) => r.check);
      const waived = report.results.filter((r) => r.status === 'waived').length;
      if (failed.length > 0) throw new CliError(`${failed.length} of ${report.results.length} checks failed: ${failed.join(', ')}`);
      if (!ctx.json) ctx.output.out(`\npassed: ${report.results.length - waived} checks${waived === 0 ? '' : `, ${waived} waived with a reason`}`);
    });
}

// ---------------------------------------------------------------------------------------------
// omnihub connectors new

interface NewOptions {
  dir?: string;
  package?: string;
  kind?: string;
}

async function templateFiles(dir: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) files.push(...(await templateFiles(dir, relative)));
    else if (entry.name.endsWith('.tmpl')) files.push(relative);
  }
  return files.sort();
}

function titleOf(id: string): string {
  return id
    .split('-')
    .map((word) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`)
    .join(' ');
}

async function emptyOrMissing(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch((error: unknown) => {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
    throw error;
  });
  return entries.length === 0;
}

/** `omnihub connectors new` */
function registerNew(connectors: Command, context: () => CommandContext): void {
  connectors
    .command('new <name>')
    .description('scaffold a connector package (a webhook, an action, a conformance config) that passes the kit')
    .option('--dir <dir>', 'folder to create (default: ./<name>)')
    .option('--package <npm-name>', 'npm package name (default: omnihub-connector-<name>)')
    .option('--kind <kind>', `system kind: ${SYSTEM_KINDS.join(', ')} (default generic)`)
    .action(async (name: string, options: NewOptions) => {
      const { output, json: asJson } = context();
      if (!CONNECTOR_ID.test(name)) throw usage(`"${name}" is not a connector id: use lower-case letters, digits and dashes, starting with a letter (e.g. acme-erp)`);
      const kind = options.kind ?? 'generic';
      if (!(SYSTEM_KINDS as readonly string[]).includes(kind)) throw usage(`--kind takes one of ${SYSTEM_KINDS.join(', ')}`);
      const packageName = options.package ?? `omnihub-connector-${name}`;
      if (!PACKAGE_NAME.test(packageName)) throw usage(`"${packageName}" is not an npm package name`);
      const dir = path.resolve(options.dir ?? name);
      if (!(await emptyOrMissing(dir))) throw new CliError(`${dir} exists and is not empty: choose another --dir`);
      const values: Record<string, string> = { id: name, package: packageName, title: titleOf(name), kind };
      const written: string[] = [];
      for (const template of await templateFiles(TEMPLATE_DIR)) {
        const text = await readFile(path.join(TEMPLATE_DIR, template), 'utf8');
        const file = path.join(dir, template.slice(0, -'.tmpl'.length));
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, text.replace(/\{\{(id|package|title|kind)\}\}/g, (_match, key: string) => values[key] ?? ''));
        written.push(path.relative(dir, file));
      }
      if (asJson) {
        output.out(json({ dir, package: packageName, id: name, kind, files: written }));
        return;
      }
      output.out(`created ${packageName} in ${dir}:`);
      for (const file of written) output.out(`  ${file}`);
      output.out(`\nnext: cd ${path.relative(process.cwd(), dir) || '.'} && npm install && omnihub connectors test .`);
    });
}

/** `omnihub connectors list|test|new`: installed connectors, the conformance kit, and a scaffold. */
export function registerConnectors(program: Command, context: () => CommandContext): void {
  const connectors = program.command('connectors').description('installed connector packages, the conformance kit, and new connector scaffolds');
  registerList(connectors, context);
  registerTest(connectors, context);
  registerNew(connectors, context);
}
