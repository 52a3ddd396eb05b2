// The same figures as the tables, unrounded, in bench/results/<time>.json (not committed), so that
// runs can be compared.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type RouteName, routes } from '../features/routes.js';
import { BUDGETS, type Budget } from './budgets.js';
import { estimateCostOf } from './cost-estimate.js';
import { machine } from './machine.js';
import type { Measurements } from './measurements.js';
import { BENCH_DIR, REPO_ROOT } from './paths.js';
import { COLD_RUNS, HTTP_RUNS, SCALE_RUNS, WARM_RUNS } from './sample-sizes.js';
import { median, overheadOf, percentile } from './statistics.js';

/** `started`: when the run began (Date.now()), for the seconds it took. */
export async function writeResults(measurements: Measurements, budgets: Budget[], started: number): Promise<void> {
  const { bundles, cold, warm, trips, scale, person } = measurements;
  const stats = (values: number[]) => ({ p50: median(values), p99: percentile(values, 99) });
  const result = {
    date: new Date().toISOString(),
    machine,
    runs: { cold: COLD_RUNS, warm: WARM_RUNS, http: HTTP_RUNS, scale: SCALE_RUNS },
    budgets: BUDGETS,
    baseline: { bundleKb: bundles.baseline.kb, coldInitMs: cold.baseline.init, firstRequestMs: cold.baseline.first },
    authorizer: { bundleKb: bundles.authorizer.kb, cold: cold.authorizer, coldWithApiKey: cold.authorizerWithApiKey },
    routes: (Object.keys(routes) as RouteName[]).map((name) => {
      const w = warm.get(name);
      return {
        name: routes[name].name,
        method: routes[name].method,
        path: routes[name].path,
        bundleKb: bundles.routes.get(name)!.kb,
        cold: cold.routes.get(name),
        dynamo: { declared: routes[name].dynamoRoundTrips, ...trips.get(name) },
        warm: w ? { http: stats(w.http), handler: stats(w.handler), raw: stats(w.raw), overheadMsP50: overheadOf(w) } : undefined,
      };
    }),
    scale: scale.cases,
    person,
    cost: estimateCostOf(measurements),
    checks: budgets,
    passed: budgets.every((b) => b.passed),
    seconds: (Date.now() - started) / 1000,
  };
  await mkdir(join(BENCH_DIR, 'results'), { recursive: true });
  const file = join(BENCH_DIR, 'results', `${result.date.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nFigures written to ${file.slice(REPO_ROOT.length + 1)} (${result.seconds.toFixed(0)} s).`);
}
