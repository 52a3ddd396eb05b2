// What the bench prints on stdout: the tables, with the sample sizes behind them, the cost estimate,
// and every budget that was not met.
import type { Budget } from './budgets.js';
import { estimateCostOf } from './cost-estimate.js';
import { machine } from './machine.js';
import type { Measurements } from './measurements.js';
import { personScaleTable } from './person-scale.js';
import { COLD_RUNS, HTTP_RUNS, SCALE, SCALE_RUNS, WARM_RUNS } from './sample-sizes.js';
import { costTable, routeTable, scaleTable } from './tables.js';

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
  printCost(measurements);
  console.log(`\nBudgets: ${budgets.length - failed.length} of ${budgets.length} met.`);
  for (const b of failed) console.log(`  NOT MET  ${b.name}: ${b.measured} (budget ${b.limit})`);
}

function printCost(measurements: Measurements): void {
  const estimate = estimateCostOf(measurements);
  const { factor, perMillion: ceiling } = estimate.cpuBound;
  console.log(
    `\nCost per million requests at ${estimate.region} on-demand prices of ${estimate.pricesAsOf} (bench/prices.ts), ${estimate.memoryMb} MB ${estimate.architecture} functions, the authorizer's verdict cached for ${Math.round(estimate.authorizerCacheHitRatio * 100)} % of requests:\n`,
  );
  console.log(costTable(estimate));
  console.log(
    `\nWith every duration ${factor.toFixed(2)} × as long (all of it CPU, at ${estimate.memoryMb} MB's share of a vCPU): Lambda $${ceiling.lambda.toFixed(3)}, authorizer $${ceiling.authorizer.toFixed(3)}, total $${ceiling.total.toFixed(3)} per million API requests of the mix.`,
  );
  const work = estimate.background;
  const thousands = (count: number) => `${Math.round(count / 1000).toLocaleString('en-US')},000`;
  console.log(
    `\nWhat the mix's writes set off once answered (bench/background-work.ts), per million API requests: ${thousands(work.events)} events on EventBridge ($${work.eventBridge.toFixed(3)}), ${thousands(work.emails)} emails through SES ($${work.ses.toFixed(3)}), and up to ${thousands(work.consumerInvocations)} stream-consumer invocations ($${work.consumerRequests.toFixed(3)} of Lambda requests, before their duration, which is not measured). Total with these: $${(estimate.perMillion.total + work.eventBridge + work.ses + work.consumerRequests).toFixed(3)}.`,
  );
}
