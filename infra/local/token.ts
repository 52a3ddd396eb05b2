export {};

// `npm run token -- alice@example.com ["Alice Smith"]`: prints a bearer token from the running
// local API (`npm start`), for curl and other clients.
const [email, ...nameParts] = process.argv.slice(2);
const port = process.env.PORT || '3000';

if (!email?.includes('@')) {
  console.error('Usage: npm run token -- alice@example.com ["Alice Smith"]');
  process.exit(2);
}

try {
  const response = await fetch(`http://localhost:${port}/dev/token`, {
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
  console.error(`No local API answers on port ${port}. Start it with "npm start" (set PORT if it runs elsewhere).`);
  process.exit(1);
}
