// Brings up everything the API needs on this machine: DynamoDB Local with the table, the SES
// server, a DNS server for domain verification, the local OIDC issuer and the HTTP API. `npm start` and the test suite both use it.
import './quiet-sdk-node-warning.js';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { schedules, streamConsumers } from '../../shared/events/background-functions.js';
import { localAccessTokenSigningKey } from './access-token-signing-key.js';
import { localCredentialsMasterKey } from './credentials-master-key.js';
import { startLocalDnsServer } from './dns-server.js';
import { ensureTable, startDynamoDbLocal } from './dynamodb-local.js';
import { type LocalApi, type RouteResultObserver, startLocalApi } from './http-api.js';
import { createLocalIssuer, LOCAL_CLIENT_ID, type LocalIssuer, localIssuerUrl } from './oidc-issuer.js';
import { recordRunningApi } from './running-api.js';
import { startSchedules } from './schedules.js';
import { type SesLocal, startSesLocal } from './ses-local.js';
import { startStreamConsumers } from './stream-consumers.js';

export const LOCAL_TABLE_NAME = 'orgspace-local';

export interface LocalEnvironmentOptions {
  /** See RouteResultObserver: the test suite holds each route to the error codes its row declares. */
  onRouteResult?: RouteResultObserver;
  port: number;
  dynamoPort: number;
  sesPort: number;
  /** UDP port of the local DNS server that domain verification asks; left out, any free one. */
  dnsPort?: number;
  /** Keeps data and the signing key across restarts; omit for an in-memory environment (tests). */
  dataDir?: string;
  /** Extra environment for the handlers, e.g. a lower workspace limit in tests. */
  env?: Record<string, string>;
  /** Use this running DynamoDB Local instead of starting one (a second environment in a test). */
  dynamoEndpoint?: string;
  tableName?: string;
  /** How often the scheduled functions (the email retry pass) run; their AWS rate is minutes. */
  scheduleIntervalMs?: number;
}

