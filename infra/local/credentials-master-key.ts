// The local stand-in for the KMS key that wraps credentials' data keys in AWS: 32 random bytes in
// a file of DATA_DIR, created on first start and readable by you only. Losing it loses every local
// credential, as deleting the KMS key would in AWS. An in-memory environment (the tests) gets one in
// a temporary directory, removed when it stops.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function localCredentialsMasterKey(dataDir: string | undefined): { file: string; remove(): Promise<void> } {
  const directory = dataDir ?? mkdtempSync(join(tmpdir(), 'orgspace-credentials-key-'));
  const file = join(directory, 'credentials-master-key');
  if (!existsSync(file)) {
    mkdirSync(directory, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return {
    file,
    remove: async () => {
      if (!dataDir) rmSync(directory, { recursive: true, force: true });
    },
  };
}
