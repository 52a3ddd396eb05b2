import type { Bundles } from './bundles.js';
import type { ColdStarts } from './cold-starts.js';
import type { CostSamples } from './cost-samples.js';
import type { PersonScaleCase } from './person-scale.js';
import type { RoundTrips } from './round-trips.js';
import type { ScaleCheck } from './scale-check.js';
import type { WarmLatency } from './warm-latency.js';

/** What the phases measured, which the budgets judge and the table and the results file show. */
export interface Measurements {
  bundles: Bundles;
  cold: ColdStarts;
  warm: WarmLatency;
  trips: RoundTrips;
  scale: ScaleCheck;
  person: PersonScaleCase[];
  cost: CostSamples;
}
