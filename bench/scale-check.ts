// The same pages of an org with 10,000 members and 1,000 pending invitations and of one with 10 of
// each: the requests and capacity must be equal, and the time about the same. The raw SDK replay
// of each page shows how much slower DynamoDB Local itself is on the big partition.

import { routes } from '../features/routes.js';
import { dynamoRequestLog } from '../shared/clients.js';
import type { RouteDefinition } from '../shared/http/route.js';
import { invokeRoute, routeEvent } from '../test/support/route-samples.js';
import type { Fixture } from './fixture.js';
import { log } from './log.js';
import type { RawReplay, Replay } from './raw-replay.js';
import { SCALE, SCALE_RUNS } from './sample-sizes.js';
import { seedOrg } from './scale-seed.js';
import { median, percentile } from './statistics.js';

export interface ScalePage {
  p50: number;
  p99: number;
  requests: number;
  capacity: number;
  items: number;
  rawP50: number;
}

export interface ScaleCase {
  label: string;
  small: ScalePage;
  big: ScalePage;
  ratio: number;
  rawRatio: number;
}

export interface ScaleCheck {
  cases: ScaleCase[];
  seedSeconds: number;
}

// Pages of 10, so that both orgs fill one: the small org has exactly 10 members and 10 invitations.
const scaleCases = [
  { label: 'members, a page of 10', route: 'listMembers' as const, query: { limit: '10' } as Record<string, string> },
  { label: 'invitations, a page of 10', route: 'listInvitations' as const, query: { limit: '10' } as Record<string, string> },
  { label: 'pending invitations, a page of 10', route: 'listInvitations' as const, query: { limit: '10', status: 'pending' } },
];

export async function checkScale(fixture: Fixture, rawReplay: RawReplay): Promise<ScaleCheck> {
  log(`Scale: seeding an org with ${SCALE.members} members and ${SCALE.invitations} pending invitations...`);
  const seedStart = performance.now();
  const createOrg = async (name: string) => (await fixture.admin.api.post('/api/v1/orgs', { name })).body.id as string;
  const [bigOrgId, smallOrgId] = [await createOrg('Scale big'), await createOrg('Scale small')];
  await seedOrg(fixture, bigOrgId, SCALE.members, SCALE.invitations);
  // The fixture's admin is the small org's tenth member.
  await seedOrg(fixture, smallOrgId, SCALE.smallMembers - 1, SCALE.smallInvitations);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  log(`  seeded in ${seedSeconds.toFixed(1)} s`);
  const cases: ScaleCase[] = [];
  for (const scaleCase of scaleCases) cases.push(await checkCase(scaleCase, fixture, rawReplay, { smallOrgId, bigOrgId }));
  return { cases, seedSeconds };
}

async function checkCase(
  scaleCase: (typeof scaleCases)[number],
  fixture: Fixture,
  rawReplay: RawReplay,
  { smallOrgId, bigOrgId }: { smallOrgId: string; bigOrgId: string },
): Promise<ScaleCase> {
  const route = routes[scaleCase.route] as RouteDefinition;
  const eventFor = (orgId: string) => routeEvent(route, { path: { orgId }, query: scaleCase.query }, fixture.admin);
  const measure = async (orgId: string) => {
    dynamoRequestLog.length = 0;
    const start = performance.now();
    const response = await invokeRoute(route, eventFor(orgId));
    const elapsed = performance.now() - start;
    if (response.statusCode !== 200) throw new Error(`${scaleCase.label}: ${response.statusCode} ${response.body}`);
    const items = (JSON.parse(response.body ?? '{}') as { data: unknown[] }).data.length;
    return {
      elapsed,
      items,
      requests: dynamoRequestLog.length,
      capacity: dynamoRequestLog.reduce((sum, r) => sum + (r.consumedCapacity ?? 0), 0),
    };
  };
  const [replaySmall, replayBig] = [await rawReplay.record(() => measure(smallOrgId)), await rawReplay.record(() => measure(bigOrgId))];
  const timed = async (replay: Replay) => {
    const start = performance.now();
    await replay();
    return performance.now() - start;
  };
  for (let i = 0; i < 10; i++) await Promise.all([measure(smallOrgId), measure(bigOrgId), replaySmall(), replayBig()]);
  const small: number[] = [];
  const big: number[] = [];
  const rawSmall: number[] = [];
  const rawBig: number[] = [];
  let smallLast = await measure(smallOrgId);
  let bigLast = await measure(bigOrgId);
  for (let i = 0; i < SCALE_RUNS; i++) {
    smallLast = await measure(smallOrgId);
    small.push(smallLast.elapsed);
    bigLast = await measure(bigOrgId);
    big.push(bigLast.elapsed);
    rawSmall.push(await timed(replaySmall));
    rawBig.push(await timed(replayBig));
  }
  return {
    label: scaleCase.label,
    small: {
      p50: median(small),
      p99: percentile(small, 99),
      requests: smallLast.requests,
      capacity: smallLast.capacity,
      items: smallLast.items,
      rawP50: median(rawSmall),
    },
    big: {
      p50: median(big),
      p99: percentile(big, 99),
      requests: bigLast.requests,
      capacity: bigLast.capacity,
      items: bigLast.items,
      rawP50: median(rawBig),
    },
    ratio: median(big) / median(small),
    rawRatio: median(rawBig) / median(rawSmall),
  };
}
