// Brings up everything the API needs on this machine: DynamoDB Local with the table, the SES
// server, the local OIDC issuer and the HTTP API. `npm start` and the test suite both use it.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ensureTable, startDynamoDbLocal } from './dynamodb-local.js';
import { LOCAL_DOCS_ASSETS_PATH, startLocalApi, type LocalApi } from './http-api.js';
import { createLocalIssuer, type LocalIssuer } from './oidc-issuer.js';
import { startSesLocal } from './ses-local.js';

export const LOCAL_TABLE_NAME = 'orgspace-local';

export interface LocalEnvironmentOptions {
  port: number;
  dynamoPort: number;
  sesPort: number;
  /** Keeps data and the signing key across restarts; omit for an in-memory environment (tests). */
  dataDir?: string;
  /** Extra environment for the handlers, e.g. a lower workspace limit in tests. */
  env?: Record<string, string>;
}

export interface LocalEnvironment {
  apiUrl: string;
  dynamoEndpoint: string;
  sesEndpoint: string;
  tableName: string;
  issuer: LocalIssuer;
  api: LocalApi;
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
  await assertPortFree(options.dynamoPort, 'DDB_PORT');
  await assertPortFree(options.sesPort, 'SES_PORT');
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne().catch(() => undefined);
  };
  try {
    const [dynamo, ses] = await Promise.all([startDynamoDbLocal(options.dynamoPort, options.dataDir), startSesLocal(options.sesPort)]);
    stops.push(dynamo.stop, ses.stop);
    await ensureTable(dynamo.endpoint, LOCAL_TABLE_NAME);

    const apiUrl = `http://localhost:${options.port}`;
    // The handlers read their configuration from the environment at import time, as in Lambda.
    Object.assign(process.env, {
      TABLE_NAME: LOCAL_TABLE_NAME,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      SES_ENDPOINT: ses.endpoint,
      OIDC_ISSUER: apiUrl,
      OIDC_JWKS_URL: `${apiUrl}/.well-known/jwks.json`,
      DOCS_ASSET_BASE_URL: LOCAL_DOCS_ASSETS_PATH,
      ...options.env,
    });
    const issuer = await createLocalIssuer(apiUrl, options.dataDir ? join(options.dataDir, 'local-oidc-key.json') : undefined);
    const api = await startLocalApi({ port: options.port, issuer });
    stops.push(api.stop);
    return { apiUrl, dynamoEndpoint: dynamo.endpoint, sesEndpoint: ses.endpoint, tableName: LOCAL_TABLE_NAME, issuer, api, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
