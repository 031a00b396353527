import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Prefix of every encrypted value; the version names the format below, so it can evolve. */
export const ENCRYPTED_PREFIX = 'enc:v1:';

/** Bytes of an AES-256 key. */
export const SECRET_KEY_BYTES = 32;

/** GCM's recommended nonce size: 96 bits, random per value. */
const IV_BYTES = 12;

/** Short id of a key (first 8 hex digits of its SHA-256), stored with each value to tell a wrong key from tampering. */
export function keyFingerprint(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * Encrypts connector secrets at rest with AES-256-GCM. A value is stored as
 * `enc:v1:<key fingerprint>:<iv>:<auth tag>:<ciphertext>` (base64 parts): the random 12-byte IV
 * makes equal secrets encrypt differently, the auth tag detects any change to the stored value.
 *
 * @example
 * const box = new SecretBox(key);
 * const stored = box.encrypt('shpat_123'); // enc:v1:...
 * box.decrypt(stored); // 'shpat_123'
 */
export class SecretBox {
  readonly #key: Buffer;
  /** Fingerprint of this box's key. */
  readonly fingerprint: string;

  constructor(key: Buffer) {
    if (key.length !== SECRET_KEY_BYTES) throw new Error(`a secret key is ${SECRET_KEY_BYTES} bytes, got ${key.length}`);
    this.#key = Buffer.from(key);
    this.fingerprint = keyFingerprint(key);
  }

  /** Whether `value` is in the encrypted format (of any key). */
  static isEncrypted(value: unknown): value is string {
    return typeof value === 'string' && value.startsWith(ENCRYPTED_PREFIX);
  }

  /** Encrypts one secret. */
  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${ENCRYPTED_PREFIX}${this.fingerprint}:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${ciphertext.toString('base64')}`;
  }

  /**
   * Decrypts one stored secret. Throws, naming `where` (e.g. `instance shop-eu /apiToken`), when
   * the value is not encrypted, was encrypted with another key, or was altered.
   */
  decrypt(stored: string, where = 'secret'): string {
    if (!SecretBox.isEncrypted(stored)) throw new Error(`${where} is not an encrypted value (expected ${ENCRYPTED_PREFIX}...)`);
    const parts = stored.slice(ENCRYPTED_PREFIX.length).split(':');
    const [fingerprint, iv, tag, ciphertext] = parts;
    if (parts.length !== 4 || fingerprint === undefined || iv === undefined || tag === undefined || ciphertext === undefined) {
      throw new Error(`${where} is malformed: expected ${ENCRYPTED_PREFIX}<key>:<iv>:<tag>:<ciphertext>`);
    }
    if (fingerprint !== this.fingerprint) {
      throw new Error(`${where} was encrypted with another key (fingerprint ${fingerprint}; this hub's OMNIHUB_SECRET_KEY has ${this.fingerprint}): use the key it was written with`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
    } catch (error: unknown) {
      throw new Error(`${where} failed its integrity check: the stored value was altered`, { cause: error });
    }
  }
}
