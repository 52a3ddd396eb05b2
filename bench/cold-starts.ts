// Fresh `node` processes import each bundle, as Lambda's init phase does, and send it its first
// request against DynamoDB Local. Each route process is paired with a baseline process started
// right after it and ratios are taken pair by pair, so that load from elsewhere on the machine
// lands on both sides of a ratio.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { orgEntity } from '../features/organizations/org-entity.js';
import { type RouteName, routes } from '../features/routes.js';
import type { Bundles } from './bundles.js';
import { eventOf, type Fixture } from './fixture.js';
import { log } from './log.js';
import { BENCH_DIR } from './paths.js';
import { COLD_RUNS } from './sample-sizes.js';
import { median } from './statistics.js';

const run = promisify(execFile);

/** What bench/cold-start.mjs prints for one process. */
interface ColdRun {
  initMs: number;
  initCpuMs: number;
  firstRequestMs?: number;
  status?: number;
}

export interface RouteColdStart {
  init: number;
  first?: number;
  baselineInit: number;
  baselineFirst: number;
  initRatio: number;
  initCpuRatio: number;
  firstRatio?: number;
  status?: number;
}

export interface AuthorizerColdStart {
  init: number;
  first: number;
  initRatio: number;
  firstRatio: number;
}

export interface ColdStarts {
  /** Empty when BENCH_COLD_RUNS=0. */
  routes: Map<RouteName, RouteColdStart>;
  /** The baseline's: over the routes, the median of its processes paired with each. */
  baseline: { init: number; first: number };
  /** With a person's ID token (its first request fetches the issuer's keys) and with a workspace API key. */
  authorizer?: AuthorizerColdStart;
  authorizerWithApiKey?: AuthorizerColdStart;
}

/**
 * `freshFixture` makes a new org (users, workspaces, invitations) for each round: a write route's
 * sample changes what it writes to (accepts the invitation, deletes the workspace), so each of its
 * first requests needs state of its own, and the shared fixture stays for the phases after this one.
 */
export async function measureColdStarts(bundles: Bundles, fixture: Fixture, freshFixture: () => Promise<Fixture>): Promise<ColdStarts> {
  log(`Cold starts: ${COLD_RUNS} fresh processes per route and as many for the baseline...`);
  const routeColdStarts = await coldStartRoutes(bundles, fixture, freshFixture);
  const authorizer = await coldStartAuthorizer(bundles, fixture, `Bearer ${fixture.admin.token}`);
  const authorizerWithApiKey = await coldStartAuthorizer(bundles, fixture, `Bearer ${fixture.apiKey.key}`);
  return {
    routes: routeColdStarts,
    baseline: {
      init: median([...routeColdStarts.values()].map((c) => c.baselineInit)),
      first: median([...routeColdStarts.values()].map((c) => c.baselineFirst)),
    },
    authorizer,
    authorizerWithApiKey,
  };
}

/** One fresh process, started as Lambda starts it: no NODE_OPTIONS (see infra/api-function.ts). */
async function coldStart(file: string, event: unknown): Promise<ColdRun> {
  const childEnv = { ...process.env, NODE_OPTIONS: '' } as Record<string, string>;
  const { stdout } = await run(process.execPath, [join(BENCH_DIR, 'cold-start.mjs'), file], {
    env: { ...childEnv, ...(event ? { BENCH_EVENT: JSON.stringify(event) } : {}) },
  });
  // The last line: the handler's own request line comes before it.
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ColdRun;
}

const coldStartBaseline = (bundles: Bundles, fixture: Fixture) =>
  coldStart(bundles.baseline.file, { key: orgEntity.key({ id: fixture.orgId }) });

async function coldStartRoutes(bundles: Bundles, fixture: Fixture, freshFixture: () => Promise<Fixture>) {
  const routeNames = Object.keys(routes) as RouteName[];
  // Rounds across all routes rather than all runs of one route at a time: a burst of load from
  // elsewhere on the machine then costs one sample of many routes (which the medians absorb), not
  // every sample of one route.
  const coldRuns = new Map<RouteName, { route: ColdRun[]; baseline: ColdRun[] }>(
    routeNames.map((name) => [name, { route: [], baseline: [] }]),
  );
  // Reads go to the shared fixture; writes, in the route table's order (as the round-trip phase
  // sends them, each leaving what the next one needs), to the round's own.
  for (let i = 0; i < COLD_RUNS; i++) {
    const round = await freshFixture();
    for (const name of routeNames) {
      const runs = coldRuns.get(name)!;
      const event = eventOf(routes[name].method === 'GET' ? fixture : round, name);
      runs.route.push(await coldStart(bundles.routes.get(name)!.file, event));
      runs.baseline.push(await coldStartBaseline(bundles, fixture));
    }
  }
  const cold = new Map<RouteName, RouteColdStart>();
  for (const name of COLD_RUNS > 0 ? routeNames : []) {
    const { route, baseline } = coldRuns.get(name)!;
    cold.set(name, {
      init: median(route.map((r) => r.initMs)),
      first: median(route.map((r) => r.firstRequestMs!)),
      // A sample that did not answer as the route should is the one to show.
      status: (route.find((r) => r.status !== routes[name].successStatus) ?? route[0])?.status,
      baselineInit: median(baseline.map((r) => r.initMs)),
      baselineFirst: median(baseline.map((r) => r.firstRequestMs!)),
      initRatio: median(route.map((r, i) => r.initMs / baseline[i]!.initMs)),
      initCpuRatio: median(route.map((r, i) => r.initCpuMs / baseline[i]!.initCpuMs)),
      firstRatio: median(route.map((r, i) => r.firstRequestMs! / baseline[i]!.firstRequestMs!)),
    });
  }
  return cold;
}

/**
 * With an ID token, its first request fetches the issuer's keys, verifies the token and looks the
 * user up; with an API key, it checks the checksum and reads the key's secret item.
 */
async function coldStartAuthorizer(bundles: Bundles, fixture: Fixture, authorization: string): Promise<AuthorizerColdStart | undefined> {
  if (!(COLD_RUNS > 0)) return undefined;
  const authorizerEvent = { headers: { authorization } };
  const runs: Array<{ route: ColdRun; baseline: ColdRun }> = [];
  for (let i = 0; i < COLD_RUNS; i++)
    runs.push({ route: await coldStart(bundles.authorizer.file, authorizerEvent), baseline: await coldStartBaseline(bundles, fixture) });
  return {
    init: median(runs.map((r) => r.route.initMs)),
    first: median(runs.map((r) => r.route.firstRequestMs!)),
    initRatio: median(runs.map((r) => r.route.initMs / r.baseline.initMs)),
    firstRatio: median(runs.map((r) => r.route.firstRequestMs! / r.baseline.firstRequestMs!)),
  };
}
