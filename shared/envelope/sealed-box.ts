// The inner layer: each secret sealed with AES-256-GCM under its scope's data key, its associated
// data naming the org, the workspace or person, the credential and the version. A ciphertext copied
// onto another item, version or workspace fails its tag, as does any changed byte.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SealBrokenError extends Error {
  constructor() {
    super('A sealed value failed its integrity check');
    this.name = 'SealBrokenError';
  }
}

/** `v1.<base64 of iv ‖ ciphertext ‖ tag>`. */
export function seal(key: Uint8Array, plaintext: string, binding: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(binding, 'utf8'));
  const body = Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${FORMAT}.${body.toString('base64')}`;
}

export function open(key: Uint8Array, sealed: string, binding: string): string {
  const [format, encoded] = sealed.split('.', 2);
  if (format !== FORMAT || !encoded) throw new SealBrokenError();
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new SealBrokenError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES)).setAAD(Buffer.from(binding, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    // node:crypto's own message says nothing secret, but the one place that decides what is said is here.
    throw new SealBrokenError();
  }
}
