import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { parseConfigYaml, resolveEnvReferences, SECRET_EXPORT_MODES, stringifyConfigYaml } from '@omnihub/core';
import type { components } from '@omnihub/openapi';
import { CliError, EXIT_USAGE, problemTag } from '../cli-error.ts';
import type { CommandContext } from '../context.ts';
import { json } from '../output.ts';

type Schemas = components['schemas'];
type ConfigPlan = Schemas['ConfigPlan'];

/** What the confirmation reads from and writes to (the terminal, or a test's streams). */
export interface PromptIo {
  input: NodeJS.ReadableStream & { isTTY?: boolean | undefined };
  output: NodeJS.WritableStream;
}

/** The one answer that applies a plan, as Terraform asks for it: anything else cancels. */
const CONFIRMATION = 'yes';

/**
 * Asks whether to apply, on a terminal only: a script (stdin not a TTY) gets a refusal telling it
 * to pass `--yes`, so an unattended apply never hangs nor applies unreviewed. True for `yes`.
 */
export async function confirmApply(question: string, io: PromptIo): Promise<boolean> {
  if (io.input.isTTY !== true) {
    throw new CliError('stdin is not a terminal, so no one can confirm the plan: review it, then run again with --yes to apply it', { exitCode: EXIT_USAGE });
  }
  const prompt = createInterface({ input: io.input, output: io.output, terminal: false });
  try {
    const answer = await prompt.question(`${question} Only '${CONFIRMATION}' applies: `);
    return answer.trim() === CONFIRMATION;
  } finally {
    prompt.close();
  }
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? 'nothing';
}

function fieldLine(field: Schemas['FieldChange']): string {
  const secret = field.secret === true ? ' (secret)' : '';
  if (field.before === undefined) return `      + ${field.path}: ${show(field.after)}${secret}`;
  if (field.after === undefined) return `      - ${field.path}: ${show(field.before)}${secret}`;
  return `      ~ ${field.path}: ${show(field.before)} -> ${show(field.after)}${field.secret === true ? ' (secret changed)' : ''}`;
}

const SIGN = { create: '+', update: '~', delete: '-' } as const;

/** A plan as lines for people: instance by instance, field by field, secrets masked. */
export function describeConfigPlan(plan: ConfigPlan, file: string): string[] {
  const lines: string[] = [];
  if (plan.changes.length === 0) lines.push(`No changes: the hub matches ${file}.`);
  for (const change of plan.changes) {
    lines.push(`  ${SIGN[change.action]} ${change.action} ${change.id} (${change.connector}@${change.version})`);
    lines.push(...change.fields.map(fieldLine));
    for (const note of change.breakingChanges ?? []) {
      lines.push(`      ! breaking changes of ${change.connector} major ${note.major} (${change.fromVersion ?? '?'} -> ${change.version}):${note.changes.length === 0 ? ' none recorded' : ''}`);
      for (const text of note.changes) lines.push(`          - ${text}`);
    }
    for (const check of change.mappingChecks ?? []) {
      const what = check.kind === 'override' ? `override of ${check.capability}` : `${check.capability}: ${check.mapping ?? ''} fixtures`;
      lines.push(`      ${check.passed ? 'ok  ' : 'FAIL'} ${what} on ${change.connector}@${change.version}`);
      for (const failure of check.failures) lines.push(`           ${failure}`);
    }
  }
  const { create, update, delete: deleted, unchanged } = plan.summary;
  if (plan.changes.length > 0) lines.push('', `Plan: ${create} to create, ${update} to update, ${deleted} to delete, ${unchanged} unchanged.`);
  if (plan.unmanaged.length > 0) lines.push(`Not in ${file}, left alone (apply with --prune to delete them): ${plan.unmanaged.join(', ')}`);
  return lines;
}

/** Reads the file and resolves its `${ENV_VAR}` references; every unset variable is named with where it is used. */
async function readDocument(file: string, env: NodeJS.ProcessEnv): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error: unknown) {
    throw new CliError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = parseConfigYaml(text, file);
  } catch (error: unknown) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const { document, missing } = resolveEnvReferences(parsed, env);
  if (missing.length > 0) {
    throw new CliError(`${file} refers to environment variables that are not set: ${[...new Set(missing.map((m) => m.name))].join(', ')}`, {
      details: missing.map((m) => `${file}#${m.path}: \${${m.name}} is not set`),
    });
  }
  return document;
}

function problemCount(count: number): string {
  return `(${count} problem${count === 1 ? '' : 's'})`;
}

/**
 * A headline for the hub's refusal of the file. The hub's detail also lists every problem that
 * the lines below it give one by one, so it is shortened to the file, its verdict and the count.
 */
function refusalHeadline(error: CliError, file: string, count: number): string {
  const { problem } = error;
  if (problem?.code !== 'validation-failed' || count === 0) return error.message;
  const verdict = problem.detail?.startsWith('the config file is refused') === true ? 'refused' : 'invalid';
  return `${file} is ${verdict} ${problemCount(count)}${problemTag(problem)}`;
}

