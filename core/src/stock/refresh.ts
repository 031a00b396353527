import type { Store } from '../store/store.ts';
import { publishAvailability } from './publish.ts';

/** SKUs recomputed per transaction when a channel changed. */
const REFRESH_PAGE = 500;

/**
 * Works through queued channel refreshes (a channel was created or changed): for every SKU held at
 * its locations or published to it before, publishes what changed, a page of SKUs per transaction.
 * Several processes may run it: each page is claimed with its queue row. Returns the SKUs
 * recomputed; `onPublished` is called after a page queued events.
 */
export async function runChannelRefreshes(store: Store, onPublished: () => void = () => undefined, pageSize = REFRESH_PAGE): Promise<number> {
  let done = 0;
  for (;;) {
    const page = await store.transaction(async (tx) => {
      const { rows: jobs } = await tx.query<{ channel_id: string; after_sku: string | null }>(
        'select channel_id, after_sku from stock_channel_refresh order by requested_at limit 1 for update skip locked',
      );
      const job = jobs[0];
      if (job === undefined) return undefined;
      const { rows } = await tx.query<{ sku: string }>(
        `select sku from (
           select p.sku from stock_positions p join stock_channel_locations cl on cl.location_id = p.location_id where cl.channel_id = $1
           union select sku from stock_published where channel_id = $1
         ) s where $2::text is null or sku > $2 order by sku limit $3`,
        [job.channel_id, job.after_sku, pageSize],
      );
      const skus = rows.map((row) => row.sku);
      const published = await publishAvailability(tx, skus, { channelId: job.channel_id });
      if (skus.length < pageSize) await tx.query('delete from stock_channel_refresh where channel_id = $1', [job.channel_id]);
      else await tx.query('update stock_channel_refresh set after_sku = $2 where channel_id = $1', [job.channel_id, skus.at(-1)]);
      return { skus: skus.length, published: published.length };
    });
    if (page === undefined) return done;
    done += page.skus;
    if (page.published > 0) onPublished();
  }
}
