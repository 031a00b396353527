/** Longest retry delay; longer requests are clamped to it. */
export const MAX_DELAY_MS = 3_600_000;

/**
 * Retry delays are quantized up to a fixed list of buckets, one delay queue per bucket.
 *
 * Why buckets and not a per-message TTL on one delay queue: RabbitMQ expires a message only when
 * it reaches the head of its queue, so a 1 h message at the head would hold back a 100 ms message
 * behind it. With one queue-level `x-message-ttl` per queue every message in a queue has the same
 * TTL, so the head is always the next one due and nothing waits longer than its bucket.
 *
 * The list is geometric (100 ms x 2^k, then 1 h): 17 queues per subscriber cover 100 ms to 1 h, and a
 * delay above 100 ms is never rounded up by more than 2x (retry policies add jitter of that order anyway).
 */
export const DELAY_BUCKETS_MS: readonly number[] = buildBuckets();

function buildBuckets(): number[] {
  const buckets: number[] = [];
  for (let ms = 100; ms < MAX_DELAY_MS; ms *= 2) buckets.push(ms);
  buckets.push(MAX_DELAY_MS);
  return buckets;
}

/**
 * The bucket a retry of `delayMs` waits in: the smallest bucket not shorter than `delayMs`
 * (clamped to {@link MAX_DELAY_MS}), or 0 for "no delay" (`delayMs <= 0`).
 */
export function delayBucketFor(delayMs: number): number {
  if (!(delayMs > 0)) return 0;
  return DELAY_BUCKETS_MS.find((bucket) => bucket >= delayMs) ?? MAX_DELAY_MS;
}
