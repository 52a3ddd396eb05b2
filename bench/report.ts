// What the bench prints on stdout: the two tables, with the sample sizes behind them, and every
// budget that was not met.
import type { Budget } from './budgets.js';
import { machine } from './machine.js';
import type { Measurements } from './measurements.js';
import { personScaleTable } from './person-scale.js';
import { COLD_RUNS, HTTP_RUNS, SCALE, SCALE_RUNS, WARM_RUNS } from './sample-sizes.js';
import { routeTable, scaleTable } from './tables.js';

export function printReport(measurements: Measurements, budgets: Budget[]): void {
  const failed = budgets.filter((b) => !b.passed);
  console.log(
    `\n${machine}; cold starts: median of ${COLD_RUNS} fresh processes each; warm: ${WARM_RUNS} handler calls and raw replays, ${HTTP_RUNS} HTTP requests per route.\n`,
  );
  console.log(routeTable(measurements));
  console.log(
    `\nScale (in-process handler, ${SCALE_RUNS} calls each; seeding ${SCALE.members + SCALE.invitations} records took ${measurements.scale.seedSeconds.toFixed(1)} s):\n`,
  );
  console.log(scaleTable(measurements));
  console.log(`\nPeople with many orgs (in-process handler, ${SCALE_RUNS} calls each):\n`);
  console.log(personScaleTable(measurements.person));
  console.log(`\nBudgets: ${budgets.length - failed.length} of ${budgets.length} met.`);
  for (const b of failed) console.log(`  NOT MET  ${b.name}: ${b.measured} (budget ${b.limit})`);
}
