// Warm latency of the main (read) routes, three ways in one run: through the local runtime's HTTP
// server, which adds the API Gateway emulator that Lambda does not run (shown, not budgeted); the
// handler function called in this process; and a raw SDK replay of the handler's DynamoDB requests.

import { type RouteName, routes } from '../features/routes.js';
import { handlerFile, type RouteDefinition } from '../shared/http/route.js';
import { call } from '../test/support/api.js';
import { invokeRoute, sampleContext, sampleRequests } from '../test/support/route-samples.js';
import { eventOf, type Fixture } from './fixture.js';
import { log } from './log.js';
import type { RawReplay } from './raw-replay.js';
import { HTTP_RUNS, WARM_RUNS } from './sample-sizes.js';

/** The routes people call most: warm latency and pipeline overhead are measured on these. */
export const MAIN_ROUTES = [
  'getMe',
  'listOrgs',
  'getOrg',
  'listRoles',
  'listWorkspaces',
  'getWorkspace',
  'listMembers',
  'listWorkspaceMembers',
  'listInvitations',
  'getInvitation',
  'listMyInvitations',
] as const;

/** Milliseconds per call, handler and raw replay in pairs taken back to back. */
export interface WarmTimings {
  http: number[];
  handler: number[];
  raw: number[];
}

export type WarmLatency = Map<RouteName, WarmTimings>;

export async function measureWarmLatency(fixture: Fixture, rawReplay: RawReplay): Promise<WarmLatency> {
  log(`Warm latency: ${HTTP_RUNS} HTTP requests, ${WARM_RUNS} handler calls and ${WARM_RUNS} raw replays per main route...`);
  const warm: WarmLatency = new Map();
  for (const name of MAIN_ROUTES) warm.set(name, await timeRoute(name, fixture, rawReplay));
  return warm;
}

async function timeRoute(name: (typeof MAIN_ROUTES)[number], fixture: Fixture, rawReplay: RawReplay): Promise<WarmTimings> {
  const route = routes[name] as RouteDefinition;
  const event = eventOf(fixture, name);
  const request = sampleRequests[name](fixture);
  const first = await invokeRoute(route, event);
  if (first.statusCode !== route.successStatus) throw new Error(`${name}: ${first.statusCode} ${first.body}`);
  const replay = await rawReplay.record(() => invokeRoute(route, event));
  const path =
    route.path.replace(/\{(\w+)\}/g, (_, param: string) => request.path?.[param] ?? '') +
    (request.query ? `?${new URLSearchParams(request.query)}` : '');
  const token = (request.caller ?? fixture.admin).token;
  const timings: WarmTimings = { http: [], handler: [], raw: [] };
  const { handler } = (await import(`../${handlerFile(route)}`)) as { handler: (event: unknown, context: unknown) => Promise<unknown> };
  const timeHandler = async () => {
    const start = performance.now();
    await handler(event, sampleContext);
    timings.handler.push(performance.now() - start);
  };
  const timeRaw = async () => {
    const start = performance.now();
    await replay();
    timings.raw.push(performance.now() - start);
  };
  for (let i = 0; i < 20; i++) {
    await handler(event, sampleContext);
    await replay();
    await call('GET', path, { token });
  }
  // Alternating which goes first, so neither profits from the other warming DynamoDB Local up.
  for (let i = 0; i < WARM_RUNS; i++) {
    if (i % 2 === 0) {
      await timeHandler();
      await timeRaw();
    } else {
      await timeRaw();
      await timeHandler();
    }
    if (i < HTTP_RUNS) {
      const start = performance.now();
      const response = await call('GET', path, { token });
      timings.http.push(performance.now() - start);
      if (response.status !== route.successStatus) throw new Error(`${name} over HTTP: ${response.status}`);
    }
  }
  return timings;
}
