// The bench's cost estimate (bench/cost-estimate.ts): the dollars per million requests it prints
// must follow from the published prices and AWS's billing units, so each expectation below is
// worked out by hand from the price list, not from the module's own constants.
import { describe, expect, it } from 'vitest';
import { type CostInputs, cpuBoundFactor, estimateCost, withDurationsTimes } from '../../bench/cost-estimate.js';
import { requestUnitsOf } from '../../bench/request-units.js';
import { TRAFFIC_MIX } from '../../bench/traffic-mix.js';
import { routes } from '../../features/routes.js';
import type { RouteDefinition } from '../../shared/http/route.js';

const noUnits = { read: 0, write: 0 };

/** One request making up all of the traffic, called by a person; an authorizer that costs nothing unless told. */
function inputs(request: Partial<CostInputs['mix'][number]>, overrides: Partial<CostInputs> = {}): CostInputs {
  return {
    mix: [{ route: 'getOrg', caller: 'person', perHundred: 100, units: noUnits, durationMs: 0, durationFrom: 'test', ...request }],
    authorizer: { person: { units: noUnits, durationMs: 0 }, api_key: { units: noUnits, durationMs: 0 } },
    authorizerCacheHitRatio: 1,
    memoryMb: 512,
    architecture: 'arm64',
    ...overrides,
  };
}

describe('cost per million requests', () => {
  it('prices DynamoDB read request units at $0.125 and write request units at $0.625 a million (us-east-1 on-demand)', () => {
    expect(estimateCost(inputs({ units: { read: 1, write: 0 } })).perMillion.dynamodb).toBeCloseTo(0.125, 9);
    expect(estimateCost(inputs({ units: { read: 0, write: 1 } })).perMillion.dynamodb).toBeCloseTo(0.625, 9);
    // A transaction writing two items under 1 KB reports 4 units (2 per item): $2.50 a million.
    expect(estimateCost(inputs({ units: { read: 0.5, write: 4 } })).perMillion.dynamodb).toBeCloseTo(0.0625 + 2.5, 9);
  });

  it('bills Lambda $0.20 a million requests plus the duration rounded up to the millisecond (1 at least), in GB-seconds of 512 MB at the arm64 price', () => {
    // 6.2 ms bills 7 ms: 0.007 s × 0.5 GB × $0.0000133334 = $0.0000000466669 a request, $0.0466669 a million.
    expect(estimateCost(inputs({ durationMs: 6.2 })).perMillion.lambda).toBeCloseTo(0.2 + 0.0466669, 9);
    expect(estimateCost(inputs({ durationMs: 7 })).perMillion.lambda).toBeCloseTo(0.2 + 0.0466669, 9);
    expect(estimateCost(inputs({ durationMs: 0.3 })).perMillion.lambda).toBeCloseTo(0.2 + 0.0066667, 9);
  });

  it('prices x86 functions at $0.0000166667 a GB-second, and a 1,024 MB function at twice the 512 MB one', () => {
    expect(estimateCost(inputs({ durationMs: 10 }, { architecture: 'x86_64' })).perMillion.lambda).toBeCloseTo(0.2 + 0.0833335, 9);
    expect(estimateCost(inputs({ durationMs: 10 }, { memoryMb: 1024 })).perMillion.lambda).toBeCloseTo(0.2 + 0.133334, 9);
  });

  it('charges API Gateway $1.00 a million HTTP API requests', () => {
    expect(estimateCost(inputs({})).perMillion.apiGateway).toBeCloseTo(1, 9);
  });

  it("adds the authorizer's Lambda and DynamoDB cost only for the requests whose verdict is not cached", () => {
    const authorizer = { person: { units: { read: 1, write: 0 }, durationMs: 3.5 }, api_key: { units: noUnits, durationMs: 0 } };
    // A miss: $0.125 (1 read unit) + $0.20 + 4 ms × 0.5 GB × $0.0000133334 × a million ($0.0266668); 1 request in 5 misses.
    const estimate = estimateCost(inputs({}, { authorizer, authorizerCacheHitRatio: 0.8 }));
    expect(estimate.perMillion.authorizer).toBeCloseTo(0.2 * (0.125 + 0.2 + 0.0266668), 9);
    // The API key's authorizer here reads nothing and bills Lambda's least, 1 ms.
    expect(estimateCost(inputs({ caller: 'api_key' }, { authorizer, authorizerCacheHitRatio: 0.8 })).perMillion.authorizer).toBeCloseTo(
      0.2 * (0.2 + 0.0066667),
      9,
    );
  });

  it('weighs each request of the mix by its share, and totals the services', () => {
    const mix: CostInputs['mix'] = [
      { route: 'getOrg', caller: 'person', perHundred: 75, units: { read: 2, write: 0 }, durationMs: 1, durationFrom: 'test' },
      { route: 'createWorkspace', caller: 'person', perHundred: 25, units: { read: 0, write: 6 }, durationMs: 1, durationFrom: 'test' },
    ];
    const { perMillion } = estimateCost({ ...inputs({}), mix });
    expect(perMillion.dynamodb).toBeCloseTo(0.75 * 0.25 + 0.25 * 3.75, 9);
    expect(perMillion.total).toBeCloseTo(perMillion.dynamodb + (0.2 + 0.0066667) + 1, 9);
  });

  it('scales every duration, the authorizer’s too, for the CPU-bound ceiling', () => {
    // A whole vCPU at 1,769 MB: a 512 MB function has 29 % of one.
    expect(cpuBoundFactor(512)).toBeCloseTo(3.455, 3);
    expect(cpuBoundFactor(3008)).toBe(1);
    const scaled = withDurationsTimes(inputs({ durationMs: 2 }), 3.5);
    expect(scaled.mix[0]!.durationMs).toBe(7);
    expect(estimateCost(scaled).perMillion.lambda).toBeCloseTo(0.2 + 0.0466669, 9);
  });
});

describe('read and write request units', () => {
  it('counts reads, queries and batch reads as read units, and every kind of write, a transaction’s condition checks included, as write units', () => {
    const units = requestUnitsOf([
      { command: 'BatchGetItemCommand', consumedCapacity: 1.5 },
      { command: 'QueryCommand', consumedCapacity: 0.5 },
      { command: 'TransactWriteItemsCommand', consumedCapacity: 6 },
      { command: 'PutItemCommand', consumedCapacity: 2 },
    ]);
    expect(units).toEqual({ read: 2, write: 8 });
  });

  it('refuses a command it cannot price, rather than pricing it as either', () => {
    expect(() => requestUnitsOf([{ command: 'ExecuteStatementCommand', consumedCapacity: 1 }])).toThrow(/ExecuteStatementCommand/);
  });
});

describe('the traffic mix', () => {
  it('adds up to 100 requests, and sends an API key only to routes that accept one', () => {
    expect(TRAFFIC_MIX.reduce((sum, entry) => sum + entry.perHundred, 0)).toBe(100);
    for (const entry of TRAFFIC_MIX.filter((e) => e.caller === 'api_key'))
      expect((routes[entry.route] as RouteDefinition).apiKeys).toBe(true);
  });
});
