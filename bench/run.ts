// `npm run bench`: what a request and a cold start cost, route by route, against the budgets in
// BUDGETS; the exit code says whether every budget was met. Not part of `npm test`: timings
// belong here, never in pass/fail tests.
//
//  1. Bundles every route exactly as CDK does (infra/bundling.ts) and a baseline bundle that only
//     creates a DynamoDB document client and sends one GetItem (bench/baseline-handler.ts).
//  2. Cold starts: fresh `node` processes import each bundle (interleaved with the baseline, so
//     both see the same machine load) and send it its first request against DynamoDB Local.
//  3. Warm latency of the main (read) routes, three ways in one run: through the local runtime's
//     HTTP server; the handler function called in this process; and a raw SDK replay of exactly
//     the DynamoDB requests the handler sent (same waves, same inputs, a client without our
//     middleware). Handler minus raw is the pipeline's overhead (middy, zod, authorization, error
//     mapping, response shaping); HTTP adds the local API Gateway emulator, which Lambda does not run.
//  4. DynamoDB requests, sequential round trips and consumed capacity of every route.
//  5. Scale: an org with 10,000 members and 1,000 pending invitations against one with 10 of each.
//
// Writes the same figures to bench/results/<time>.json. BENCH_COLD_RUNS and BENCH_WARM_RUNS
// change the sample sizes (default 10 and 200); BENCH_COLD_RUNS=0 skips the cold starts (a quicker run while iterating).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEnvironment } from './environment-process.js';
import { log } from './log.js';
import { BENCH_DIR, REPO_ROOT } from './paths.js';
import { COLD_RUNS, HTTP_RUNS, SCALE, SCALE_RUNS, WARM_RUNS } from './sample-sizes.js';
import { median, overheadOf, percentile } from './statistics.js';

const ms = (value: number | undefined, digits = 1) => (value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits));

