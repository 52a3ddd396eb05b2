// The local stand-in for the KMS key that signs access tokens in AWS: a P-256 private key in a PEM
// file, created on first start. Kept in DATA_DIR (as the local issuer's key and the cursor key
// are), so tokens issued before a restart still verify after it; an in-memory environment (the
// tests) gets one in a temporary directory of its own, removed when it stops.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LocalSigningKey {
  /** For TOKEN_SIGNING_KEY_FILE. */
  file: string;
  /** Removes a temporary key; a key in DATA_DIR stays. */
  remove(): Promise<void>;
}

export function localAccessTokenSigningKey(dataDir: string | undefined): LocalSigningKey {
  const directory = dataDir ?? mkdtempSync(join(tmpdir(), 'orgspace-signing-key-'));
  const file = join(directory, 'access-token-signing-key.pem');
  if (!existsSync(file)) {
    mkdirSync(directory, { recursive: true });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  }
  return {
    file,
    remove: async () => {
      if (!dataDir) rmSync(directory, { recursive: true, force: true });
    },
  };
}
