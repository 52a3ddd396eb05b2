// The phases of the bench, in the order run.ts runs them, in one module so that run.ts can import
// them all once it has set the environment: they import shared modules, which read it at import.

export { BUDGETS, checkBudgets } from './budgets.js';
export { bundleEverything } from './bundles.js';
export { measureColdStarts } from './cold-starts.js';
export { createFixture, eventOf } from './fixture.js';
export { createRawReplay } from './raw-replay.js';
export { countRoundTrips } from './round-trips.js';
export { checkScale } from './scale-check.js';
export { MAIN_ROUTES, measureWarmLatency } from './warm-latency.js';
