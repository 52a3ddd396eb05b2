// What a million API requests of the traffic mix cost at the published on-demand prices
// (prices.ts), from what the bench measured: each request's read and write request units, and its
// handler's duration, billed at the stack's function memory and architecture. Dollars throughout.
import { FUNCTION_ARCHITECTURE, FUNCTION_MEMORY_MB } from '../infra/api-function.js';
import { type BackgroundWork, backgroundWorkOf } from './background-work.js';
import type { Measurements } from './measurements.js';
import { PRICES } from './prices.js';
import type { RequestUnits } from './request-units.js';
import { median } from './statistics.js';
import { AUTHORIZER_CACHE_HIT_RATIO, type Caller, type MixEntry } from './traffic-mix.js';

/** A request as priced: what DynamoDB bills it, and how long its handler ran. */
export interface PricedRequest {
  units: RequestUnits;
  durationMs: number;
}

export interface CostInputs {
  mix: Array<MixEntry & PricedRequest & { durationFrom: string }>;
  authorizer: Record<Caller, PricedRequest>;
  authorizerCacheHitRatio: number;
  memoryMb: number;
  architecture: keyof typeof PRICES.lambda.perGbSecond;
}

/** Dollars per million requests. */
export interface CostLine {
  dynamodb: number;
  lambda: number;
  apiGateway: number;
  /** The authorizer's own Lambda and DynamoDB cost, for the requests whose verdict API Gateway had not cached. */
  authorizer: number;
  total: number;
}

export interface CostEstimate {
  region: string;
  pricesAsOf: string;
  memoryMb: number;
  architecture: string;
  authorizerCacheHitRatio: number;
  /** Per million requests of that route alone, with its caller. */
  mix: Array<CostInputs['mix'][number] & { perMillion: CostLine }>;
  /** Per million invocations of the authorizer itself (before the cache). */
  authorizer: Record<Caller, PricedRequest & { dynamodb: number; lambda: number }>;
  /** Per million API requests of the mix. */
  perMillion: CostLine;
}

const dynamodbPerMillion = ({ read, write }: RequestUnits) =>
  read * PRICES.dynamodb.perMillionReadRequestUnits + write * PRICES.dynamodb.perMillionWriteRequestUnits;

/** Lambda bills the duration rounded up to the next millisecond (1 ms at least), in GB-seconds of the configured memory. */
export const billedMs = (durationMs: number) => Math.max(1, Math.ceil(durationMs));

const lambdaPerMillion = (durationMs: number, inputs: CostInputs) =>
  PRICES.lambda.perMillionRequests +
  (billedMs(durationMs) / 1000) * (inputs.memoryMb / 1024) * PRICES.lambda.perGbSecond[inputs.architecture] * 1_000_000;

export function estimateCost(inputs: CostInputs): CostEstimate {
  const authorizer = {
    person: priceAuthorizer(inputs.authorizer.person, inputs),
    api_key: priceAuthorizer(inputs.authorizer.api_key, inputs),
  };
  const mix = inputs.mix.map((entry) => {
    const dynamodb = dynamodbPerMillion(entry.units);
    const lambda = lambdaPerMillion(entry.durationMs, inputs);
    const apiGateway = PRICES.apiGateway.perMillionRequests;
    const verdict = authorizer[entry.caller];
    const authorizerCost = (1 - inputs.authorizerCacheHitRatio) * (verdict.dynamodb + verdict.lambda);
    return { ...entry, perMillion: line(dynamodb, lambda, apiGateway, authorizerCost) };
  });
  const share = (entry: MixEntry) => entry.perHundred / mix.reduce((sum, e) => sum + e.perHundred, 0);
  const weighted = (field: keyof Omit<CostLine, 'total'>) => mix.reduce((sum, e) => sum + share(e) * e.perMillion[field], 0);
  return {
    region: PRICES.region,
    pricesAsOf: PRICES.asOf,
    memoryMb: inputs.memoryMb,
    architecture: inputs.architecture,
    authorizerCacheHitRatio: inputs.authorizerCacheHitRatio,
    mix,
    authorizer,
    perMillion: line(weighted('dynamodb'), weighted('lambda'), weighted('apiGateway'), weighted('authorizer')),
  };
}

/**
 * Lambda gives a function CPU in proportion to its memory, a whole vCPU at 1,769 MB: at 512 MB a
 * handler's CPU-bound part runs about 3.5 times as long as on the core that measured it, where its
 * wait for DynamoDB does not. Every duration times this factor is therefore a ceiling on Lambda's share.
 */
export const cpuBoundFactor = (memoryMb: number) => Math.max(1, 1769 / memoryMb);

export function withDurationsTimes(inputs: CostInputs, factor: number): CostInputs {
  const scaled = <T extends PricedRequest>(request: T): T => ({ ...request, durationMs: request.durationMs * factor });
  return {
    ...inputs,
    mix: inputs.mix.map(scaled),
    authorizer: { person: scaled(inputs.authorizer.person), api_key: scaled(inputs.authorizer.api_key) },
  };
}

const priceAuthorizer = (request: PricedRequest, inputs: CostInputs) => ({
  ...request,
  dynamodb: dynamodbPerMillion(request.units),
  lambda: lambdaPerMillion(request.durationMs, inputs),
});

const line = (dynamodb: number, lambda: number, apiGateway: number, authorizer: number): CostLine => ({
  dynamodb,
  lambda,
  apiGateway,
  authorizer,
  total: dynamodb + lambda + apiGateway + authorizer,
});

/**
 * The bench's figures as the estimate takes them: a route's handler p50 from the warm-latency phase
 * (200 calls) where it measured that route with a person calling, else from the cost phase's rounds;
 * request units from the cost phase, which sent each request of the mix with its own caller.
 */
export function costInputsOf({ warm, cost }: Pick<Measurements, 'warm' | 'cost'>): CostInputs {
  const p50 = (sample: { handlerMs: number[] }) => median(sample.handlerMs);
  return {
    mix: cost.mix.map((entry) => {
      const warmTimings = entry.caller === 'person' ? warm.get(entry.route) : undefined;
      return {
        route: entry.route,
        caller: entry.caller,
        perHundred: entry.perHundred,
        units: entry.units,
        durationMs: warmTimings ? median(warmTimings.handler) : p50(entry),
        durationFrom: warmTimings ? `warm, ${warmTimings.handler.length} calls` : `fresh orgs, ${entry.handlerMs.length} calls`,
      };
    }),
    authorizer: {
      person: { units: cost.authorizer.person.units, durationMs: p50(cost.authorizer.person) },
      api_key: { units: cost.authorizer.api_key.units, durationMs: p50(cost.authorizer.api_key) },
    },
    authorizerCacheHitRatio: AUTHORIZER_CACHE_HIT_RATIO,
    memoryMb: FUNCTION_MEMORY_MB,
    architecture: FUNCTION_ARCHITECTURE.name as CostInputs['architecture'],
  };
}

/**
 * The estimate the bench prints and saves, with the ceiling of cpuBoundFactor beside it, and what
 * the mix's writes set off once answered (events, emails, stream consumers).
 */
export function estimateCostOf(
  measurements: Pick<Measurements, 'warm' | 'cost'>,
): CostEstimate & { cpuBound: { factor: number; perMillion: CostLine }; background: BackgroundWork } {
  const inputs = costInputsOf(measurements);
  const factor = cpuBoundFactor(inputs.memoryMb);
  return {
    ...estimateCost(inputs),
    cpuBound: { factor, perMillion: estimateCost(withDurationsTimes(inputs, factor)).perMillion },
    background: backgroundWorkOf(measurements.cost.mix),
  };
}
