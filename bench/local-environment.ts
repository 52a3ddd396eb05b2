// The local environment for the bench, in a process of its own, as vitest's global setup runs it
// for the tests: its stream consumers and schedules then send their DynamoDB requests from that
// process, not from the bench's, whose request log must hold only the requests of the route it runs.
// Prints the handlers' environment as one JSON line; stops when its stdin closes.
import { freePort, startLocalEnvironment } from '../infra/local/environment.js';

const HANDLER_VARIABLES = [
  'TABLE_NAME', 'DYNAMODB_ENDPOINT', 'AWS_REGION', 'SES_ENDPOINT', 'MAIL_FROM', 'INVITATION_LINK_BASE', 'OIDC_ISSUER', 'OIDC_JWKS_URL',
  'DOCS_ASSET_BASE_URL', 'SIGN_IN_AUTHORIZE_URL', 'SIGN_IN_TOKEN_URL', 'SIGN_IN_CLIENT_ID', 'WORKSPACE_LIMIT_PER_ORG', 'PENDING_INVITATION_LIMIT',
];

const environment = await startLocalEnvironment({
  port: await freePort(),
  dynamoPort: await freePort(),
  sesPort: await freePort(),
  // Limits out of the way of repeated samples.
  env: { WORKSPACE_LIMIT_PER_ORG: '1000', PENDING_INVITATION_LIMIT: '5000' },
  scheduleIntervalMs: 60_000,
});
const handlerEnvironment = Object.fromEntries(HANDLER_VARIABLES.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
process.stdout.write(`${JSON.stringify({ apiUrl: environment.apiUrl, sesEndpoint: environment.sesEndpoint, env: handlerEnvironment })}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await environment.stop();
  process.exit(0);
};
process.stdin.on('end', stop).resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
