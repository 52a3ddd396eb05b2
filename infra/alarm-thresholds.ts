// Every alarm's threshold in one place: the defaults here, each one overridable under the
// `alarmThresholds` context object (cdk.json, or `-c alarmThresholds='{"routeLatencyP99Ms":800}'`).
// README "Alarms" lists them with what each alarm means.

export interface AlarmThresholds {
  /** Minutes per alarm period, and how many periods in a row must breach. */
  periodMinutes: number;
  evaluationPeriods: number;
  /** A route's 5xx answers, as a percentage of its requests... */
  route5xxPercent: number;
  /** ...counted only once a period holds this many requests, so one failure in three is not a page at 3 a.m. */
  minRequestsForRate: number;
  /** A route's p99 latency, as its function measured it. */
  routeLatencyP99Ms: number;
  /** The whole API's p99 latency, as API Gateway measured it (the authorizer included). */
  apiLatencyP99Ms: number;
  /** The API's 4xx answers as a percentage of its requests: a broken client or an attack, not a bug here. */
  api4xxPercent: number;
  /** The API's 5xx answers per period, whichever route (API Gateway's own included). */
  api5xxCount: number;
  /** Requests the stage's throttle refused (429 before any function ran) per period. */
  apiThrottledCount: number;
  /** Authorizer failures per period (each is a 500 to a caller, whatever route). */
  authorizerErrors: number;
  /** DynamoDB requests throttled, and DynamoDB's own errors, per period. */
  dynamoThrottledRequests: number;
  dynamoSystemErrors: number;
  /** How long the oldest email the retry passes found still unsent has waited. */
  mailBacklogAgeMinutes: number;
  /** A background function's failed invocations and throttles per period. */
  backgroundErrors: number;
  backgroundThrottles: number;
}

export const DEFAULT_ALARM_THRESHOLDS: AlarmThresholds = {
  periodMinutes: 5,
  evaluationPeriods: 1,
  route5xxPercent: 5,
  minRequestsForRate: 10,
  routeLatencyP99Ms: 1000,
  apiLatencyP99Ms: 1500,
  api4xxPercent: 25,
  api5xxCount: 5,
  apiThrottledCount: 10,
  authorizerErrors: 1,
  dynamoThrottledRequests: 10,
  dynamoSystemErrors: 1,
  mailBacklogAgeMinutes: 60,
  backgroundErrors: 1,
  backgroundThrottles: 1,
};

/**
 * The defaults with the deployer's overrides: an object, or its JSON text (as `-c` passes it). A
 * misspelt key or a value that is not a positive number stops the synth rather than leaving an
 * alarm at a threshold nobody chose.
 */
export function alarmThresholds(overrides: unknown): AlarmThresholds {
  if (overrides === undefined || overrides === null || overrides === '') return { ...DEFAULT_ALARM_THRESHOLDS };
  const given: unknown = typeof overrides === 'string' ? parseJson(overrides) : overrides;
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    throw new Error('Context alarmThresholds must be an object, such as {"routeLatencyP99Ms": 800}.');
  const thresholds = { ...DEFAULT_ALARM_THRESHOLDS };
  for (const [key, value] of Object.entries(given)) {
    if (!(key in DEFAULT_ALARM_THRESHOLDS))
      throw new Error(`Context alarmThresholds has no "${key}"; it takes ${Object.keys(DEFAULT_ALARM_THRESHOLDS).join(', ')}.`);
    const number = Number(value);
    if (!Number.isFinite(number) || number <= 0)
      throw new Error(`Context alarmThresholds.${key} must be a positive number, got "${value}".`);
    thresholds[key as keyof AlarmThresholds] = number;
  }
  return thresholds;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`Context alarmThresholds must be JSON, got "${text}".`);
  }
}
