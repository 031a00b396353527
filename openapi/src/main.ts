/**
 * `npm start`: runs one hub process. Embedded by default (PGlite under ./.omnihub, in-process
 * broker); `OMNIHUB_DATABASE_URL` and `OMNIHUB_AMQP_URL` switch to PostgreSQL and RabbitMQ.
 */
import { loadConfig } from '@omnihub/core';
import { startHub } from './hub.ts';

const config = loadConfig();
try {
  const hub = await startHub(config);
  const store = config.databaseUrl === undefined ? `embedded PostgreSQL (data in ${config.dataDir})` : 'PostgreSQL';
  const broker = config.amqpUrl === undefined ? 'embedded' : 'RabbitMQ';
  process.stdout.write(`omnihub listening on ${hub.url} (store: ${store}; broker: ${broker})\n`);
  if (hub.generatedAdminKey !== undefined) {
    process.stdout.write(
      `\nAn admin API key was created. It is shown only this once; keep it safe:\n\n  ${hub.generatedAdminKey}\n\n` +
        `Use it as: curl -H "Authorization: Bearer <key>" ${hub.url}/v1/schemas\n\n`,
    );
  }
  const stop = (signal: string): void => {
    hub.logger.info({ signal }, 'shutting down');
    hub.close().then(
      () => process.exit(0),
      (error: unknown) => {
        hub.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (error: unknown) {
  process.stderr.write(`omnihub failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
