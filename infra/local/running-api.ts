// Where a running `npm start` answers, left in its data directory, so that `npm run token` (a
// process of its own, started without the server's environment) finds it on whatever PORT it got.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const fileIn = (dataDir: string) => join(dataDir, 'api-url');

/** Returns the removal, for when the API stops: an address left behind would point at nothing. */
export function recordRunningApi(dataDir: string, apiUrl: string): () => Promise<void> {
  writeFileSync(fileIn(dataDir), `${apiUrl}\n`);
  return async () => rmSync(fileIn(dataDir), { force: true });
}

export function runningApiUrl(dataDir: string): string | undefined {
  const file = fileIn(dataDir);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}
