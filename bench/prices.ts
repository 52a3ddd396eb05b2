// The published on-demand prices the cost estimate uses, in one place. Written down by hand on the
// date below from AWS's pricing pages as known then, not fetched by the bench: check
// aws.amazon.com/dynamodb/pricing, /lambda/pricing, /api-gateway/pricing, /eventbridge/pricing and
// /ses/pricing before quoting a figure. What a request costs, and what the events and emails it sets
// off cost (background-work.ts); storage, backups, data transfer, CloudWatch (logs, metrics,
// alarms), X-Ray and KMS are out of the estimate.

export const PRICES = {
  region: 'us-east-1',
  asOf: '2026-12-02',
  dynamodb: {
    /** Standard table class, on-demand, since the 2024-11-01 price cut. */
    perMillionWriteRequestUnits: 0.625,
    perMillionReadRequestUnits: 0.125,
  },
  lambda: {
    perMillionRequests: 0.2,
    /** Billed duration, rounded up to the millisecond, times the memory; the first tier of each (6 and 7.5 billion GB-seconds a month). */
    perGbSecond: { x86_64: 0.0000166667, arm64: 0.0000133334 },
  },
  apiGateway: {
    /** HTTP API, first 300 million requests a month; a request is metered in 512 KB increments. */
    perMillionRequests: 1.0,
  },
  eventBridge: {
    /** Custom events put on an event bus, each 64 KB chunk counting as one. */
    perMillionEvents: 1.0,
  },
  ses: {
    /** Outbound email, outside the free tier. */
    perThousandEmails: 0.1,
  },
} as const;
