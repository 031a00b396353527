import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';
import { json, table } from '../output.ts';
import { CliError } from '../cli-error.ts';

interface Health {
  status: string;
  version: string;
  uptimeSeconds: number;
}
interface Check {
  status: string;
  latencyMs?: number;
  error?: string;
}
interface Readiness {
  status: string;
  checks: Record<string, Check>;
}

/** `omnihub status`: the hub's health and readiness (database, broker). */
export function registerStatus(program: Command, context: () => CommandContext): void {
  program
    .command('status')
    .description("show the hub's version, uptime and whether its database and broker are reachable")
    .action(async () => {
      const { client, output, json: asJson } = context();
      const health = await client.request<Health>('GET', '/health');
      // /ready answers 503 with the same body when a dependency is down; show it either way.
      const ready = await client.request<Readiness>('GET', '/ready').catch((error: unknown) => {
        if (error instanceof CliError) return { status: 'not-ready', checks: {} } satisfies Readiness;
        throw error;
      });
      if (asJson) {
        output.out(json({ health, readiness: ready }));
      } else {
        output.out(`omnihub ${health.version}: ${ready.status}, up ${Math.round(health.uptimeSeconds)} s`);
        const rows = Object.entries(ready.checks).map(([name, check]) => [name, check.status, check.latencyMs?.toFixed(1), check.error]);
        if (rows.length > 0) output.out(table(['DEPENDENCY', 'STATUS', 'LATENCY MS', 'ERROR'], rows));
      }
      if (ready.status !== 'ready') throw new CliError('the hub is not ready');
    });
}
