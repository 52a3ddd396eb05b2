// What the cost estimate needs that the other phases do not measure: each request of the traffic
// mix (traffic-mix.ts) with its caller, a person or a workspace API key, and the authorizer warm.
// A write's sample changes what it writes to, so each round sends the mix once to an org of its own
// (as the cold starts do), all made first; the first round only warms the handlers up (imports,
// first schemas).
import { setTimeout } from 'node:timers/promises';
import { routes } from '../features/routes.js';
import { type DynamoRequest, dynamoRequestLog } from '../shared/clients.js';
import type { RouteDefinition } from '../shared/http/route.js';
import { invokeRoute, keyPrincipal, routeEvent, sampleRequests } from '../test/support/route-samples.js';
import { type Inserted, recordInsertedItems, takeInserted } from './background-work.js';
import type { Fixture } from './fixture.js';
import { log } from './log.js';
import { type RequestUnits, requestUnitsOf } from './request-units.js';
import { COST_ROUNDS, WARM_RUNS } from './sample-sizes.js';
import { median } from './statistics.js';
import { type Caller, type MixEntry, TRAFFIC_MIX } from './traffic-mix.js';

export interface CostSample {
  /** Handler milliseconds, a call per sample. */
  handlerMs: number[];
  /** The median per sample of each kind. */
  units: RequestUnits;
}

export interface CostSamples {
  /** With what each request inserted (the median per sample of each item type), which sets off the background work. */
  mix: Array<MixEntry & CostSample & { inserted: Inserted }>;
  authorizer: Record<Caller, CostSample>;
}

type AuthorizerHandler = (event: unknown) => Promise<{ isAuthorized: boolean; context: { authenticated: string } }>;

export async function sampleCosts(fixture: Fixture, freshFixture: () => Promise<Fixture>): Promise<CostSamples> {
  log(
    `Cost: the traffic mix's ${TRAFFIC_MIX.length} requests in ${COST_ROUNDS} fresh orgs, the authorizer ${WARM_RUNS} times per caller...`,
  );
  const mix = TRAFFIC_MIX.map((entry) => ({
    ...entry,
    handlerMs: [] as number[],
    requests: [] as RequestUnits[],
    inserts: [] as Inserted[],
  }));
  recordInsertedItems();
  const orgs: Fixture[] = [];
  for (let round = 0; round <= COST_ROUNDS; round++) orgs.push(await freshFixture());
  // The local environment's stream consumers work off what making the orgs wrote (emails, copies of
  // org names) in their own process, on the same cores: the samples wait for them rather than share.
  await setTimeout(2_000);
  for (const [round, org] of orgs.entries()) {
    for (const entry of mix) {
      const route = routes[entry.route] as RouteDefinition;
      const event = routeEvent(route, sampleRequests[entry.route](org), entry.caller === 'api_key' ? keyPrincipal(org.apiKey) : org.admin);
      takeInserted();
      const { ms, requests, result: status } = await timed(() => invokeRoute(route, event).then((response) => response.statusCode));
      const inserted = takeInserted();
      if (status !== route.successStatus) throw new Error(`${entry.route} (${entry.caller}): ${status}, not ${route.successStatus}`);
      if (round === 0) continue;
      entry.handlerMs.push(ms);
      entry.requests.push(requestUnitsOf(requests));
      entry.inserts.push(inserted);
    }
  }
  const { handler } = (await import('../functions/authorizer.js')) as unknown as { handler: AuthorizerHandler };
  const authorizerSample = async (bearer: string): Promise<CostSample> => {
    const event = { headers: { authorization: `Bearer ${bearer}` } };
    const samples: Array<{ ms: number; requests: DynamoRequest[] }> = [];
    for (let i = 0; i <= WARM_RUNS; i++) {
      const sample = await timed(() => handler(event).then((verdict) => verdict.isAuthorized && verdict.context.authenticated === 'true'));
      if (!sample.result) throw new Error('the authorizer refused a fixture bearer');
      if (i > 0) samples.push(sample);
    }
    return { handlerMs: samples.map((s) => s.ms), units: medianUnits(samples.map((s) => requestUnitsOf(s.requests))) };
  };
  return {
    mix: mix.map(({ requests, inserts, ...entry }) => ({ ...entry, units: medianUnits(requests), inserted: medianCounts(inserts) })),
    authorizer: { person: await authorizerSample(fixture.admin.token), api_key: await authorizerSample(fixture.apiKey.key) },
  };
}

async function timed<T>(call: () => Promise<T>): Promise<{ ms: number; requests: DynamoRequest[]; result: T }> {
  dynamoRequestLog.length = 0;
  const start = performance.now();
  const result = await call();
  const ms = performance.now() - start;
  return { ms, requests: [...dynamoRequestLog], result };
}

const medianUnits = (samples: RequestUnits[]): RequestUnits => ({
  read: median(samples.map((s) => s.read)),
  write: median(samples.map((s) => s.write)),
});

const medianCounts = (samples: Inserted[]): Inserted =>
  Object.fromEntries(
    [...new Set(samples.flatMap((sample) => Object.keys(sample)))].map((type) => [
      type,
      median(samples.map((sample) => sample[type] ?? 0)),
    ]),
  );
