// Starts the real local environment once for the whole run (DynamoDB Local in memory, the SES
// server, the local issuer and the HTTP API on free ports) and hands its addresses to the tests.
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { freePort, startLocalEnvironment } from '../../infra/local/environment.js';
import { ROOMY_ABUSE_LIMITS } from './abuse-limits.js';
import { createErrorCodeLedger, LEDGER_KEY } from './error-code-ledger.js';
import { tapRuntimeLog } from './runtime-log.js';

export const TEST_WORKSPACE_LIMIT = 5;
export const TEST_PENDING_INVITATION_LIMIT = 6;
/** Webhook retries a second apart (in AWS: 5 s, 5 min, 30 min, ...), so that a test sees a whole schedule. */
export const TEST_WEBHOOK_RETRY_SCHEDULE = '0,1,1,1,1,1,1,1';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    dynamoEndpoint: string;
    sesEndpoint: string;
    /** The local DNS server's `host:port`, whose TXT records PUT /dev/dns/txt sets. */
    dnsServer: string;
    tableName: string;
    workspaceLimit: number;
    pendingInvitationLimit: number;
    cursorSigningKey: string;
    /** The local key that signs access tokens, for the handlers that test workers run themselves. */
    tokenSigningKeyFile: string;
    /** The local master key that wraps credentials' data keys. */
    credentialsMasterKeyFile: string;
    /** What the local runtime has logged so far (test/support/runtime-log.ts). */
    runtimeLogFile: string;
  }
}

export default async function setup(project: TestProject) {
  // Handlers run in this process (behind the local API) and in test workers (round-trip counts): one key for both.
  const cursorSigningKey = randomBytes(32).toString('base64url');
  const runtimeLogFile = tapRuntimeLog();
  const ledger = createErrorCodeLedger();
  (globalThis as Record<symbol, unknown>)[LEDGER_KEY] = ledger;
  const environment = await startLocalEnvironment({
    onRouteResult: ledger.record,
    port: await freePort(),
    dynamoPort: await freePort(),
    sesPort: await freePort(),
    env: {
      WORKSPACE_LIMIT_PER_ORG: String(TEST_WORKSPACE_LIMIT),
      PENDING_INVITATION_LIMIT: String(TEST_PENDING_INVITATION_LIMIT),
      CURSOR_SIGNING_KEY: cursorSigningKey,
      EVENT_FEED_SETTLE_SECONDS: '1',
      WEBHOOK_RETRY_SCHEDULE_SECONDS: TEST_WEBHOOK_RETRY_SCHEDULE,
      ...ROOMY_ABUSE_LIMITS,
    },
    scheduleIntervalMs: 500,
  });
  project.provide('apiUrl', environment.apiUrl);
  project.provide('dynamoEndpoint', environment.dynamoEndpoint);
  project.provide('sesEndpoint', environment.sesEndpoint);
  project.provide('dnsServer', environment.dnsServer);
  project.provide('tableName', environment.tableName);
  project.provide('workspaceLimit', TEST_WORKSPACE_LIMIT);
  project.provide('pendingInvitationLimit', TEST_PENDING_INVITATION_LIMIT);
  project.provide('cursorSigningKey', cursorSigningKey);
  project.provide('tokenSigningKeyFile', environment.handlerEnvironment.TOKEN_SIGNING_KEY_FILE!);
  project.provide('runtimeLogFile', runtimeLogFile);
  project.provide('credentialsMasterKeyFile', environment.handlerEnvironment.CREDENTIALS_MASTER_KEY_FILE!);
  return () => environment.stop();
}
