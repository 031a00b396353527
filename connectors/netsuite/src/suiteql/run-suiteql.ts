import { InvalidMessageFailure, type ConnectorContext } from '@omnihub/connector-sdk';
import type { NetSuiteConfig } from '../config.ts';
import { netsuiteRequest } from '../rest-client.ts';

/** The SuiteQL endpoint of REST web services. */
export const SUITEQL_PATH = '/services/rest/query/v1/suiteql';

/** One page of a SuiteQL answer. */
export interface SuiteQlPage<Row> {
  items: Row[];
  hasMore: boolean;
  offset: number;
  count: number;
  totalResults?: number | undefined;
  /** The `next` link NetSuite returns while `hasMore` is true. */
  next?: string | undefined;
}

interface RawPage {
  items?: unknown;
  hasMore?: unknown;
  offset?: unknown;
  count?: unknown;
  totalResults?: unknown;
  links?: { rel?: string; href?: string }[];
}

/**
 * Runs one page of a SuiteQL query: `POST /services/rest/query/v1/suiteql?limit=&offset=` with
 * `Prefer: transient` and `{ "q": query }`. NetSuite pages with `limit` (at most 1000) and
 * `offset`, and says whether more rows follow with `hasMore` and a `next` link.
 *
 * @example
 * const page = await runSuiteQl<{ id: string }>(ctx, 'SELECT id FROM item', 0, 1000);
 */
export async function runSuiteQl<Row>(ctx: ConnectorContext<NetSuiteConfig>, query: string, offset: number, limit: number): Promise<SuiteQlPage<Row>> {
  const { data } = await netsuiteRequest<RawPage>(ctx, {
    method: 'POST',
    path: SUITEQL_PATH,
    query: { limit, offset },
    json: { q: query },
    headers: { prefer: 'transient' },
    // A query changes nothing: resending it is safe.
    idempotent: true,
  });
  if (!Array.isArray(data.items)) throw new InvalidMessageFailure('NetSuite SuiteQL answer has no items array', { code: 'netsuite.suiteql-shape' });
  const count = typeof data.count === 'number' ? data.count : data.items.length;
  return {
    items: data.items as Row[],
    hasMore: data.hasMore === true,
    offset: typeof data.offset === 'number' ? data.offset : offset,
    count,
    totalResults: typeof data.totalResults === 'number' ? data.totalResults : undefined,
    next: data.links?.find((link) => link.rel === 'next')?.href,
  };
}
