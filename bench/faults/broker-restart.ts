import { setTimeout as sleep } from 'node:timers/promises';
import { streamWithFault } from './event-stream.ts';
import { rabbitmqctl, restoreBroker, type Scenario } from './support.ts';

const MESSAGES = { short: 300, full: 2_000 } as const;
/** The stream outlasts the fault: rabbitmqctl alone takes a second or two to act. */
const STREAM_MS = { short: 6_000, full: 15_000 } as const;
const LOST_CONNECTION = ['lost the RabbitMQ connection; reconnecting'];

/**
 * Every RabbitMQ connection closed mid-stream (`rabbitmqctl close_all_connections`): publishers
 * re-send what was unconfirmed, consumers re-subscribe, and redelivered messages meet the inbox.
 */
export const brokerConnectionsClosed: Scenario = {
  name: 'broker-connections',
  proves: 'every connection closed mid-stream: unconfirmed publishes are re-sent, unacked deliveries come back, the inbox absorbs the redeliveries',
  run: (size, deadline) =>
    streamWithFault({
      label: 'connections',
      messages: MESSAGES[size],
      streamMs: STREAM_MS[size],
      expectWarnings: LOST_CONNECTION,
      deadline,
      disturb: async () => {
        await rabbitmqctl('close_all_connections', 'omnihub fault suite');
      },
    }),
};

/**
 * The broker app stopped and started mid-stream (`rabbitmqctl stop_app` / `start_app`): quorum
 * queues keep what was confirmed, the outbox keeps what was not yet published.
 */
export const brokerRestart: Scenario = {
  name: 'broker-restart',
  proves: 'RabbitMQ stopped and started mid-stream: confirmed messages survive in quorum queues, the outbox and publishers hold the rest until it is back',
  run: (size, deadline) =>
    streamWithFault({
      label: 'restart',
      messages: MESSAGES[size],
      streamMs: STREAM_MS[size],
      expectWarnings: LOST_CONNECTION,
      deadline,
      disturb: async () => {
        await rabbitmqctl('stop_app');
        try {
          // The API keeps accepting into the outbox while the broker is down.
          await sleep(2_000);
        } finally {
          await restoreBroker();
        }
      },
    }),
};
