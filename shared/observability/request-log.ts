// The one line each API request logs when it is answered: who asked for what, how it ended, what
// it cost in DynamoDB, and (as EMF) the route's metrics: requests, latency, 4xx by code, 5xx.
import type { DynamoUsage } from './dynamo-usage.js';
import { errorFields, type LogLevel, log } from './log.js';
import { embeddedMetrics } from './metrics.js';

export interface AnsweredRequest {
  requestId: string;
  /** The route table row's name: `create-org`. */
  route: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** Never a token or a key: the kind of caller and its id. */
  principal?: { type: string; id: string };
  orgId?: string;
  workspaceId?: string;
  dynamo: DynamoUsage;
  coldStart: boolean;
  /** The error code the client was sent, on a 4xx or 5xx. */
  errorCode?: string;
  /** On a 5xx: what was thrown. */
  cause?: unknown;
}

const ROUTE_METRICS = { requests: 'Count', latency: 'Milliseconds', errors_4xx: 'Count', errors_5xx: 'Count' } as const;
const metricsWithCode = embeddedMetrics([{ dimensions: ['route', 'error_code'], metrics: { errors_4xx: 'Count' } }])._aws.CloudWatchMetrics;

export function logAnsweredRequest(answered: AnsweredRequest): void {
  const { status } = answered;
  const level: LogLevel = status >= 500 ? (status === 500 ? 'error' : 'warn') : 'info';
  const durationMs = Math.round(answered.durationMs * 10) / 10;
  const clientError = status >= 400 && status < 500;
  const metrics = embeddedMetrics([{ dimensions: ['route'], metrics: ROUTE_METRICS }]);
  // Counted by code as well: a rise in `forbidden` on one route is a different page than one in `validation_failed`.
  if (clientError && answered.errorCode) metrics._aws.CloudWatchMetrics.push(...metricsWithCode);
  log(
    level,
    'request',
    {
      request_id: answered.requestId,
      route: answered.route,
      method: answered.method,
      path: answered.path,
      status,
      duration_ms: durationMs,
      principal: answered.principal,
      org_id: answered.orgId,
      workspace_id: answered.workspaceId,
      dynamodb: { requests: answered.dynamo.requests, capacity_units: answered.dynamo.capacityUnits },
      cold_start: answered.coldStart,
      error_code: answered.errorCode,
      ...(answered.cause === undefined ? {} : { error: errorFields(answered.cause) }),
      ...metrics,
      requests: 1,
      latency: durationMs,
      errors_4xx: clientError ? 1 : 0,
      errors_5xx: status >= 500 ? 1 : 0,
    },
    readableLine(answered, durationMs),
  );
}

/** `POST /api/v1/orgs 201 14.2 ms · 1 DynamoDB request (2 units)`, with the error code when there is one. */
function readableLine(answered: AnsweredRequest, durationMs: number): string {
  const { requests, capacityUnits } = answered.dynamo;
  const dynamo = `${requests} DynamoDB request${requests === 1 ? '' : 's'}${capacityUnits > 0 ? ` (${capacityUnits} units)` : ''}`;
  const code = answered.errorCode ? ` ${answered.errorCode}` : '';
  return `${answered.method} ${answered.path} ${answered.status}${code} ${durationMs} ms · ${dynamo}${answered.coldStart ? ' · cold start' : ''}`;
}
