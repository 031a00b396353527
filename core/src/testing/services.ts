import { randomBytes } from 'node:crypto';

/** PostgreSQL used by tests (`OMNIHUB_TEST_DATABASE_URL`). */
export const TEST_DATABASE_URL = process.env['OMNIHUB_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** RabbitMQ used by tests (`OMNIHUB_TEST_AMQP_URL`). */
export const TEST_AMQP_URL = process.env['OMNIHUB_TEST_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

/** A fresh lower-case name for one test's schema, queues or exchange: `t_<prefix>_<random>`. */
export function freshName(prefix: string): string {
  return `t_${prefix.replace(/[^a-z0-9]/g, '_')}_${randomBytes(5).toString('hex')}`;
}

/**
 * Wraps a failure to reach a test service in a message saying what to start. Tests that need
 * PostgreSQL or RabbitMQ never skip: a missing service fails the run, loudly.
 */
export function serviceMissing(service: 'PostgreSQL' | 'RabbitMQ', url: string, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const start =
    service === 'PostgreSQL'
      ? 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start'
      : 'rabbitmq-server -detached';
  return new Error(`${service} is required by this test but unreachable at ${url.replace(/:[^:@/]+@/, ':***@')} (${reason}). Start it (${start}) or set the OMNIHUB_TEST_* URL.`, { cause });
}
