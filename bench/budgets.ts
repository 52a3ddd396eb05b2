// What every route must stay within, and the verdict on each measurement. The limits are explained
// in the README's "Performance" section.

import { type RouteName, routes } from '../features/routes.js';
import type { RouteDefinition } from '../shared/http/route.js';
import type { Measurements } from './measurements.js';
import { overheadOf } from './statistics.js';
import { MAIN_ROUTES } from './warm-latency.js';

export const BUDGETS = {
  /** Our code and libraries on top of the SDK, per route bundle. */
  bundleKbOverBaseline: 100,
  /** A route's cold init (importing its bundle), as a multiple of the baseline bundle's. */
  coldInitRatio: 1.25,
  /** Handler p50 minus the raw SDK replay's p50, for the main routes. */
  pipelineOverheadMsP50: 1,
  /** A page of a 10,000-member org against a page of a 10-member org (p50). */
  scaleTimeRatio: 1.5,
};

export interface Budget {
  name: string;
  limit: string;
  measured: string;
  passed: boolean;
}

export function checkBudgets({ bundles, cold, warm, trips, scale, person }: Measurements): Budget[] {
  const budgets: Budget[] = [];
  const check = (name: string, limit: string, measured: string, passed: boolean) => budgets.push({ name, limit, measured, passed });
  for (const name of Object.keys(routes) as RouteName[]) {
    const route = routes[name] as RouteDefinition;
    const kbOver = bundles.routes.get(name)!.kb - bundles.baseline.kb;
    const carried = route.carries ? ` (+ ${route.carries.kb} KB it carries: ${route.carries.reason})` : '';
    const bundleLimit = BUDGETS.bundleKbOverBaseline + (route.carries?.kb ?? 0);
    check(
      `bundle ${route.name}`,
      `≤ baseline + ${BUDGETS.bundleKbOverBaseline} KB${carried}`,
      `+${kbOver.toFixed(1)} KB`,
      kbOver <= bundleLimit,
    );
    const c = cold.routes.get(name);
    const coldLimit = BUDGETS.coldInitRatio + (route.carries?.kb ?? 0) / bundles.baseline.kb;
    if (c)
      check(
        `cold init ${route.name}`,
        `≤ ${coldLimit.toFixed(2)} × baseline${route.carries ? ` (${BUDGETS.coldInitRatio} + what it carries)` : ''}`,
        `${c.initRatio.toFixed(2)} ×`,
        c.initRatio <= coldLimit,
      );
    if (c?.first !== undefined)
      check(`first request ${route.name}`, `answers ${route.successStatus}`, String(c.status), c.status === route.successStatus);
    const t = trips.get(name)!;
    const declared = route.dynamoRoundTrips;
    check(
      `round trips ${route.name}`,
      `${declared.count} request(s) in ${declared.sequential ?? declared.count} round trip(s) as its row declares${declared.count > 1 ? ', with a reason' : ''}, no Scan, answers ${route.successStatus}`,
      `${t.requests} (${t.commands.join(', ') || 'none'}) in ${t.roundTrips}, ${t.status}`,
      t.requests === declared.count &&
        t.roundTrips === (declared.sequential ?? declared.count) &&
        !t.commands.includes('ScanCommand') &&
        (declared.count <= 1 || Boolean(declared.reason)) &&
        t.status === route.successStatus,
    );
  }
  for (const [label, c] of [
    ['ID token', cold.authorizer],
    ['API key', cold.authorizerWithApiKey],
  ] as const) {
    if (c)
      check(
        `cold init authorizer (${label})`,
        `≤ ${BUDGETS.coldInitRatio} × baseline, as a route`,
        `${c.initRatio.toFixed(2)} ×`,
        c.initRatio <= BUDGETS.coldInitRatio,
      );
  }
  for (const name of MAIN_ROUTES) {
    const overhead = overheadOf(warm.get(name)!);
    check(
      `pipeline overhead ${routes[name].name}`,
      `≤ ${BUDGETS.pipelineOverheadMsP50} ms p50 over raw SDK`,
      `${overhead.toFixed(2)} ms`,
      overhead <= BUDGETS.pipelineOverheadMsP50,
    );
  }
  // "About the same time": within the budget, or no slower than DynamoDB Local itself is on the big
  // partition (a raw SDK call of the same query, same run): the work DynamoDB does, and bills,
  // is the capacity, which must be equal.
  for (const s of scale.cases) {
    check(
      `scale ${s.label}`,
      `same requests and capacity; ≤ ${BUDGETS.scaleTimeRatio} × the small org's p50, or ≤ 1.1 × the raw SDK call's own ratio`,
      `${s.big.requests} vs ${s.small.requests} requests, ${s.big.capacity} vs ${s.small.capacity} units, ${s.ratio.toFixed(2)} × (raw SDK ${s.rawRatio.toFixed(2)} ×)`,
      s.big.requests === s.small.requests &&
        s.big.capacity === s.small.capacity &&
        (s.ratio <= BUDGETS.scaleTimeRatio || s.ratio <= 1.1 * s.rawRatio),
    );
  }
  // One request each for everyone; a page costs the same for every person, and /me, which lists up
  // to ME_ORG_LIMIT orgs, the same for 1,000 orgs as for 100.
  for (const c of person) {
    const flat = c.pages.filter((p) => p.items === c.pages.at(-1)?.items).map((p) => p.capacity);
    check(
      `person scale ${c.label}`,
      'one request and round trip for 2, 100 and 1,000 orgs; the same capacity wherever the answer lists as many orgs',
      c.pages.map((p) => `${p.orgs} orgs: ${p.requests} req, ${p.roundTrips} trip, ${p.capacity} units`).join('; '),
      c.pages.every((p) => p.requests === 1 && p.roundTrips === 1) && flat.every((units) => units === flat[0]),
    );
  }
  return budgets;
}
