import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The broker's Prometheus metrics, registered on the hub's registry. */
export class BrokerMetrics {
  readonly published: Counter<'type'>;
  readonly consumed: Counter<'type' | 'subscriber' | 'outcome'>;
  readonly retried: Counter<'type' | 'subscriber'>;
  readonly deadLettered: Counter<'type' | 'subscriber' | 'kind'>;
  readonly handlerSeconds: Histogram<'subscriber'>;

  constructor(registry: Registry, queueDepth: () => Promise<Map<string, number>>) {
    const registers = [registry];
    this.published = new Counter({ name: 'omnihub_events_published_total', help: 'Events relayed to the broker, by type', labelNames: ['type'], registers });
    this.consumed = new Counter({
      name: 'omnihub_events_consumed_total',
      help: 'Deliveries settled by subscribers, by type, subscriber and outcome (handled, duplicate, retried, dead-lettered, paused)',
      labelNames: ['type', 'subscriber', 'outcome'],
      registers,
    });
    this.retried = new Counter({ name: 'omnihub_events_retried_total', help: 'Deliveries scheduled for another attempt', labelNames: ['type', 'subscriber'], registers });
    this.deadLettered = new Counter({ name: 'omnihub_events_dead_lettered_total', help: 'Messages moved to dead letters, by failure kind', labelNames: ['type', 'subscriber', 'kind'], registers });
    this.handlerSeconds = new Histogram({
      name: 'omnihub_handler_duration_seconds',
      help: 'Time from delivery to settlement, handler and its transaction included',
      labelNames: ['subscriber'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers,
    });
    new Gauge({
      name: 'omnihub_queue_depth',
      help: 'Messages waiting in each subscriber queue',
      labelNames: ['subscriber'],
      registers,
      async collect() {
        for (const [subscriber, depth] of await queueDepth()) this.set({ subscriber }, depth);
      },
    });
  }
}
