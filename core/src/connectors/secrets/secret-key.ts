import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SECRET_KEY_BYTES } from './secret-box.ts';

/** File name of the embedded hub's generated key, in its data folder. */
export const SECRET_KEY_FILE = 'secret.key';

/** Where the secret key comes from. */
export interface SecretKeyOptions {
  /** Environment holding `OMNIHUB_SECRET_KEY` (default `process.env`). */
  env?: NodeJS.ProcessEnv | undefined;
  /** The hub's data folder, where an embedded hub keeps its generated key. */
  dataDir: string;
  /**
   * Whether this is an embedded hub (no `OMNIHUB_DATABASE_URL`): only then may a key be generated,
   * because processes sharing a PostgreSQL database must share one key.
   */
  embedded: boolean;
}

/** A fresh random key, base64, for `OMNIHUB_SECRET_KEY`. */
export function generateSecretKey(): string {
  return randomBytes(SECRET_KEY_BYTES).toString('base64');
}

function decodeKey(text: string, origin: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || key.length !== SECRET_KEY_BYTES) {
    throw new Error(`${origin} must be ${SECRET_KEY_BYTES} random bytes in base64 (got ${key.length} bytes); generate one with: openssl rand -base64 32`);
  }
  return key;
}

async function readKeyFile(file: string): Promise<Buffer> {
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`${file} is readable by other users (mode ${mode.toString(8)}); restrict it with: chmod 600 ${file}`);
  }
  return decodeKey(await readFile(file, 'utf8'), file);
}

/**
 * The key that encrypts connector secrets: `OMNIHUB_SECRET_KEY` (base64 of 32 bytes) when set;
 * otherwise, in an embedded hub, `<dataDir>/secret.key`, generated on first use with mode 0600.
 * A hub on PostgreSQL without `OMNIHUB_SECRET_KEY` is refused: every process needs the same key.
 */
export async function loadSecretKey(options: SecretKeyOptions): Promise<Buffer> {
  const fromEnv = (options.env ?? process.env)['OMNIHUB_SECRET_KEY'];
  if (fromEnv !== undefined && fromEnv !== '') return decodeKey(fromEnv, 'OMNIHUB_SECRET_KEY');
  if (!options.embedded) {
    throw new Error('OMNIHUB_SECRET_KEY is required when OMNIHUB_DATABASE_URL is set: every hub process must encrypt connector secrets with the same key (generate one with: openssl rand -base64 32)');
  }
  const file = path.join(options.dataDir, SECRET_KEY_FILE);
  try {
    return await readKeyFile(file);
  } catch (error: unknown) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(SECRET_KEY_BYTES);
  // Written whole under a name of its own first, then linked under the key's name: a process
  // starting at the same moment never reads a key file that is still empty.
  const draft = path.join(options.dataDir, `.${SECRET_KEY_FILE}.${process.pid}.${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(draft, `${key.toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    await chmod(draft, 0o600);
    // link() never replaces a file: when another process published its key first, read that one.
    await link(draft, file);
    return key;
  } catch (error: unknown) {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST') return await readKeyFile(file);
    throw error;
  } finally {
    await rm(draft, { force: true });
  }
}

/** A key looked up once, on first use: hubs that never store a secret never need one. */
export type SecretKeySource = Buffer | (() => Promise<Buffer>);
