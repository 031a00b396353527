import nock from 'nock';
import { signatureBaseString, hmacSha256Signature, signingKey } from '../../src/index.ts';
import { fixture } from './fixtures.ts';

/** What the double checks TBA signatures against. */
export interface DoubleCredentials {
  consumerSecret: string;
  tokenSecret: string;
}

/** A recorded request. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * A nock stand-in for one NetSuite account, built from the documented shapes in test/fixtures:
 * it verifies every TBA signature (recomputing it from the request as NetSuite does), pages
 * SuiteQL rows by limit/offset, runs writes sent with `Prefer: respond-async` as jobs keyed by
 * X-NetSuite-Idempotency-Key (a duplicate key answers IDEMPOTENCY_ERROR with the earlier job), and
 * stores records by type and external id.
 */
export class NetSuiteDouble {
  readonly origin: string;
  readonly seen: SeenRequest[] = [];
  /** Upserts and transforms applied, in order: `type eid:externalId`. */
  readonly writes: string[] = [];
  readonly records = new Map<string, unknown>();
  readonly jobs = new Map<string, { id: string; ok: boolean }>();
  rows: Record<string, unknown>[] = [];
  /** Jobs that fail (by order of submission, 1-based) and the detail they fail with. */
  failJobs = new Map<number, string>();
  bearer: string | undefined;
  readonly #credentials: DoubleCredentials | undefined;
  #jobCount = 0;

  constructor(origin: string, credentials: DoubleCredentials | undefined) {
    this.origin = origin;
    this.#credentials = credentials;
    const answer = (request: SeenRequest): [number, unknown, Record<string, string>] => this.#answer(request);
    const scope = nock(origin).persist();
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      scope.intercept(/.*/, method).reply(async (request: Request) => {
        const url = new URL(request.url);
        const headers: Record<string, string> = {};
        request.headers.forEach((value, name) => {
          headers[name.toLowerCase()] = value;
        });
        const text = await request.text();
        return answer({ method, path: `${url.pathname}${url.search}`, headers, body: text === '' ? undefined : safeJson(text) });
      });
    }
  }

  #verify(request: SeenRequest): boolean {
    const header = request.headers['authorization'] ?? '';
    if (this.bearer !== undefined) return header === `Bearer ${this.bearer}`;
    if (this.#credentials === undefined) return true;
    if (!header.startsWith('OAuth ')) return false;
    const params = Object.fromEntries([...header.slice(6).matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1] ?? '', decodeURIComponent(m[2] ?? '')]));
    const { oauth_signature: signature, realm: _realm, ...oauth } = params;
    const base = signatureBaseString({ method: request.method, url: `${this.origin}${request.path}`, oauthParameters: oauth });
    return signature === hmacSha256Signature(base, signingKey(this.#credentials.consumerSecret, this.#credentials.tokenSecret));
  }

  #answer(request: SeenRequest): [number, unknown, Record<string, string>] {
    this.seen.push(request);
    if (!request.path.startsWith('/services/rest/auth/') && !this.#verify(request)) return [401, fixture('error-invalid-login.json'), {}];
    const url = new URL(`${this.origin}${request.path}`);
    const path = url.pathname;
    if (path === '/services/rest/query/v1/suiteql') {
      const limit = Number(url.searchParams.get('limit') ?? 1000);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const items = this.rows.slice(offset, offset + limit);
      const hasMore = offset + items.length < this.rows.length;
      const links = [{ rel: 'self', href: `${this.origin}${request.path}` }, ...(hasMore ? [{ rel: 'next', href: `${this.origin}${path}?limit=${limit}&offset=${offset + limit}` }] : [])];
      return [200, { links, count: items.length, hasMore, items, offset, totalResults: this.rows.length }, {}];
    }
    const job = /^\/services\/rest\/async\/v1\/job\/([^/]+)$/.exec(path);
    if (job !== null) {
      const found = [...this.jobs.values()].find((j) => j.id === job[1]);
      return [200, { links: [], completed: true, id: job[1], progress: found?.ok === false ? 'failed' : 'succeeded', task: { links: [{ rel: 'self', href: `${this.origin}${path}/task` }] } }, {}];
    }
    if (/\/task$/.test(path)) return [200, { items: [{ links: [{ rel: 'self', href: `${this.origin}${path}/1` }] }] }, {}];
    if (/\/task\/1\/result$/.test(path)) return [400, fixture('error-user-error.json'), {}];
    const record = /^\/services\/rest\/record\/v1\/([A-Za-z]+)\/eid:([^/]+)(\/!transform\/([A-Za-z]+))?$/.exec(path);
    if (record === null) return [404, { title: 'Not Found', status: 404 }, {}];
    const [, type = '', eid = '', , target] = record;
    if (request.method === 'GET') {
      const stored = this.records.get(`${type} eid:${decodeURIComponent(eid)}`);
      return stored === undefined ? [404, { title: 'Not Found', status: 404, 'o:errorDetails': [{ detail: 'The record instance does not exist.', 'o:errorCode': 'NONEXISTENT_ID' }] }, {}] : [200, stored, {}];
    }
    const key = request.headers['x-netsuite-idempotency-key'];
    if (request.headers['prefer'] !== 'respond-async' || key === undefined) return [400, { title: 'Bad Request', status: 400 }, {}];
    const earlier = this.jobs.get(key);
    if (earlier !== undefined) return [400, fixture('idempotency-conflict.json'), { location: `/services/rest/async/v1/job/${earlier.id}` }];
    this.#jobCount += 1;
    const id = String(1000 + this.#jobCount);
    const failure = this.failJobs.get(this.#jobCount);
    this.jobs.set(key, { id, ok: failure === undefined });
    if (failure === undefined) {
      const written = target === undefined ? `${type} eid:${decodeURIComponent(eid)}` : `${target} eid:${String((request.body as { externalId?: string }).externalId)}`;
      this.writes.push(written);
      this.records.set(written, { id: String(5000 + this.writes.length), ...(request.body as object) });
    }
    return [202, '', { location: `/services/rest/async/v1/job/${id}`, 'preference-applied': 'respond-async' }];
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
