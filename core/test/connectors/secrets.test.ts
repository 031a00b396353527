import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ENCRYPTED_PREFIX, SECRET_MASK, SecretBox, decryptSecrets, encryptSecrets, generateSecretKey, loadSecretKey, maskConfig, secretPointers, secretValues } from '../../src/connectors/index.ts';

const SCHEMA = {
  type: 'object',
  $defs: { credential: { type: 'string', 'x-omnihub-secret': true } },
  properties: {
    baseUrl: { type: 'string' },
    apiToken: { type: 'string', 'x-omnihub-secret': true },
    auth: { type: 'object', properties: { clientId: { type: 'string' }, clientSecret: { $ref: '#/$defs/credential' } } },
    stores: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, pin: { type: 'string', 'x-omnihub-secret': true } } } },
    headers: { type: 'object', additionalProperties: { type: 'string', 'x-omnihub-secret': true } },
    either: { oneOf: [{ type: 'string', 'x-omnihub-secret': true }, { type: 'integer' }] },
  },
};

const CONFIG = {
  baseUrl: 'https://erp.example.com',
  apiToken: 'tok_ABC',
  auth: { clientId: 'id-1', clientSecret: 'cs_XYZ' },
  stores: [{ code: 'BER', pin: '1234' }, { code: 'HAM', pin: '5678' }],
  headers: { 'x-api-key': 'k_1' },
  either: 'maybe-secret',
};

