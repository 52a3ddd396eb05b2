// `npm start`: the whole API on this machine, with DynamoDB Local, the SES server and a local
// OIDC issuer. Ctrl-C stops every child cleanly.
import { resolve } from 'node:path';
import { MissingJavaError } from './dynamodb-local.js';
import { type LocalEnvironment, PortInUseError, startLocalEnvironment } from './environment.js';
import { LOCAL_EVENT_BUS_PATH } from './event-bus-route.js';

function portFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  const port = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`${name} must be a port number from 1 to 65535, got "${raw}".`);
    process.exit(1);
  }
  return port;
}

// A readable line per request and per piece of background work; LOG_FORMAT=json shows what Lambda writes.
process.env.LOG_FORMAT ||= 'pretty';

const port = portFrom('PORT', 3000);
const dynamoPort = portFrom('DDB_PORT', 8000);
const sesPort = portFrom('SES_PORT', 8005);
const dnsPort = portFrom('DNS_PORT', 8053);
const dataDir = resolve(process.env.DATA_DIR || '.data');

let environment: LocalEnvironment;
try {
  environment = await startLocalEnvironment({ port, dynamoPort, sesPort, dnsPort, dataDir });
} catch (error) {
  if (error instanceof MissingJavaError || error instanceof PortInUseError) console.error(error.message);
  else console.error('Could not start the local environment:', error);
  process.exit(1);
}

const { apiUrl } = environment;
console.log(`
Orgspace is running.
  API          ${apiUrl}/api/v1
  Swagger UI   ${apiUrl}/docs
  OpenAPI      ${apiUrl}/openapi.json
  Email inbox  ${environment.sesEndpoint}    (every email the API sends lands here)
  Event bus    ${apiUrl}${LOCAL_EVENT_BUS_PATH}    (what would go on EventBridge, newest first)
  DNS          ${environment.dnsServer} (UDP)   (TXT records for domain verification: PUT ${apiUrl}/dev/dns/txt)
  DynamoDB     ${environment.dynamoEndpoint}   (table ${environment.tableName}, data in ${dataDir})${
    environment.dynamoExposedBecause
      ? `\n               Note: DynamoDB Local listens on every interface of this machine, not only 127.0.0.1: ${environment.dynamoExposedBecause}.`
      : ''
  }

Try it:
  TOKEN=$(curl -s -X POST ${apiUrl}/dev/token -H 'accept: text/plain' -H 'content-type: application/json' -d '{"email":"alice@example.com","name":"Alice Smith"}')
  curl -s ${apiUrl}/api/v1/me -H "Authorization: Bearer $TOKEN"
  curl -s -X POST ${apiUrl}/api/v1/orgs -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{"name":"Acme"}'

  (or: TOKEN=$(npm run -s token -- alice@example.com))
Press Ctrl-C to stop.
`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  // The terminal may already be gone (SIGHUP, a closed pipe): stopping must not depend on printing.
  try {
    console.log(`\n${signal}: stopping the API, the SES server and DynamoDB Local...`);
  } catch {
    // nothing to print to
  }
  await environment.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGHUP', () => void shutdown('SIGHUP'));
