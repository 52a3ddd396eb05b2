// `npm run bench`: what a request and a cold start cost, route by route, against the budgets in
// budgets.ts. Not part of `npm test`: timings belong here, never in pass/fail tests. Exits with 0
// when every budget is met, 1 when one is not, 2 when the bench itself fails. Each phase's module
// says how it measures; the README's "Performance" section says how to read what it prints.
// BENCH_COLD_RUNS and BENCH_WARM_RUNS change the sample sizes (sample-sizes.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { divertLogLines } from '../infra/local/log-lines.js';
import { startEnvironment } from './environment-process.js';
import { log } from './log.js';

async function main(): Promise<boolean> {
  const started = Date.now();
  log('Starting DynamoDB Local, the SES server and the local API (in a process of their own)...');
  const environment = await startEnvironment();
  // What the handlers in this process read at import, as in Lambda; consumed capacity on every request.
  Object.assign(process.env, environment.env);
  // stdout holds the tables: the request lines of the handlers run here are written, and dropped.
  divertLogLines(() => undefined);
  const outDir = await mkdtemp(join(tmpdir(), 'orgspace-bench-'));
  try {
    // Imported only now: the phases import shared modules, which read the environment just set.
    const phases = await import('./phases.js');
    const bundles = await phases.bundleEverything(outDir);
    const fixture = await phases.createFixture(environment);
    const cold = await phases.measureColdStarts(bundles, fixture, () => phases.createFixture(environment));
    const rawReplay = phases.createRawReplay(environment.env.DYNAMODB_ENDPOINT);
    const warm = await phases.measureWarmLatency(fixture, rawReplay);
    const cost = await phases.sampleCosts(fixture, () => phases.createFixture(environment));
    // After every phase that sends the fixture's sample requests: the write routes' samples consume it.
    const trips = await phases.countRoundTrips(fixture);
    const scale = await phases.checkScale(fixture, rawReplay);
    const person = await phases.checkPersonScale();
    const measurements = { bundles, cold, warm, trips, scale, person, cost };
    const budgets = phases.checkBudgets(measurements);
    phases.printReport(measurements, budgets);
    await phases.writeResults(measurements, budgets, started);
    rawReplay.destroy();
    return budgets.every((budget) => budget.passed);
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
