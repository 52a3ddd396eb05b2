// The tables the bench prints, in Markdown so that a run can be pasted into the README as it is.

import { type RouteName, routes } from '../features/routes.js';
import type { RouteDefinition } from '../shared/http/route.js';
import type { ColdStarts } from './cold-starts.js';
import { billedMs, type CostEstimate } from './cost-estimate.js';
import type { Measurements } from './measurements.js';
import { SCALE } from './sample-sizes.js';
import { median, overheadOf, percentile } from './statistics.js';

const ms = (value: number | undefined, digits = 1) => (value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits));
const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)}`;
const markdownTable = (header: string[], rows: string[][]) =>
  [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');

/** A row per route, below the baseline and the authorizer they are compared with. */
export function routeTable({ bundles, cold, warm, trips }: Measurements): string {
  const rows: string[][] = [];
  rows.push([
    '*baseline: document client + GetItem*',
    bundles.baseline.kb.toFixed(1),
    '0',
    ms(cold.baseline.init),
    '1.00',
    ms(cold.baseline.first),
    '1.00',
    '1',
    '1',
    '—',
    '—',
    '—',
    '—',
    '—',
  ]);
  const authorizerRow = (label: string, authorizerCold: ColdStarts['authorizer']) => [
    label,
    bundles.authorizer.kb.toFixed(1),
    signed(bundles.authorizer.kb - bundles.baseline.kb),
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
  ];
  rows.push(authorizerRow('*authorizer, ID token (not a route)*', cold.authorizer));
  rows.push(authorizerRow('*authorizer, API key (not a route)*', cold.authorizerWithApiKey));
  for (const name of Object.keys(routes) as RouteName[]) {
    const route = routes[name] as RouteDefinition;
    const c = cold.routes.get(name);
    const t = trips.get(name)!;
    const w = warm.get(name);
    const bundle = bundles.routes.get(name)!;
    rows.push([
      `${route.method} ${route.path.replace('/api/v1', '')}`,
      bundle.textKb > 0 ? `${bundle.kb.toFixed(1)} (+${bundle.textKb.toFixed(0)} files)` : bundle.kb.toFixed(1),
      signed(bundle.kb - bundles.baseline.kb),
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
  return markdownTable(header, rows);
}

/** A row per page, the small org beside the big one. */
export function scaleTable({ scale }: Measurements): string {
  const header = [
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
  return markdownTable(
    header,
    scale.cases.map((s) => [
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
  );
}

const dollars = (value: number) => value.toFixed(3);
const units = (value: number) => value.toFixed(1);
const callers = { person: 'person', api_key: 'API key' } as const;

/** A row per request of the traffic mix, then the authorizer, then the mix: dollars per million requests. */
export function costTable(estimate: CostEstimate): string {
  const header = [
    'request',
    'caller',
    'share %',
    'read units',
    'write units',
    'handler p50 ms (from)',
    'billed ms',
    'DynamoDB $',
    'Lambda $',
    'API Gateway $',
    'authorizer $',
    'total $ / million',
  ];
  const rows = estimate.mix.map((entry) => {
    const route = routes[entry.route] as RouteDefinition;
    return [
      `${route.method} ${route.path.replace('/api/v1', '')}`,
      callers[entry.caller],
      String(entry.perHundred),
      units(entry.units.read),
      units(entry.units.write),
      `${ms(entry.durationMs, 2)} (${entry.durationFrom})`,
      String(billedMs(entry.durationMs)),
      dollars(entry.perMillion.dynamodb),
      dollars(entry.perMillion.lambda),
      dollars(entry.perMillion.apiGateway),
      dollars(entry.perMillion.authorizer),
      dollars(entry.perMillion.total),
    ];
  });
  for (const caller of ['person', 'api_key'] as const) {
    const verdict = estimate.authorizer[caller];
    rows.push([
      `*authorizer, per million invocations*`,
      callers[caller],
      '—',
      units(verdict.units.read),
      units(verdict.units.write),
      ms(verdict.durationMs, 2),
      String(billedMs(verdict.durationMs)),
      dollars(verdict.dynamodb),
      dollars(verdict.lambda),
      '—',
      '—',
      dollars(verdict.dynamodb + verdict.lambda),
    ]);
  }
  const mix = estimate.perMillion;
  rows.push([
    '**the mix, per million API requests**',
    '',
    '100',
    '',
    '',
    '',
    '',
    `**${dollars(mix.dynamodb)}**`,
    `**${dollars(mix.lambda)}**`,
    `**${dollars(mix.apiGateway)}**`,
    `**${dollars(mix.authorizer)}**`,
    `**${dollars(mix.total)}**`,
  ]);
  return markdownTable(header, rows);
}
