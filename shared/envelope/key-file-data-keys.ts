// Data keys under the local runtime, where there is no KMS: a 256-bit master key in a file of
// DATA_DIR wraps them with AES-256-GCM, the encryption context as associated data, so the same
// binding holds locally as KMS enforces in AWS.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { DataKeyKeeper, EncryptionContext } from './data-keys.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const contextBytes = (context: EncryptionContext) => Buffer.from(JSON.stringify(Object.entries(context).sort()), 'utf8');

export function keyFileDataKeys(keyFile: string): DataKeyKeeper {
  let master: Promise<Buffer> | undefined;
  const load = () =>
    (master ??= readFile(keyFile, 'utf8').then((text) => {
      const key = Buffer.from(text.trim(), 'base64');
      if (key.length !== 32) throw new Error('The credentials master key file must hold 32 bytes, base64-encoded');
      return key;
    }));
  const wrap = async (plaintext: Uint8Array, context: EncryptionContext) => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', await load(), iv).setAAD(contextBytes(context));
    return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  };
  return {
    async generate(context) {
      const plaintext = randomBytes(32);
      return { plaintext, wrapped: await wrap(plaintext, context) };
    },
    async unwrap(wrapped, context) {
      const bytes = Buffer.from(wrapped);
      const decipher = createDecipheriv('aes-256-gcm', await load(), bytes.subarray(0, IV_BYTES)).setAAD(contextBytes(context));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
    },
  };
}
