// /me and a page of /orgs for people with 2, 100 and 1,000 orgs (#17): the requests must be the
// same, one each, and the capacity of a page the same. /me lists up to ME_ORG_LIMIT orgs, so its
// capacity grows with the orgs it shows up to that limit and stays flat beyond it.
import { routes } from '../features/routes.js';
import { dynamoRequestLog } from '../shared/clients.js';
import type { RouteDefinition } from '../shared/http/route.js';
import { signUp, type TestUser } from '../test/support/api.js';
import { invokeRoute, routeEvent } from '../test/support/route-samples.js';
import { log } from './log.js';
import { seedOrgsOf } from './person-seed.js';
import { SCALE_RUNS } from './sample-sizes.js';
import { median, percentile } from './statistics.js';

export const PERSON_ORG_COUNTS = [2, 100, 1_000] as const;

export interface PersonPage {
  orgs: number;
  p50: number;
  p99: number;
  requests: number;
  roundTrips: number;
  capacity: number;
  items: number;
}

export interface PersonScaleCase {
  label: string;
  pages: PersonPage[];
}

// A page of 2, so that every person's fills one.
const personCases = [
  { label: 'GET /me', route: 'getMe' as const, query: {} as Record<string, string> },
  { label: 'GET /orgs, a page of 2', route: 'listOrgs' as const, query: { limit: '2' } as Record<string, string> },
];

export async function checkPersonScale(): Promise<PersonScaleCase[]> {
  const people: Array<{ orgs: number; user: TestUser }> = [];
  for (const orgs of PERSON_ORG_COUNTS) {
    log(`Person scale: a person with ${orgs} orgs...`);
    const user = await signUp(`person-${orgs}`);
    // The personal org is the first.
    await seedOrgsOf(user, orgs - 1);
    people.push({ orgs, user });
  }
  const cases: PersonScaleCase[] = [];
  for (const personCase of personCases) {
    const route = routes[personCase.route] as RouteDefinition;
    const measure = async (user: TestUser) => {
      dynamoRequestLog.length = 0;
      const start = performance.now();
      const response = await invokeRoute(route, routeEvent(route, { query: personCase.query }, user));
      const elapsed = performance.now() - start;
      if (response.statusCode !== 200) throw new Error(`${personCase.label}: ${response.statusCode} ${response.body}`);
      const body = JSON.parse(response.body ?? '{}') as { data?: unknown[]; orgs?: unknown[] };
      return {
        elapsed,
        items: (body.data ?? body.orgs ?? []).length,
        requests: dynamoRequestLog.length,
        roundTrips: new Set(dynamoRequestLog.map((request) => request.roundTrip)).size,
        capacity: dynamoRequestLog.reduce((sum, request) => sum + (request.consumedCapacity ?? 0), 0),
      };
    };
    for (let i = 0; i < 10; i++) await Promise.all(people.map(({ user }) => measure(user)));
    const times = people.map(() => [] as number[]);
    const last = await Promise.all(people.map(({ user }) => measure(user)));
    for (let run = 0; run < SCALE_RUNS; run++) {
      for (const [i, { user }] of people.entries()) {
        last[i] = await measure(user);
        times[i]!.push(last[i]!.elapsed);
      }
    }
    cases.push({
      label: personCase.label,
      pages: people.map(({ orgs }, i) => {
        const { requests, roundTrips, capacity, items } = last[i]!;
        return { orgs, p50: median(times[i]!), p99: percentile(times[i]!, 99), requests, roundTrips, capacity, items };
      }),
    });
  }
  return cases;
}

export function personScaleTable(cases: PersonScaleCase[]): string {
  const header = ['page', ...PERSON_ORG_COUNTS.map((orgs) => `${orgs} orgs: p50 / p99 ms, requests, round trips, capacity, items`)];
  const rows = cases.map((c) => [
    c.label,
    ...c.pages.map(
      (p) => `${p.p50.toFixed(2)} / ${p.p99.toFixed(1)}, ${p.requests}, ${p.roundTrips}, ${p.capacity.toFixed(1)}, ${p.items}`,
    ),
  ]);
  return [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}