async function main() {
  const started = Date.now();
  log('Starting DynamoDB Local, the SES server and the local API (in a process of their own)...');
  const environment = await startEnvironment();
  // What the handlers in this process read at import, as in Lambda; consumed capacity on every request.
  Object.assign(process.env, environment.env, { DYNAMODB_RETURN_CONSUMED_CAPACITY: 'TOTAL' });
  const outDir = await mkdtemp(join(tmpdir(), 'orgspace-bench-'));
  try {
    // Imported only now: shared modules read the environment the local runtime just set.
    const { routes, routeList } = await import('../shared/http/routes.js');
    const phases = await import('./phases.js');
    type Route = (typeof routeList)[number];
    type RouteName = keyof typeof routes;
    const routeNames = Object.keys(routes) as RouteName[];

    const bundled = await phases.bundleEverything(outDir);
    const { baseline: baselineBundle, routes: bundles, authorizer: authorizerBundle } = bundled;
    const fixture = await phases.createFixture(environment);
    const coldStarts = await phases.measureColdStarts(bundled, fixture);
    const { routes: cold, authorizer: authorizerCold } = coldStarts;

    const rawReplay = phases.createRawReplay(environment.env.DYNAMODB_ENDPOINT);
    const warm = await phases.measureWarmLatency(fixture, rawReplay);

    const trips = await phases.countRoundTrips(fixture);
    const { cases: scale, seedSeconds } = await phases.checkScale(fixture, rawReplay);

    const measurements = { bundles: bundled, cold: coldStarts, warm, trips, scale: { cases: scale, seedSeconds } };
    const budgets = phases.checkBudgets(measurements);
    const { BUDGETS } = phases;

    // The table.
    const rows: string[][] = [];
    const { init: baselineInit, first: baselineFirst } = coldStarts.baseline;
    const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)}`;
    rows.push([
      '*baseline: document client + GetItem*',
      baselineBundle.kb.toFixed(1),
      '0',
      ms(baselineInit),
      '1.00',
      ms(baselineFirst),
      '1.00',
      '1',
      '1',
      '—',
      '—',
      '—',
      '—',
      '—',
    ]);
    rows.push([
      '*authorizer (not a route; not budgeted)*',
      authorizerBundle.kb.toFixed(1),
      signed(authorizerBundle.kb - baselineBundle.kb),
      authorizerCold ? ms(authorizerCold.init) : '—',
      authorizerCold ? authorizerCold.initRatio.toFixed(2) : '—',
      authorizerCold ? ms(authorizerCold.first) : '—',
      authorizerCold ? authorizerCold.firstRatio.toFixed(2) : '—',
      '1',
      '1',
      '—',
      '—',
      '—',
      '—',
      '—',
    ]);
    for (const name of routeNames) {
      const route = routes[name] as Route;
      const c = cold.get(name);
      const t = trips.get(name)!;
      const w = warm.get(name);
      rows.push([
        `${route.method} ${route.path.replace('/api/v1', '')}`,
        bundles.get(name)!.kb.toFixed(1),
        signed(bundles.get(name)!.kb - baselineBundle.kb),
        c ? `${ms(c.init)} (${ms(c.baselineInit)})` : '—',
        c ? c.initRatio.toFixed(2) : '—',
        c?.first !== undefined ? `${ms(c.first)} (${ms(c.baselineFirst)})` : '—',
        c?.firstRatio !== undefined ? c.firstRatio.toFixed(2) : '—',
        String(t.requests),
        String(t.roundTrips),
        t.capacity.toFixed(1),
        w ? `${ms(median(w.http))} / ${ms(percentile(w.http, 99))}` : '—',
        w ? `${ms(median(w.handler), 2)} / ${ms(percentile(w.handler, 99))}` : '—',
        w ? `${ms(median(w.raw), 2)} / ${ms(percentile(w.raw, 99))}` : '—',
        w ? `${overheadOf(w).toFixed(2)} (${(median(w.handler) / median(w.raw)).toFixed(2)} ×)` : '—',
      ]);
    }
    const header = [
      'route',
      'bundle KB',
      'vs base KB',
      'cold init ms (baseline)',
      '× base',
      '1st request ms (baseline)',
      '× base',
      'DDB requests',
      'round trips',
      'capacity units',
      'HTTP p50 / p99 ms',
      'handler p50 / p99 ms',
      'raw SDK p50 / p99 ms',
      'overhead p50 ms (× raw)',
    ];
    const table = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
    const scaleHeader = [
      'page',
      '10-member org p50 / p99 ms',
      'requests',
      'capacity',
      `${SCALE.members}-member org p50 / p99 ms`,
      'requests',
      'capacity',
      '× small',
      'raw SDK × small',
    ];
    const scaleTable = [
      scaleHeader,
      scaleHeader.map(() => '---'),
      ...scale.map((s) => [
        s.label,
        `${ms(s.small.p50, 2)} / ${ms(s.small.p99)}`,
        String(s.small.requests),
        s.small.capacity.toFixed(1),
        `${ms(s.big.p50, 2)} / ${ms(s.big.p99)}`,
        String(s.big.requests),
        s.big.capacity.toFixed(1),
        s.ratio.toFixed(2),
        s.rawRatio.toFixed(2),
      ]),
    ]
      .map((cells) => `| ${cells.join(' | ')} |`)
      .join('\n');
    const failed = budgets.filter((b) => !b.passed);
    const machine = `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${process.platform}/${process.arch}`;

    console.log(
      `\n${machine}; cold starts: median of ${COLD_RUNS} fresh processes each; warm: ${WARM_RUNS} handler calls and raw replays, ${HTTP_RUNS} HTTP requests per route.\n`,
    );
    console.log(table);
    console.log(
      `\nScale (in-process handler, ${SCALE_RUNS} calls each; seeding ${SCALE.members + SCALE.invitations} records took ${seedSeconds.toFixed(1)} s):\n`,
    );
    console.log(scaleTable);
    console.log(`\nBudgets: ${budgets.length - failed.length} of ${budgets.length} met.`);
    for (const b of failed) console.log(`  NOT MET  ${b.name}: ${b.measured} (budget ${b.limit})`);

    const result = {
      date: new Date().toISOString(),
      machine,
      runs: { cold: COLD_RUNS, warm: WARM_RUNS, http: HTTP_RUNS, scale: SCALE_RUNS },
      budgets: BUDGETS,
      baseline: { bundleKb: baselineBundle.kb, coldInitMs: baselineInit, firstRequestMs: baselineFirst },
      authorizer: { bundleKb: authorizerBundle.kb, cold: authorizerCold },
      routes: routeNames.map((name) => {
        const w = warm.get(name);
        const stats = (values: number[]) => ({ p50: median(values), p99: percentile(values, 99) });
        return {
          name: routes[name].name,
          method: routes[name].method,
          path: routes[name].path,
          bundleKb: bundles.get(name)!.kb,
          cold: cold.get(name),
          dynamo: { declared: routes[name].dynamoRoundTrips, ...trips.get(name) },
          warm: w ? { http: stats(w.http), handler: stats(w.handler), raw: stats(w.raw), overheadMsP50: overheadOf(w) } : undefined,
        };
      }),
      scale,
      checks: budgets,
      passed: failed.length === 0,
      seconds: (Date.now() - started) / 1000,
    };
    await mkdir(join(BENCH_DIR, 'results'), { recursive: true });
    const file = join(BENCH_DIR, 'results', `${result.date.replace(/[:.]/g, '-')}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nFigures written to ${file.slice(REPO_ROOT.length + 1)} (${result.seconds.toFixed(0)} s).`);
    rawReplay.destroy();
    return failed.length === 0;
  } finally {
    await rm(outDir, { recursive: true, force: true });
    await environment.stop();
  }
}

main().then(
  (passed) => process.exit(passed ? 0 : 1),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