/**
 * A hub refusal pointed into the file: the pointers name the request (`/document/instances/0/...`),
 * and each problem is listed once, below a headline that does not repeat them.
 */
async function inFile<T>(file: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error: unknown) {
    if (!(error instanceof CliError)) throw error;
    const details = [...new Set(error.details.map((line) => line.replace(/^\/document(?=\/|:)/, `${file}#`)))];
    throw new CliError(refusalHeadline(error, file, details.length), { exitCode: error.exitCode, details, problem: error.problem });
  }
}

interface ApplyOptions {
  file: string;
  yes?: boolean;
  prune?: boolean;
}

/** `omnihub apply` */
function registerApply(program: Command, context: () => CommandContext, io: PromptIo): void {
  program
    .command('apply')
    .description('plan a config file (omnihub.yaml) against the hub, field by field with secrets masked, then apply it on confirmation or with --yes')
    .requiredOption('-f, --file <file>', 'the config file (YAML); ${ENV_VAR} references in configs are read from the environment')
    .option('--yes', 'apply without asking (needed when stdin is not a terminal)')
    .option('--prune', 'also delete the instances the file does not declare')
    .action(async (options: ApplyOptions) => {
      const { client, output, json: asJson } = context();
      const file = options.file;
      const document = await readDocument(file, process.env);
      const prune = options.prune === true;
      // The hub lists every problem of an invalid file at once, pointed into the request.
      const plan = await inFile(file, client.request<ConfigPlan>('POST', '/v1/config/plan', { document, prune }));
      if (plan.changes.length === 0) {
        output.out(asJson ? json(plan) : describeConfigPlan(plan, file).join('\n'));
        return;
      }
      if (!asJson) output.out([`Plan for ${file}:`, '', ...describeConfigPlan(plan, file)].join('\n'));
      const failing = plan.changes.filter((change) => (change.mappingChecks ?? []).some((check) => !check.passed)).map((change) => change.id);
      if (failing.length > 0) {
        if (asJson) output.out(json(plan));
        throw new CliError(`the hub would refuse ${file}: the mapping checks of ${failing.join(', ')} fail on the new version (see FAIL above); nothing was changed`);
      }
      if (options.yes !== true) {
        if (asJson) output.out(json(plan));
        const confirmed = await confirmApply(`Apply these ${plan.changes.length} changes?`, io);
        if (!confirmed) throw new CliError('apply cancelled: nothing was changed');
      }
      const applied = await inFile(file, client.request<ConfigPlan>('POST', '/v1/config/apply', { document, prune, planDigest: plan.digest }));
      if (asJson) {
        output.out(json(applied));
        return;
      }
      const { create, update, delete: deleted } = applied.summary;
      output.out(`Applied: ${create} created, ${update} updated, ${deleted} deleted.`);
    });
}

interface ExportOptions {
  output?: string;
  secrets: string;
}

/** `omnihub export` */
function registerExport(program: Command, context: () => CommandContext): void {
  program
    .command('export')
    .description("write the hub's connector instances as a config file that applies back to no change (secrets as ${ENV_VAR} references, or masked)")
    .option('-o, --output <file>', 'write the file here instead of stdout')
    .option('--secrets <mode>', `how secrets are written: ${SECRET_EXPORT_MODES.join(' or ')}`, 'env')
    .action(async (options: ExportOptions) => {
      const { client, output, json: asJson } = context();
      if (!(SECRET_EXPORT_MODES as readonly string[]).includes(options.secrets)) {
        throw new CliError(`--secrets takes ${SECRET_EXPORT_MODES.join(' or ')}, not "${options.secrets}"`, { exitCode: EXIT_USAGE });
      }
      const exported = await client.request<Schemas['ConfigExport']>('GET', `/v1/config?secrets=${options.secrets}`);
      const header = `# omnihub connector instances, exported by \`omnihub export\`. Apply with: omnihub apply -f ${options.output === undefined ? 'omnihub.yaml' : path.basename(options.output)}\n`;
      const text = asJson ? `${json(exported)}\n` : header + stringifyConfigYaml(exported.document);
      if (options.output === undefined) output.out(text.trimEnd());
      else {
        await writeFile(options.output, text, { mode: 0o644 });
        output.err(`wrote ${exported.document.instances.length} instances to ${options.output}`);
      }
      if (exported.secrets.length > 0 && !asJson) {
        output.err(`set these environment variables before applying it (the secrets are not exported): ${exported.secrets.map((s) => s.env).join(', ')}`);
      }
    });
}

/** `omnihub apply` and `omnihub export`: connector instances as code, reviewed as a plan before they change. */
export function registerConfig(program: Command, context: () => CommandContext, io: PromptIo = { input: process.stdin, output: process.stderr }): void {
  registerApply(program, context, io);
  registerExport(program, context);
}
