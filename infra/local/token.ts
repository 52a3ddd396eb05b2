// `npm run token -- alice@example.com ["Alice Smith"]`: prints a bearer token from the running
// local API (`npm start`), for curl and other clients. It finds that API by the address `npm start`
// leaves in DATA_DIR, so it needs no PORT even when the server got one; PORT, if set, wins.
import { resolve } from 'node:path';
import { runningApiUrl } from './running-api.js';

const [email, ...nameParts] = process.argv.slice(2);
const dataDir = resolve(process.env.DATA_DIR || '.data');
const recorded = process.env.PORT ? undefined : runningApiUrl(dataDir);
const apiUrl = process.env.PORT ? `http://localhost:${process.env.PORT}` : (recorded ?? 'http://localhost:3000');

if (!email?.includes('@')) {
  console.error('Usage: npm run token -- alice@example.com ["Alice Smith"]');
  process.exit(2);
}

try {
  const response = await fetch(`${apiUrl}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, ...(nameParts.length > 0 ? { name: nameParts.join(' ') } : {}) }),
  });
  const body = (await response.json()) as { access_token?: string; error?: { message: string } };
  if (!response.ok || !body.access_token) {
    console.error(body.error?.message ?? `The local API answered ${response.status}.`);
    process.exit(1);
  }
  console.log(body.access_token);
} catch {
  const where = recorded
    ? `${apiUrl}, where the last "npm start" with DATA_DIR ${dataDir} said it runs`
    : `${apiUrl}${process.env.PORT ? ' (from PORT)' : ''}`;
  console.error(`No local API answers at ${where}. Start it with "npm start", or set PORT (or DATA_DIR) to the one it runs with.`);
  process.exit(1);
}