describe('secrets', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'omnihub-secrets-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips a secret with a fresh IV each time', () => {
    const box = new SecretBox(randomBytes(32));
    const a = box.encrypt('shpat_123');
    const b = box.encrypt('shpat_123');
    assert.ok(a.startsWith(`${ENCRYPTED_PREFIX}${box.fingerprint}:`));
    assert.notEqual(a, b);
    assert.doesNotMatch(a, /shpat_123/);
    assert.equal(box.decrypt(a), 'shpat_123');
    assert.equal(box.decrypt(box.encrypt('')), '');
    assert.equal(box.decrypt(box.encrypt('ünïcødé 🔑')), 'ünïcødé 🔑');
  });

  it('detects a tampered value', () => {
    const box = new SecretBox(randomBytes(32));
    const stored = box.encrypt('shpat_123');
    const parts = stored.split(':');
    const ciphertext = Buffer.from(parts[5] ?? '', 'base64');
    ciphertext[0] = (ciphertext[0] ?? 0) ^ 1;
    const tampered = [...parts.slice(0, 5), ciphertext.toString('base64')].join(':');
    assert.throws(() => box.decrypt(tampered, 'instance shop-eu /apiToken'), /instance shop-eu \/apiToken failed its integrity check: the stored value was altered/);
    const tag = Buffer.from(parts[4] ?? '', 'base64');
    tag[0] = (tag[0] ?? 0) ^ 1;
    assert.throws(() => box.decrypt([...parts.slice(0, 4), tag.toString('base64'), parts[5]].join(':')), /integrity check/);
    assert.throws(() => box.decrypt('enc:v1:abc'), /is malformed/);
    assert.throws(() => box.decrypt('plain'), /is not an encrypted value/);
  });

  it('names a wrong key as such', () => {
    const stored = new SecretBox(randomBytes(32)).encrypt('shpat_123');
    const other = new SecretBox(randomBytes(32));
    assert.throws(() => other.decrypt(stored, 'instance shop-eu /apiToken'), new RegExp(`instance shop-eu /apiToken was encrypted with another key \\(fingerprint [0-9a-f]{8}; this hub's OMNIHUB_SECRET_KEY has ${other.fingerprint}\\)`));
    assert.throws(() => new SecretBox(randomBytes(16)), /a secret key is 32 bytes, got 16/);
  });

  it('finds secret fields in nested objects, arrays, maps, $refs and combinators', () => {
    assert.deepEqual(secretPointers(SCHEMA, CONFIG), ['/apiToken', '/auth/clientSecret', '/either', '/headers/x-api-key', '/stores/0/pin', '/stores/1/pin']);
    assert.deepEqual(secretValues(SCHEMA, CONFIG).sort(), ['1234', '5678', 'cs_XYZ', 'k_1', 'maybe-secret', 'tok_ABC']);
  });

  it('encrypts only secret fields, decrypts them back, and masks them', () => {
    const box = new SecretBox(randomBytes(32));
    const stored = encryptSecrets(SCHEMA, CONFIG, box);
    assert.equal(stored.baseUrl, 'https://erp.example.com');
    assert.equal(stored.auth.clientId, 'id-1');
    for (const value of [stored.apiToken, stored.auth.clientSecret, stored.stores[0]?.pin, stored.headers['x-api-key'], stored.either]) assert.ok(SecretBox.isEncrypted(value), String(value));
    assert.doesNotMatch(JSON.stringify(stored), /tok_ABC|cs_XYZ|1234|5678|k_1/);
    assert.deepEqual(decryptSecrets(SCHEMA, stored, box), CONFIG);
    const masked = maskConfig(SCHEMA, stored);
    assert.equal(masked.apiToken, SECRET_MASK);
    assert.equal(masked.stores[1]?.pin, SECRET_MASK);
    assert.equal(masked.stores[1]?.code, 'HAM');
    assert.deepEqual(CONFIG.stores[0], { code: 'BER', pin: '1234' }, 'the input is not modified');
  });

  it('takes the key from OMNIHUB_SECRET_KEY, and refuses a malformed one', async () => {
    const key = generateSecretKey();
    const loaded = await loadSecretKey({ env: { OMNIHUB_SECRET_KEY: key }, dataDir: dir, embedded: false });
    assert.equal(loaded.toString('base64'), key);
    await assert.rejects(loadSecretKey({ env: { OMNIHUB_SECRET_KEY: 'c2hvcnQ=' }, dataDir: dir, embedded: true }), /OMNIHUB_SECRET_KEY must be 32 random bytes in base64 \(got 5 bytes\); generate one with: openssl rand -base64 32/);
    await assert.rejects(loadSecretKey({ env: {}, dataDir: dir, embedded: false }), /OMNIHUB_SECRET_KEY is required when OMNIHUB_DATABASE_URL is set/);
  });

  it('generates the embedded hub key once into a 0600 file and reuses it', async () => {
    const dataDir = path.join(dir, 'data');
    const first = await loadSecretKey({ env: {}, dataDir, embedded: true });
    const file = path.join(dataDir, 'secret.key');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal((await readFile(file, 'utf8')).trim(), first.toString('base64'));
    const again = await loadSecretKey({ env: {}, dataDir, embedded: true });
    assert.ok(first.equals(again));
    for (let round = 0; round < 20; round += 1) {
      const race = path.join(dir, `race-${round}`);
      const keys = await Promise.all(Array.from({ length: 8 }, () => loadSecretKey({ env: {}, dataDir: race, embedded: true })));
      assert.ok(keys.every((key) => key.equals(keys[0] ?? Buffer.alloc(0))), 'hubs starting together share one key');
      assert.deepEqual(await readdir(race), ['secret.key'], 'no draft is left behind');
    }
  });

  it('refuses a key file others can read, and a corrupt one', async () => {
    const dataDir = path.join(dir, 'loose');
    await loadSecretKey({ env: {}, dataDir, embedded: true });
    const file = path.join(dataDir, 'secret.key');
    await chmod(file, 0o644);
    await assert.rejects(loadSecretKey({ env: {}, dataDir, embedded: true }), /secret\.key is readable by other users \(mode 644\); restrict it with: chmod 600/);
    await writeFile(file, 'not a key', { mode: 0o600 });
    await chmod(file, 0o600);
    await assert.rejects(loadSecretKey({ env: {}, dataDir, embedded: true }), /secret\.key must be 32 random bytes in base64/);
  });
});
