import type { Command } from 'commander';
import type { components } from '@omnihub/openapi';
import { CliError } from '../cli-error.ts';
import type { CommandContext } from '../context.ts';
import { json, table } from '../output.ts';

type Schemas = components['schemas'];
type Instance = Schemas['ConnectorInstance'];
type UpgradeOutcome = Schemas['UpgradeOutcome'];
type UpgradePlan = Schemas['UpgradePlan'];

/** Characters of a state reason shown in the table (`show` and `--json` have it whole). */
const REASON_WIDTH = 60;

function oneLine(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

function instancePath(id: string, action = ''): string {
  return `/v1/instances/${encodeURIComponent(id)}${action === '' ? '' : `/${action}`}`;
}

function entries(title: string, map: Record<string, unknown>): string[] {
  const keys = Object.keys(map);
  if (keys.length === 0) return [`${title}: none`];
  return [`${title}:`, ...keys.map((key) => `  ${key}: ${JSON.stringify(map[key])}`)];
}

/** `omnihub instances list` */
function registerList(instances: Command, context: () => CommandContext): void {
  instances
    .command('list')
    .description('list connector instances with the connector version each pins and its state')
    .action(async () => {
      const { client, output, json: asJson } = context();
      const { items } = await client.request<Schemas['InstanceList']>('GET', '/v1/instances');
      if (asJson) {
        output.out(json(items));
        return;
      }
      if (items.length === 0) {
        output.out('no connector instance yet: declare them in omnihub.yaml and run `omnihub apply -f omnihub.yaml`');
        return;
      }
      output.out(
        table(
          ['ID', 'CONNECTOR', 'VERSION', 'PREVIOUS', 'STATE', 'REASON'],
          items.map((i: Instance) => [i.id, i.connectorId, i.version, i.previousVersion ?? '', i.state, oneLine(i.stateReason ?? '', REASON_WIDTH)]),
        ),
      );
      const paused = items.filter((i) => i.state === 'paused').length;
      if (paused > 0) output.err(`${paused} paused: fix the cause (see REASON), then run \`omnihub instances resume <id>\``);
    });
}

/** `omnihub instances show` */
function registerShow(instances: Command, context: () => CommandContext): void {
  instances
    .command('show <id>')
    .description('show one instance: version, state, config (secrets masked), mapping overrides, poll intervals')
    .action(async (id: string) => {
      const { client, output, json: asJson } = context();
      const instance = await client.request<Instance>('GET', instancePath(id));
      if (asJson) {
        output.out(json(instance));
        return;
      }
      output.out(
        [
          `${instance.id}: ${instance.connectorId}@${instance.version}, ${instance.state}${instance.stateReason === null ? '' : ` (${instance.stateReason})`}`,
          `previous version: ${instance.previousVersion ?? 'none'}`,
          `created ${instance.createdAt}, updated ${instance.updatedAt}`,
          ...entries('config', instance.config),
          ...entries('mapping overrides', instance.mappingOverrides),
          ...entries('poll intervals', instance.pollIntervals),
        ].join('\n'),
      );
    });
}

/** `omnihub instances test` */
function registerTest(instances: Command, context: () => CommandContext): void {
  instances
    .command('test <id>')
    .description("run the connector's live connection check with the instance's config (ops key)")
    .action(async (id: string) => {
      const { client, output, json: asJson } = context();
      const check = await client.request<Schemas['ConnectionCheck']>('POST', instancePath(id, 'test'));
      if (asJson) output.out(json(check));
      if (!check.ok) throw new CliError(`connection check of ${id} failed: ${check.kind ?? 'failure'}${check.code === undefined ? '' : ` ${check.code}`}: ${check.message ?? 'no detail'}`);
      if (asJson) return;
      output.out(check.checked ? `ok: ${id} reached its vendor` : `ok: ${check.message ?? `${id}'s connector has no connection check`}`);
    });
}

/** `omnihub instances pause` and `resume` */
function registerPauseResume(instances: Command, context: () => CommandContext): void {
  instances
    .command('pause <id>')
    .description('pause an instance: pollers and actions stop, webhooks answer 503 so vendors retry (ops key)')
    .option('--reason <text>', 'why, shown as the instance state reason')
    .action(async (id: string, options: { reason?: string }) => {
      const { client, output, json: asJson } = context();
      const instance = await client.request<Instance>('POST', instancePath(id, 'pause'), options.reason === undefined ? undefined : { reason: options.reason });
      output.out(asJson ? json(instance) : `paused ${instance.id}: ${instance.stateReason ?? ''}`);
    });
  instances
    .command('resume <id>')
    .description('resume a paused instance once its cause is fixed (ops key)')
    .action(async (id: string) => {
      const { client, output, json: asJson } = context();
      const instance = await client.request<Instance>('POST', instancePath(id, 'resume'));
      output.out(asJson ? json(instance) : `resumed ${instance.id}: it runs again (${instance.connectorId}@${instance.version})`);
    });
}

/** The plan of a version move, as lines for people. */
export function describeUpgradePlan(plan: UpgradePlan): string[] {
  const lines = [`${plan.direction === 'upgrade' ? 'Upgrade' : 'Downgrade'} plan for ${plan.instance}: ${plan.connector} ${plan.from} -> ${plan.to}`];
  if (plan.configErrors.length === 0) lines.push(`  config: valid for ${plan.connector}@${plan.to}`);
  else lines.push(`  config: refused by ${plan.connector}@${plan.to}`, ...plan.configErrors.map((e) => `    ${e.path}: ${e.message}`));
  if (plan.mappingChecks.length === 0) lines.push(`  mappings: ${plan.connector}@${plan.to} names none and the instance overrides none`);
  else {
    lines.push('  mappings:');
    for (const check of plan.mappingChecks) {
      const what = check.kind === 'override' ? `override of ${check.capability}` : `${check.capability}: ${check.mapping ?? ''} fixtures`;
      const passing = check.passed ? check.cases : Math.max(0, check.cases - check.failures.length);
      lines.push(`    ${check.passed ? 'ok  ' : 'FAIL'} ${what} (${passing} of ${check.cases} cases pass)`);
      for (const failure of check.failures) lines.push(`         ${failure}`);
    }
  }
  if (plan.breakingChanges.length === 0) lines.push('  breaking changes: none (no major version crossed)');
  else {
    lines.push(`  breaking changes (${plan.direction === 'upgrade' ? 'taken on' : 'undone'}):`);
    for (const note of plan.breakingChanges) {
      lines.push(`    major ${note.major}:${note.changes.length === 0 ? ' none recorded in the manifest' : ''}`);
      for (const change of note.changes) lines.push(`      - ${change}`);
    }
  }
  const { added, removed } = plan.capabilities;
  if (added.length > 0 || removed.length > 0) lines.push(`  capabilities: ${[added.length > 0 ? `added ${added.join(', ')}` : '', removed.length > 0 ? `removed ${removed.join(', ')}` : ''].filter((p) => p !== '').join('; ')}`);
  lines.push(plan.ready ? '  ready: every check passed' : '  ready: no, a check failed');
  return lines;
}

interface MoveOptions {
  dryRun?: boolean;
}

/**
 * Plans the move (a dry run on the hub), prints it, and unless `--dry-run` makes it: the hub
 * checks everything again when switching, so the plan shown is the one applied.
 */
async function move(context: () => CommandContext, id: string, what: 'upgrade' | 'rollback', body: Record<string, unknown>, options: MoveOptions): Promise<void> {
  const { client, output, json: asJson } = context();
  const planned = await client.request<UpgradeOutcome>('POST', instancePath(id, what), { ...body, dryRun: true });
  if (options.dryRun === true || !planned.plan.ready) {
    output.out(asJson ? json(planned) : [...describeUpgradePlan(planned.plan), options.dryRun === true ? 'dry run: nothing was changed' : 'nothing was changed'].join('\n'));
    if (!planned.plan.ready) throw new CliError(`the ${what} of ${id} to ${planned.plan.connector}@${planned.plan.to} would be refused: fix what failed above first`);
    return;
  }
  const done = await client.request<UpgradeOutcome>('POST', instancePath(id, what), { ...body, dryRun: false });
  if (asJson) {
    output.out(json(done));
    return;
  }
  output.out(
    [
      ...describeUpgradePlan(done.plan),
      `switched ${id} from ${done.plan.connector}@${done.plan.from} to ${done.plan.connector}@${done.instance.version}${what === 'upgrade' ? ` (undo with \`omnihub instances rollback ${id}\`)` : ''}`,
    ].join('\n'),
  );
}

/** `omnihub instances upgrade` and `rollback` */
function registerVersions(instances: Command, context: () => CommandContext): void {
  instances
    .command('upgrade <id>')
    .description("move an instance to another installed version: validates its config against that version's schema, runs the mapping fixtures its manifest names, lists the recorded breaking changes, then switches (admin key)")
    .requiredOption('--to <version>', 'the installed connector version to move to')
    .option('--dry-run', 'print the plan only')
    .action((id: string, options: MoveOptions & { to: string }) => move(context, id, 'upgrade', { to: options.to }, options));
  instances
    .command('rollback <id>')
    .description('return an instance to the version it pinned before its last version change, checked like an upgrade (admin key)')
    .option('--dry-run', 'print the plan only')
    .action((id: string, options: MoveOptions) => move(context, id, 'rollback', {}, options));
}

/** `omnihub instances list|show|test|pause|resume|upgrade|rollback`: connector instances on the hub. */
export function registerInstances(program: Command, context: () => CommandContext): void {
  const instances = program.command('instances').description('list, inspect, check, pause, resume, upgrade and roll back connector instances');
  registerList(instances, context);
  registerShow(instances, context);
  registerTest(instances, context);
  registerPauseResume(instances, context);
  registerVersions(instances, context);
}
