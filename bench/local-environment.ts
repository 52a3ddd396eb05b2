// The local environment for the bench, in a process of its own, as vitest's global setup runs it
// for the tests: its stream consumers and schedules then send their DynamoDB requests from that
// process, not from the bench's, whose request log must hold only the requests of the route it runs.
// Prints the handlers' environment as one JSON line; stops when its stdin closes.

import { freePort, startLocalEnvironment } from '../infra/local/environment.js';
import { divertLogLines } from '../infra/local/log-lines.js';
import { ROOMY_ABUSE_LIMITS } from '../test/support/abuse-limits.js';

// Its stdout carries the line below to the bench; what its own handlers and consumers log is not the bench's.
divertLogLines(() => undefined);

const environment = await startLocalEnvironment({
  port: await freePort(),
  dynamoPort: await freePort(),
  sesPort: await freePort(),
  // Limits out of the way of repeated samples.
  env: { WORKSPACE_LIMIT_PER_ORG: '1000', PENDING_INVITATION_LIMIT: '5000', ...ROOMY_ABUSE_LIMITS },
  scheduleIntervalMs: 60_000,
});
process.stdout.write(
  `${JSON.stringify({ apiUrl: environment.apiUrl, sesEndpoint: environment.sesEndpoint, env: environment.handlerEnvironment })}\n`,
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  // Exit however the stop goes: exiting runs the handler that kills DynamoDB Local's JVM, which a
  // SIGKILL from the bench (its last resort) would skip, leaving the JVM behind.
  setTimeout(() => process.exit(0), 5_000).unref();
  await environment.stop().catch(() => undefined);
  process.exit(0);
};
process.stdin.on('end', stop).resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
