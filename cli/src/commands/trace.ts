import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';
import { json, table } from '../output.ts';
import type { components } from '@omnihub/openapi';

/** Characters of a step's detail shown in the table (`--json` has it whole). */
const DETAIL_WIDTH = 80;

type Trace = components['schemas']['Trace'];

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= DETAIL_WIDTH ? flat : `${flat.slice(0, DETAIL_WIDTH - 1)}…`;
}

/** `omnihub trace <correlationId>`: one business transaction's path through the hub. */
export function registerTrace(program: Command, context: () => CommandContext): void {
  program
    .command('trace <correlationId>')
    .description('show the path of one correlation id (an order, a return...): each event and what every subscriber did with it')
    .action(async (correlationId: string) => {
      const { client, output, json: asJson } = context();
      const trace = await client.request<Trace>('GET', `/v1/traces/${encodeURIComponent(correlationId)}`);
      if (asJson) {
        output.out(json(trace));
        return;
      }
      const rows = trace.events.flatMap((event) =>
        event.steps.map((step) => [step.at, event.eventId, event.eventType, step.subscriber ?? '*', step.outcome, step.attempt ?? '', oneLine(step.detail ?? '')]),
      );
      output.out(table(['AT', 'EVENT', 'TYPE', 'SUBSCRIBER', 'OUTCOME', 'ATTEMPT', 'DETAIL'], rows));
    });
}