export interface LocalEnvironment {
  apiUrl: string;
  /** What the handlers are configured with (and so what a process running them beside this one needs). */
  handlerEnvironment: Record<string, string>;
  dynamoEndpoint: string;
  /** Why DynamoDB Local listens on every interface, not only on 127.0.0.1; undefined when it does not. */
  dynamoExposedBecause?: string;
  sesEndpoint: string;
  /** `127.0.0.1:<port>` of the local DNS server (PUT /dev/dns/txt sets its records). */
  dnsServer: string;
  tableName: string;
  issuer: LocalIssuer;
  api: LocalApi;
  /** Stops and starts the SES server alone, to see the API through an SES outage. */
  ses: { stop(): Promise<void>; start(): Promise<void> };
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Kept beside the data, so that cursors handed out before a restart still work after it. */
function cursorSigningKey(dataDir: string | undefined): string {
  const fresh = () => randomBytes(32).toString('base64url');
  if (!dataDir) return fresh();
  const file = join(dataDir, 'cursor-signing-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = fresh();
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

export class PortInUseError extends Error {}

async function assertPortFree(port: number, variable: string): Promise<void> {
  await new Promise<void>((resolveFree, reject) => {
    const probe = createServer();
    probe.once('error', () => reject(new PortInUseError(`Port ${port} is already in use: set ${variable} to a free port.`)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolveFree()));
  });
}

export async function startLocalEnvironment(options: LocalEnvironmentOptions): Promise<LocalEnvironment> {
  await assertPortFree(options.port, 'PORT');
  if (!options.dynamoEndpoint) await assertPortFree(options.dynamoPort, 'DDB_PORT');
  await assertPortFree(options.sesPort, 'SES_PORT');
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const stopOne of [...stops].reverse()) await stopOne().catch(() => undefined);
  };
  try {
    const tableName = options.tableName ?? LOCAL_TABLE_NAME;
    const [dynamo, firstSes, dns] = await Promise.all([
      options.dynamoEndpoint
        ? { endpoint: options.dynamoEndpoint, stop: async () => undefined }
        : startDynamoDbLocal(options.dynamoPort, options.dataDir),
      startSesLocal(options.sesPort),
      startLocalDnsServer(options.dnsPort ?? 0),
    ]);
    let ses: SesLocal | undefined = firstSes;
    stops.push(dynamo.stop, async () => ses?.stop(), dns.stop);
    await ensureTable(dynamo.endpoint, tableName);

    const apiUrl = `http://localhost:${options.port}`;
    const issuerUrl = localIssuerUrl(apiUrl);
    const signingKey = localAccessTokenSigningKey(options.dataDir);
    stops.push(signingKey.remove);
    const credentialsKey = localCredentialsMasterKey(options.dataDir);
    stops.push(credentialsKey.remove);
    // The handlers read their configuration from the environment at import time, as in Lambda.
    const handlerEnvironment: Record<string, string> = {
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      SES_ENDPOINT: firstSes.endpoint,
      MAIL_FROM: 'Orgspace <noreply@orgspace.local>',
      INVITATION_LINK_BASE: `${apiUrl}/invite`,
      MAIL_RETRY_BASE_SECONDS: '2',
      MAIL_STREAM_GRACE_SECONDS: '3',
      OIDC_ISSUER: issuerUrl,
      // As in AWS, where the Cognito client is the audience: a token minted for another client is refused.
      OIDC_AUDIENCE: LOCAL_CLIENT_ID,
      OIDC_JWKS_URL: `${issuerUrl}/.well-known/jwks.json`,
      SIGN_IN_AUTHORIZE_URL: `${issuerUrl}/oauth2/authorize`,
      SIGN_IN_TOKEN_URL: `${issuerUrl}/oauth2/token`,
      SIGN_IN_CLIENT_ID: LOCAL_CLIENT_ID,
      CURSOR_SIGNING_KEY: cursorSigningKey(options.dataDir),
      // Keys made here say so (osk_test_...), and a deployment taking live keys refuses them.
      API_KEY_ENVIRONMENT: 'test',
      // Workspace access tokens: signed with a local key (KMS in AWS), issued by the API itself, whose
      // /.well-known/jwks.json lists that key alone.
      TOKEN_SIGNING_KEY_FILE: signingKey.file,
      ACCESS_TOKEN_ISSUER: apiUrl,
      // Credentials' data keys: wrapped by a local master key (KMS in AWS), through the same code.
      CREDENTIALS_MASTER_KEY_FILE: credentialsKey.file,
      // No EventBridge here: publish-events puts on the in-process bus that GET /local/event-bus shows.
      EVENT_BUS_NAME: 'orgspace-local',
      EVENT_BUS_LOCAL: 'true',
      // Webhook receivers on this machine (127.0.0.1, localhost), over plain http; every other internal address is still refused.
      WEBHOOK_ALLOW_LOOPBACK: 'true',
      // Domain verification asks the local DNS server, whose records PUT /dev/dns/txt sets.
      DNS_SERVERS: dns.address,
      // So that `acme.test` can be claimed and verified here (RFC 6761's names for testing).
      ALLOW_TEST_DOMAINS: 'true',
      ...options.env,
    };
    Object.assign(process.env, handlerEnvironment);
    const issuer = await createLocalIssuer(issuerUrl, options.dataDir ? join(options.dataDir, 'local-oidc-key.json') : undefined);
    const api = await startLocalApi({
      port: options.port,
      issuer,
      dns,
      ...(options.onRouteResult ? { onRouteResult: options.onRouteResult } : {}),
    });
    stops.push(api.stop);
    if (options.dataDir) stops.push(recordRunningApi(options.dataDir, apiUrl));
    const consumers = await startStreamConsumers({
      endpoint: dynamo.endpoint,
      region: process.env.AWS_REGION!,
      tableName,
      consumers: streamConsumers,
      ...(options.dataDir ? { checkpointFile: join(options.dataDir, 'stream-checkpoints.json') } : {}),
    });
    const scheduled = startSchedules(schedules, options.scheduleIntervalMs ?? 5_000);
    // Both stop at once and first: they call DynamoDB Local, which must still be there (if a
    // terminal's Ctrl-C has not stopped it already).
    stops.push(async () => {
      await Promise.all([consumers.stop(), scheduled.stop()]);
    });
    const sesControl = {
      stop: async () => {
        await ses?.stop();
        ses = undefined;
      },
      start: async () => {
        ses ??= await startSesLocal(options.sesPort);
      },
    };
    return {
      apiUrl,
      handlerEnvironment,
      dynamoEndpoint: dynamo.endpoint,
      dynamoExposedBecause: 'exposedBecause' in dynamo ? dynamo.exposedBecause : undefined,
      sesEndpoint: firstSes.endpoint,
      dnsServer: dns.address,
      tableName,
      issuer,
      api,
      ses: sesControl,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
