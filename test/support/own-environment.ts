// A test file's own API, stream poller, schedules and SES server, on the shared DynamoDB Local with
// a table of its own, for files that stop SES or inject faults: nothing they do reaches the other
// files. The file's requests and inbox reads then go to it. Its modules read their configuration on
// import, so the file imports shared/ only after this has run.
import { inject } from 'vitest';
import { freePort, type LocalEnvironment, startLocalEnvironment } from '../../infra/local/environment.js';
import { useApi } from './api.js';
import { useSes } from './mail.js';

/** Mail retried within a second or two, so that an outage in a test ends in seconds. */
export const QUICK_MAIL_RETRIES = { MAIL_RETRY_BASE_SECONDS: '1', MAIL_STREAM_GRACE_SECONDS: '1' };

export async function startOwnEnvironment(tableName: string, env: Record<string, string> = QUICK_MAIL_RETRIES): Promise<LocalEnvironment> {
  const environment = await startLocalEnvironment({
    port: await freePort(),
    dynamoPort: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    sesPort: await freePort(),
    tableName,
    scheduleIntervalMs: 300,
    env,
  });
  useApi(environment.apiUrl);
  useSes(environment.sesEndpoint);
  return environment;
}
