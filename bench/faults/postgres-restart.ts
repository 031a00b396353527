import { streamWithFault } from './event-stream.ts';
import { pgCtl, restorePostgres, type Scenario } from './support.ts';

const MESSAGES = { short: 300, full: 1_500 } as const;
/** The stream outlasts the restart (a few seconds). */
const STREAM_MS = { short: 8_000, full: 15_000 } as const;
/** What the hub logs when the database goes away under the relay or a subscriber. */
const DATABASE_LOST = ['outbox relay failed; will retry', 'handler failed; retrying', 'message handler threw; the message goes back to the queue'];

/**
 * PostgreSQL restarted mid-stream (`pg_ctlcluster ... restart`): every pooled connection dies,
 * transactions in flight roll back, the relay and subscribers fail until it is back. Nothing was
 * acknowledged before its effect committed, so the broker redelivers and the hub reconnects.
 */
export const postgresRestart: Scenario = {
  name: 'postgres-restart',
  proves: 'PostgreSQL restarted mid-stream: rolled-back handlers are redelivered, the relay resumes, pools reconnect; nothing lost or doubled',
  run: (size, deadline) =>
    streamWithFault({
      label: 'pgrestart',
      messages: MESSAGES[size],
      streamMs: STREAM_MS[size],
      expectWarnings: DATABASE_LOST,
      deadline,
      disturb: async () => {
        try {
          await pgCtl('restart');
        } finally {
          await restorePostgres();
        }
      },
    }),
};
