// The phases of the bench, in one module so that run.ts can import them all once it has set the
// environment: they import shared modules, which read it at import.
export { checkBudgets } from './budgets.js';
export { bundleEverything } from './bundles.js';
export { measureColdStarts } from './cold-starts.js';
export { sampleCosts } from './cost-samples.js';
export { createFixture } from './fixture.js';
export { checkPersonScale } from './person-scale.js';
export { createRawReplay } from './raw-replay.js';
export { printReport } from './report.js';
export { writeResults } from './results-file.js';
export { countRoundTrips } from './round-trips.js';
export { checkScale } from './scale-check.js';
export { measureWarmLatency } from './warm-latency.js';
