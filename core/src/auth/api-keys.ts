import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SqlExecutor } from '../store/store.ts';
import { isScope, type Scope } from './scopes.ts';

/** An API key as the hub knows it (never the secret itself). */
export interface ApiKeyRecord {
  id: string;
  name: string;
  scopes: Scope[];
  createdAt: Date;
}

/** A key just created: the only moment its plain text exists. */
export interface IssuedApiKey extends ApiKeyRecord {
  key: string;
}

/*
 * Keys look like `ohk_<id>_<secret>`: the id finds the row, the SHA-256 of the whole key is
 * compared in constant time. Keys carry 256 bits of randomness, so a fast hash is enough here
 * (slow password hashes protect low-entropy secrets, which these are not).
 */
const KEY_FORMAT = /^ohk_([a-z0-9]{10})_([A-Za-z0-9_-]{20,})$/;

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function newKeyText(): { id: string; key: string } {
  const id = randomBytes(8).toString('hex').slice(0, 10);
  return { id, key: `ohk_${id}_${randomBytes(32).toString('base64url')}` };
}

/** Creates a key with a unique `name` and returns its plain text once. */
export async function createApiKey(db: SqlExecutor, name: string, scopes: Scope[], key?: string): Promise<IssuedApiKey> {
  const issued = key === undefined ? newKeyText() : { id: parseKeyId(key), key };
  const { rows } = await db.query<{ created_at: Date }>(
    'insert into api_keys (id, name, key_hash, scopes) values ($1, $2, $3, $4) returning created_at',
    [issued.id, name, hashKey(issued.key), scopes],
  );
  return { id: issued.id, name, scopes, createdAt: rows[0]?.created_at ?? new Date(), key: issued.key };
}

/** Shortest key accepted from configuration when it is not in the generated `ohk_` format. */
const MIN_CONFIGURED_KEY_LENGTH = 16;

/** The row id of a key: the id part of a generated key, or a hash prefix of a configured one. */
function keyIdOf(key: string): string | undefined {
  const match = KEY_FORMAT.exec(key);
  if (match?.[1] !== undefined) return match[1];
  if (key.length < MIN_CONFIGURED_KEY_LENGTH || /\s/.test(key)) return undefined;
  return `x${hashKey(key).slice(0, 9)}`;
}

function parseKeyId(key: string): string {
  const id = keyIdOf(key);
  if (id === undefined) {
    throw new Error(`an API key needs at least ${MIN_CONFIGURED_KEY_LENGTH} characters and no white space`);
  }
  return id;
}

/** Checks a presented key; returns its record, or undefined when unknown, revoked or wrong. */
export async function verifyApiKey(db: SqlExecutor, presented: string): Promise<ApiKeyRecord | undefined> {
  const [record] = await verifyApiKeys(db, [presented]);
  return record;
}

/** {@link verifyApiKey} for several presented keys in one statement; results in the same order. */
export async function verifyApiKeys(db: SqlExecutor, presented: readonly string[]): Promise<(ApiKeyRecord | undefined)[]> {
  const ids = presented.map(keyIdOf);
  const wanted = [...new Set(ids.filter((id) => id !== undefined))];
  if (wanted.length === 0) return presented.map(() => undefined);
  const { rows } = await db.query<{ id: string; name: string; key_hash: string; scopes: string[]; created_at: Date }>(
    'select id, name, key_hash, scopes, created_at from api_keys where id = any($1::text[]) and revoked_at is null',
    [wanted],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return presented.map((key, index) => {
    const id = ids[index];
    const row = id === undefined ? undefined : byId.get(id);
    if (row === undefined) return undefined;
    const expected = Buffer.from(row.key_hash, 'hex');
    const actual = Buffer.from(hashKey(key), 'hex');
    if (!timingSafeEqual(expected, actual)) return undefined;
    return { id: row.id, name: row.name, scopes: row.scopes.filter(isScope), createdAt: row.created_at };
  });
}

/** How many keys are active. */
export async function countActiveKeys(db: SqlExecutor): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from api_keys where revoked_at is null');
  return rows[0]?.n ?? 0;
}

/** Result of {@link ensureAdminKey}. */
export interface AdminKeyOutcome {
  /** Plain text of a key generated now, to print once; undefined when none was generated. */
  generated: string | undefined;
}

/**
 * Makes sure an admin key exists at start: registers `configured` (OMNIHUB_ADMIN_KEY) if given and
 * unknown, otherwise generates one when the hub has no active key at all.
 */
export async function ensureAdminKey(db: SqlExecutor, configured: string | undefined): Promise<AdminKeyOutcome> {
  if (configured !== undefined) {
    if ((await verifyApiKey(db, configured)) === undefined) {
      const id = parseKeyId(configured);
      await db.query('delete from api_keys where id = $1', [id]);
      await createApiKey(db, `admin-env-${id}`, ['admin'], configured);
    }
    return { generated: undefined };
  }
  if ((await countActiveKeys(db)) > 0) return { generated: undefined };
  const issued = await createApiKey(db, 'admin', ['admin']);
  return { generated: issued.key };
}

/** A key as listed for admins: never its secret. */
export interface ApiKeySummary extends ApiKeyRecord {
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Every key, newest first, revoked ones included. */
export async function listApiKeys(db: SqlExecutor): Promise<ApiKeySummary[]> {
  const { rows } = await db.query<{ id: string; name: string; scopes: string[]; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }>(
    'select id, name, scopes, created_at, last_used_at, revoked_at from api_keys order by created_at desc, id',
  );
  return rows.map((row) => ({ id: row.id, name: row.name, scopes: row.scopes.filter(isScope), createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at }));
}

/** Revokes a key at once; false when no active key has that id. */
export async function revokeApiKey(db: SqlExecutor, id: string): Promise<boolean> {
  const { rowCount } = await db.query('update api_keys set revoked_at = now() where id = $1 and revoked_at is null', [id]);
  return rowCount > 0;
}
