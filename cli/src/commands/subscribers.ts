import type { Command } from 'commander';
import type { components } from '@omnihub/openapi';
import type { CommandContext } from '../context.ts';
import { json, table } from '../output.ts';

type Subscriber = components['schemas']['Subscriber'];
type SubscriberList = components['schemas']['SubscriberList'];

/** Characters of a pause reason shown in the table (`--json` has it whole). */
const REASON_WIDTH = 80;

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= REASON_WIDTH ? flat : `${flat.slice(0, REASON_WIDTH - 1)}…`;
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

/** `omnihub subscribers list` */
function registerList(subscribers: Command, context: () => CommandContext): void {
  subscribers
    .command('list')
    .description('list subscribers (flows, connector instances), whether they are paused and why')
    .action(async () => {
      const { client, output, json: asJson } = context();
      const { items } = await client.request<SubscriberList>('GET', '/v1/subscribers');
      if (asJson) {
        output.out(json(items));
        return;
      }
      if (items.length === 0) {
        output.out('no subscriber has started yet');
        return;
      }
      output.out(
        table(
          ['NAME', 'PAUSED', 'RUNNING', 'UPDATED', 'REASON'],
          items.map((s: Subscriber) => [s.name, yesNo(s.paused), yesNo(s.running), s.updatedAt.replace(/\.\d+Z$/, 'Z'), oneLine(s.reason ?? '')]),
        ),
      );
      const paused = items.filter((s) => s.paused).length;
      if (paused > 0) output.err(`${paused} paused: fix the cause (see REASON), then run \`omnihub subscribers resume <name>\``);
    });
}

/** `omnihub subscribers resume` */
function registerResume(subscribers: Command, context: () => CommandContext): void {
  subscribers
    .command('resume <name>')
    .description('resume a paused subscriber once its configuration or credentials are fixed')
    .option('--reason <text>', 'what was fixed, for the audit log')
    .action(async (name: string, options: { reason?: string }) => {
      const { client, output, json: asJson } = context();
      const state = await client.request<Subscriber>('POST', `/v1/subscribers/${encodeURIComponent(name)}/resume`, options.reason === undefined ? undefined : { reason: options.reason });
      if (asJson) {
        output.out(json(state));
        return;
      }
      output.out(
        state.running
          ? `resumed ${state.name}: it consumes its waiting messages again`
          : `resumed ${state.name}: the processes running it resume within about 5 seconds`,
      );
    });
}

/** `omnihub subscribers list|resume`: see paused subscribers and resume them (list: read key; resume: ops key). */
export function registerSubscribers(program: Command, context: () => CommandContext): void {
  const subscribers = program.command('subscribers').description('list subscribers and resume paused ones (resume needs an ops key)');
  registerList(subscribers, context);
  registerResume(subscribers, context);
}
