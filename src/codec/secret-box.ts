import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRing } from './key-ring';

const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Secrets the product must use again later, not just compare (a webhook endpoint's signing secret: a hash
 * could not sign), sealed at rest with the payload key ring: AES-256-GCM, a fresh 96-bit IV each time,
 * stored as `<key id>:<base64url(IV ‖ ciphertext ‖ tag)>`. The key id and a context (e.g. the row's id) are
 * bound as associated data, so a sealed value copied to another row, or relabelled with another key id,
 * fails to open. A key rotation keeps old values readable while their key stays in the ring.
 */
export class SecretBox {
  constructor(private readonly ring: KeyRing) {}

  seal(secret: string, context: string): string {
    const keyId = this.ring.currentKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.ring.keys.get(keyId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(keyId, context));
    const sealed = Buffer.concat([iv, cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${keyId}:${sealed.toString('base64url')}`;
  }

  /** Throws, naming the key id but never key material, when the value cannot be opened. */
  open(sealed: string, context: string): string {
    const colon = sealed.indexOf(':');
    const keyId = colon > 0 ? sealed.slice(0, colon) : '';
    const key = this.ring.keys.get(keyId);
    if (!key) throw new Error(`sealed secret uses key id "${keyId}", which is not in the key ring`);
    const data = Buffer.from(sealed.slice(colon + 1), 'base64url');
    if (data.length < IV_BYTES + TAG_BYTES) throw new Error(`sealed secret (key id "${keyId}") is truncated`);
    const decipher = createDecipheriv(CIPHER, key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(keyId, context));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(`sealed secret (key id "${keyId}") failed authentication: altered, moved to another row, or sealed with another key`);
    }
  }
}

function associatedData(keyId: string, context: string): Buffer {
  return Buffer.from(JSON.stringify([keyId, context]), 'utf8');
}
