// `npm run bench`: what a request and a cold start cost, route by route, against the budgets in
// BUDGETS; the exit code says whether every budget was met. Not part of `npm test`: timings
// belong here, never in pass/fail tests.
//
//  1. Bundles every route exactly as CDK does (infra/bundling.ts) and a baseline bundle that only
//     creates a DynamoDB document client and sends one GetItem (bench/baseline-handler.ts).
//  2. Cold starts: fresh `node` processes import each bundle (interleaved with the baseline, so
//     both see the same machine load) and send it its first request against DynamoDB Local.
//  3. Warm latency of the main (read) routes, three ways in one run: through the local runtime's
//     HTTP server; the handler function called in this process; and a raw SDK replay of exactly
//     the DynamoDB requests the handler sent (same waves, same inputs, a client without our
//     middleware). Handler minus raw is the pipeline's overhead (middy, zod, authorization, error
//     mapping, response shaping); HTTP adds the local API Gateway emulator, which Lambda does not run.
//  4. DynamoDB requests, sequential round trips and consumed capacity of every route.
//  5. Scale: an org with 10,000 members and 1,000 pending invitations against one with 10 of each.
//
// Writes the same figures to bench/results/<time>.json. BENCH_COLD_RUNS and BENCH_WARM_RUNS
// change the sample sizes (default 10 and 200); BENCH_COLD_RUNS=0 skips the cold starts (a quicker run while iterating).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { esbuildOptions } from '../infra/bundling.js';

const BUDGETS = {
  /** Our code and libraries on top of the SDK, per bundle of a route that reads or writes the table. */
  bundleKbOverBaseline: 100,
  /** A route's cold init (importing its bundle), as a multiple of the baseline bundle's. */
  coldInitRatio: 1.25,
  /** Handler p50 minus the raw SDK replay's p50, for the main routes. */
  pipelineOverheadMsP50: 1,
  /** A page of a 10,000-member org against a page of a 10-member org (p50). */
  scaleTimeRatio: 1.5,
};

const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 10);
const WARM_RUNS = Number(process.env.BENCH_WARM_RUNS ?? 200);
const HTTP_RUNS = Math.ceil(WARM_RUNS / 2);
const SCALE_RUNS = Math.ceil(WARM_RUNS / 2);
const SCALE = { members: 10_000, invitations: 1_000, smallMembers: 10, smallInvitations: 10 };

/** The routes people call most: warm latency and pipeline overhead are measured on these. */
const MAIN_ROUTES = [
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

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(BENCH_DIR, '..');
const run = promisify(execFile);

const median = (values: number[]) => percentile(values, 50);
function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const ms = (value: number | undefined, digits = 1) => (value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits));
/**
 * The pipeline's p50 overhead: the median of (handler − raw replay) over calls made back to back,
 * which a burst of load from elsewhere on the machine shifts far less than it shifts either p50.
 */
const overheadOf = (w: { handler: number[]; raw: number[] }) => median(w.handler.map((handler, i) => handler - w.raw[i]!));
const log = (message: string) => process.stderr.write(`${message}\n`);

interface Budget {
  name: string;
  limit: string;
  measured: string;
  passed: boolean;
}
const budgets: Budget[] = [];
const check = (name: string, limit: string, measured: string, passed: boolean) => budgets.push({ name, limit, measured, passed });

async function main() {
  const started = Date.now();
  log('Starting DynamoDB Local, the SES server and the local API (in a process of their own)...');
  const environment = await startEnvironment();
  // What the handlers in this process read at import, as in Lambda; consumed capacity on every request.
  Object.assign(process.env, environment.env, { DYNAMODB_RETURN_CONSUMED_CAPACITY: 'TOTAL' });
  const outDir = await mkdtemp(join(tmpdir(), 'orgspace-bench-'));
  try {
    // Imported only now: shared modules read the environment the local runtime just set.
    const { routes, routeList } = await import('../shared/http/routes.js');
    const { handlerFile } = await import('../shared/http/route.js');
    const { dynamoRequestLog, db, tableName } = await import('../shared/clients.js');
    const { keys } = await import('../shared/data/keys.js');
    const items = await import('../shared/data/items.js');
    const { newId } = await import('../shared/ids.js');
    const { useApi, call } = await import('../test/support/api.js');
    const { useSes } = await import('../test/support/mail.js');
    const samples = await import('../test/support/route-samples.js');
    useApi(environment.apiUrl);
    useSes(environment.sesEndpoint);
    type Route = (typeof routeList)[number];
    type RouteName = keyof typeof routes;
    const routeNames = Object.keys(routes) as RouteName[];

    // 1. Bundles, exactly as CDK builds them.
    log('Bundling every route and the baseline with the CDK options...');
    async function bundle(name: string, entry: string) {
      const dir = join(outDir, name);
      await build(esbuildOptions(entry, dir));
      return { file: join(dir, 'index.mjs'), kb: (await stat(join(dir, 'index.mjs'))).size / 1024 };
    }
    const baselineBundle = await bundle('baseline', join(BENCH_DIR, 'baseline-handler.ts'));
    const bundles = new Map<RouteName, { file: string; kb: number }>();
    for (const name of routeNames) bundles.set(name, await bundle(routes[name].name, join(REPO_ROOT, handlerFile(routes[name]))));
    // Not a route, but every request whose token API Gateway has not cached yet waits for it.
    const authorizerBundle = await bundle('authorizer', join(REPO_ROOT, 'functions/authorizer.ts'));

    log('Creating the fixture (users, an org, workspaces, invitations with their emails)...');
    const fixture = await samples.createFixture();
    const eventOf = (name: RouteName) => samples.routeEvent(routes[name], samples.sampleRequests[name](fixture), fixture.admin);

    // 2. Cold starts: route and baseline alternate, so both see the same load on a shared machine.
    log(`Cold starts: ${COLD_RUNS} fresh processes per route and as many for the baseline...`);
    const childEnv = { ...process.env, NODE_OPTIONS: '--enable-source-maps' } as Record<string, string>;
    delete childEnv.DYNAMODB_RETURN_CONSUMED_CAPACITY;
    async function coldStart(file: string, event: unknown) {
      const { stdout } = await run(process.execPath, [join(BENCH_DIR, 'cold-start.mjs'), file], {
        env: { ...childEnv, ...(event ? { BENCH_EVENT: JSON.stringify(event) } : {}) },
      });
      return JSON.parse(stdout) as { initMs: number; initCpuMs: number; firstRequestMs?: number; status?: number };
    }
    const baselineEvent = { key: keys.org(fixture.orgId) };
    const cold = new Map<
      RouteName,
      {
        init: number;
        first?: number;
        baselineInit: number;
        baselineFirst: number;
        initRatio: number;
        initCpuRatio: number;
        firstRatio?: number;
        status?: number;
      }
    >();
    // Rounds across all routes rather than all runs of one route at a time: a burst of load from
    // elsewhere on the machine then costs one sample of many routes (which the medians absorb), not
    // every sample of one route. Within a round each route process is paired with a baseline
    // process started right after it, and ratios are taken pair by pair.
    type ColdRun = { initMs: number; initCpuMs: number; firstRequestMs?: number; status?: number };
    const coldRuns = new Map<RouteName, { route: ColdRun[]; baseline: ColdRun[] }>(
      routeNames.map((name) => [name, { route: [], baseline: [] }]),
    );
    // Only requests that can be repeated go to every fresh process: reads, nothing that consumes the fixture.
    const coldEventOf = (name: RouteName) => (routes[name].method === 'GET' ? eventOf(name) : undefined);
    for (let i = 0; i < COLD_RUNS; i++) {
      for (const name of routeNames) {
        const runs = coldRuns.get(name)!;
        runs.route.push(await coldStart(bundles.get(name)!.file, coldEventOf(name)));
        runs.baseline.push(await coldStart(baselineBundle.file, baselineEvent));
      }
    }
    for (const name of COLD_RUNS > 0 ? routeNames : []) {
      const { route, baseline } = coldRuns.get(name)!;
      const event = coldEventOf(name);
      cold.set(name, {
        init: median(route.map((r) => r.initMs)),
        first: event ? median(route.map((r) => r.firstRequestMs!)) : undefined,
        status: route[0]?.status,
        baselineInit: median(baseline.map((r) => r.initMs)),
        baselineFirst: median(baseline.map((r) => r.firstRequestMs!)),
        initRatio: median(route.map((r, i) => r.initMs / baseline[i]!.initMs)),
        initCpuRatio: median(route.map((r, i) => r.initCpuMs / baseline[i]!.initCpuMs)),
        firstRatio: event ? median(route.map((r, i) => r.firstRequestMs! / baseline[i]!.firstRequestMs!)) : undefined,
      });
    }

    // The authorizer's first request: the issuer's keys fetched, the token verified, the user looked up.
    let authorizerCold: { init: number; first: number; initRatio: number; firstRatio: number } | undefined;
    if (COLD_RUNS > 0) {
      const authorizerEvent = { headers: { authorization: `Bearer ${fixture.admin.token}` } };
      const runs: Array<{ route: { initMs: number; firstRequestMs?: number }; baseline: { initMs: number; firstRequestMs?: number } }> = [];
      for (let i = 0; i < COLD_RUNS; i++)
        runs.push({
          route: await coldStart(authorizerBundle.file, authorizerEvent),
          baseline: await coldStart(baselineBundle.file, baselineEvent),
        });
      authorizerCold = {
        init: median(runs.map((r) => r.route.initMs)),
        first: median(runs.map((r) => r.route.firstRequestMs!)),
        initRatio: median(runs.map((r) => r.route.initMs / r.baseline.initMs)),
        firstRatio: median(runs.map((r) => r.route.firstRequestMs! / r.baseline.firstRequestMs!)),
      };
    }

    // 3. Warm latency: HTTP, the handler in-process, and a raw replay of the handler's DynamoDB requests.
    log(`Warm latency: ${HTTP_RUNS} HTTP requests, ${WARM_RUNS} handler calls and ${WARM_RUNS} raw replays per main route...`);
    // The handler's DynamoDB requests, as it sends them: replayed by a client without our middleware.
    let captured: Array<{ command: string; input: unknown }> | undefined;
    const send = db.send.bind(db) as (command: unknown) => Promise<unknown>;
    (db as unknown as { send: (command: { constructor: { name: string }; input: unknown }) => Promise<unknown> }).send = (command) => {
      captured?.push({ command: command.constructor.name, input: structuredClone(command.input) });
      return send(command);
    };
    const rawClient = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        region: process.env.AWS_REGION,
        endpoint: environment.env.DYNAMODB_ENDPOINT,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 4,
      }),
      { marshallOptions: { removeUndefinedValues: true } },
    );
    const documentCommands = { GetCommand, BatchGetCommand, QueryCommand } as unknown as Record<string, new (input: never) => GetCommand>;
    const commandClass = (name: string) => {
      const command = documentCommands[name];
      if (!command) throw new Error(`The bench cannot replay ${name}`);
      return command;
    };

    /** Runs `call` once, noting its DynamoDB requests wave by wave; returns a raw replay of them (parallel ones in parallel). */
    async function recordReplay(call: () => Promise<unknown>) {
      dynamoRequestLog.length = 0;
      captured = [];
      await call();
      const waves = new Map<number, Array<{ command: string; input: unknown }>>();
      captured.forEach((sent, i) => {
        const wave = dynamoRequestLog[i]?.roundTrip ?? i;
        waves.set(wave, [...(waves.get(wave) ?? []), sent]);
      });
      captured = undefined;
      return async () => {
        for (const wave of waves.values()) {
          await Promise.all(
            wave.map((sent) =>
              rawClient.send(new (commandClass(sent.command))({ ...(sent.input as object), ReturnConsumedCapacity: 'TOTAL' } as never)),
            ),
          );
        }
      };
    }

    const warm = new Map<RouteName, { http: number[]; handler: number[]; raw: number[] }>();
    for (const name of MAIN_ROUTES) {
      const route = routes[name] as Route;
      const event = eventOf(name);
      const request = samples.sampleRequests[name](fixture);
      const first = await samples.invokeRoute(route, event);
      if (first.statusCode !== route.successStatus) throw new Error(`${name}: ${first.statusCode} ${first.body}`);
      const replay = await recordReplay(() => samples.invokeRoute(route, event));
      const path =
        route.path.replace(/\{(\w+)\}/g, (_, param: string) => request.path?.[param] ?? '') +
        (request.query ? `?${new URLSearchParams(request.query)}` : '');
      const token = (request.caller ?? fixture.admin).token;
      const timings = { http: [] as number[], handler: [] as number[], raw: [] as number[] };
      const { handler } = (await import(`../${handlerFile(route)}`)) as { handler: (event: unknown, context: unknown) => Promise<unknown> };
      const timeHandler = async () => {
        const start = performance.now();
        await handler(event, samples.sampleContext);
        timings.handler.push(performance.now() - start);
      };
      const timeRaw = async () => {
        const start = performance.now();
        await replay();
        timings.raw.push(performance.now() - start);
      };
      for (let i = 0; i < 20; i++) {
        await handler(event, samples.sampleContext);
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
      warm.set(name, timings);
    }

    // 4. Requests, round trips and capacity of every route (this consumes the fixture: last).
    log('DynamoDB requests and consumed capacity per route...');
    const trips = new Map<RouteName, { status: number; requests: number; roundTrips: number; capacity: number; commands: string[] }>();
    for (const name of routeNames) {
      dynamoRequestLog.length = 0;
      const response = await samples.invokeRoute(routes[name], eventOf(name));
      trips.set(name, {
        status: response.statusCode ?? 0,
        requests: dynamoRequestLog.length,
        roundTrips: new Set(dynamoRequestLog.map((r) => r.roundTrip)).size,
        capacity: dynamoRequestLog.reduce((sum, r) => sum + (r.consumedCapacity ?? 0), 0),
        commands: dynamoRequestLog.map((r) => r.command),
      });
    }

    // 5. Scale: the same pages of a big org and a small one.
    log(`Scale: seeding an org with ${SCALE.members} members and ${SCALE.invitations} pending invitations...`);
    const seedStart = performance.now();
    const createOrg = async (name: string) => (await fixture.admin.api.post('/api/v1/orgs', { name })).body.id as string;
    const [bigOrgId, smallOrgId] = [await createOrg('Scale big'), await createOrg('Scale small')];
    async function seed(orgId: string, memberCount: number, invitationCount: number) {
      const now = new Date().toISOString();
      const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
      const puts: Record<string, unknown>[] = [];
      for (let i = 0; i < memberCount; i++) {
        const member = {
          org_id: orgId,
          user_id: newId(),
          role: 'viewer' as const,
          workspaces: {},
          email: `member-${i}@scale.example`,
          name: `Member ${i}`,
          joined_at: now,
        };
        puts.push(items.memberItem(member), items.memberEmailGuard(member));
      }
      for (let i = 0; i < invitationCount; i++) {
        const invitation = {
          id: newId(),
          org_id: orgId,
          email: `invitee-${i}@scale.example`,
          role: 'viewer' as const,
          workspaces: [],
          status: 'pending' as const,
          expires_at: expiresAt,
          invited_by: { user_id: fixture.admin.id, name: fixture.admin.name, email: fixture.admin.email },
          email_status: 'sent' as const,
          send_id: newId(),
          token_hash: randomBytes(32).toString('hex'),
          created_at: now,
          updated_at: now,
          version: 1,
        };
        puts.push(items.invitationItem(invitation), items.pendingInvitationGuard(invitation));
      }
      const batches: Record<string, unknown>[][] = [];
      for (let i = 0; i < puts.length; i += 25) batches.push(puts.slice(i, i + 25));
      const worker = async () => {
        for (let batch = batches.shift(); batch; batch = batches.shift()) {
          let pending = { [tableName]: batch.map((Item) => ({ PutRequest: { Item } })) } as
            | Record<string, Array<{ PutRequest: { Item: Record<string, unknown> } }>>
            | undefined;
          while (pending && Object.keys(pending).length > 0) {
            const result = await db.send(new BatchWriteCommand({ RequestItems: pending }));
            pending = result.UnprocessedItems as typeof pending;
          }
        }
      };
      await Promise.all(Array.from({ length: 6 }, worker));
    }
    await seed(bigOrgId, SCALE.members, SCALE.invitations);
    await seed(smallOrgId, SCALE.smallMembers - 1, SCALE.smallInvitations);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    log(`  seeded in ${seedSeconds.toFixed(1)} s`);
    // Pages of 10, so that both orgs fill one: the small org has exactly 10 members and 10 invitations.
    const scaleCases = [
      { label: 'members, a page of 10', route: 'listMembers' as const, query: { limit: '10' } as Record<string, string> },
      { label: 'invitations, a page of 10', route: 'listInvitations' as const, query: { limit: '10' } as Record<string, string> },
      { label: 'pending invitations, a page of 10', route: 'listInvitations' as const, query: { limit: '10', status: 'pending' } },
    ];
    const scale = [];
    for (const scaleCase of scaleCases) {
      const route = routes[scaleCase.route] as Route;
      const eventFor = (orgId: string) => samples.routeEvent(route, { path: { orgId }, query: scaleCase.query }, fixture.admin);
      const measure = async (orgId: string) => {
        dynamoRequestLog.length = 0;
        const start = performance.now();
        const response = await samples.invokeRoute(route, eventFor(orgId));
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
      const [replaySmall, replayBig] = [await recordReplay(() => measure(smallOrgId)), await recordReplay(() => measure(bigOrgId))];
      const timed = async (replay: () => Promise<void>) => {
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
      scale.push({
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
      });
    }

    // Budgets.
    for (const name of routeNames) {
      const route = routes[name] as Route;
      const kbOver = bundles.get(name)!.kb - baselineBundle.kb;
      // The budget is for the routes that serve data. The documents and pages are measured and shown
      // all the same; the docs assets route carries Swagger UI's files (about 1.9 MB of text) by design.
      if (route.tableAccess !== 'none')
        check(
          `bundle ${route.name}`,
          `≤ baseline + ${BUDGETS.bundleKbOverBaseline} KB`,
          `+${kbOver.toFixed(1)} KB`,
          kbOver <= BUDGETS.bundleKbOverBaseline,
        );
      const c = cold.get(name);
      if (c)
        check(
          `cold init ${route.name}`,
          `≤ ${BUDGETS.coldInitRatio} × baseline`,
          `${c.initRatio.toFixed(2)} ×`,
          c.initRatio <= BUDGETS.coldInitRatio,
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
    for (const name of MAIN_ROUTES) {
      const w = warm.get(name)!;
      const overhead = overheadOf(w);
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
    for (const s of scale) {
      check(
        `scale ${s.label}`,
        `same requests and capacity; ≤ ${BUDGETS.scaleTimeRatio} × the small org's p50, or ≤ 1.1 × the raw SDK call's own ratio`,
        `${s.big.requests} vs ${s.small.requests} requests, ${s.big.capacity} vs ${s.small.capacity} units, ${s.ratio.toFixed(2)} × (raw SDK ${s.rawRatio.toFixed(2)} ×)`,
        s.big.requests === s.small.requests &&
          s.big.capacity === s.small.capacity &&
          (s.ratio <= BUDGETS.scaleTimeRatio || s.ratio <= 1.1 * s.rawRatio),
      );
    }

    // The table.
    const rows: string[][] = [];
    const baselineInit = median([...cold.values()].map((c) => c.baselineInit));
    const baselineFirst = median([...cold.values()].map((c) => c.baselineFirst));
    const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)}`;
    rows.push([
      '*baseline: document client + GetItem*',
      baselineBundle.kb.toFixed(1),
      '0',
      ms(baselineInit),
      '1.00',
      ms(baselineFirst),
      '1.00',
      '1',
      '1',
      '—',
      '—',
      '—',
      '—',
      '—',
    ]);
    rows.push([
      '*authorizer (not a route; not budgeted)*',
      authorizerBundle.kb.toFixed(1),
      signed(authorizerBundle.kb - baselineBundle.kb),
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
    ]);
    for (const name of routeNames) {
      const route = routes[name] as Route;
      const c = cold.get(name);
      const t = trips.get(name)!;
      const w = (warm as Map<string, { http: number[]; handler: number[]; raw: number[] }>).get(name);
      rows.push([
        `${route.method} ${route.path.replace('/api/v1', '')}`,
        bundles.get(name)!.kb.toFixed(1),
        signed(bundles.get(name)!.kb - baselineBundle.kb),
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
    const table = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
    const scaleHeader = [
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
    const scaleTable = [
      scaleHeader,
      scaleHeader.map(() => '---'),
      ...scale.map((s) => [
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
    ]
      .map((cells) => `| ${cells.join(' | ')} |`)
      .join('\n');
    const failed = budgets.filter((b) => !b.passed);
    const machine = `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${process.platform}/${process.arch}`;

    console.log(
      `\n${machine}; cold starts: median of ${COLD_RUNS} fresh processes each; warm: ${WARM_RUNS} handler calls and raw replays, ${HTTP_RUNS} HTTP requests per route.\n`,
    );
    console.log(table);
    console.log(
      `\nScale (in-process handler, ${SCALE_RUNS} calls each; seeding ${SCALE.members + SCALE.invitations} records took ${seedSeconds.toFixed(1)} s):\n`,
    );
    console.log(scaleTable);
    console.log(`\nBudgets: ${budgets.length - failed.length} of ${budgets.length} met.`);
    for (const b of failed) console.log(`  NOT MET  ${b.name}: ${b.measured} (budget ${b.limit})`);

    const result = {
      date: new Date().toISOString(),
      machine,
      runs: { cold: COLD_RUNS, warm: WARM_RUNS, http: HTTP_RUNS, scale: SCALE_RUNS },
      budgets: BUDGETS,
      baseline: { bundleKb: baselineBundle.kb, coldInitMs: baselineInit, firstRequestMs: baselineFirst },
      authorizer: { bundleKb: authorizerBundle.kb, cold: authorizerCold },
      routes: routeNames.map((name) => {
        const w = (warm as Map<string, { http: number[]; handler: number[]; raw: number[] }>).get(name);
        const stats = (values: number[]) => ({ p50: median(values), p99: percentile(values, 99) });
        return {
          name: routes[name].name,
          method: routes[name].method,
          path: routes[name].path,
          bundleKb: bundles.get(name)!.kb,
          cold: cold.get(name),
          dynamo: { declared: routes[name].dynamoRoundTrips, ...trips.get(name) },
          warm: w ? { http: stats(w.http), handler: stats(w.handler), raw: stats(w.raw), overheadMsP50: overheadOf(w) } : undefined,
        };
      }),
      scale,
      checks: budgets,
      passed: failed.length === 0,
      seconds: (Date.now() - started) / 1000,
    };
    await mkdir(join(BENCH_DIR, 'results'), { recursive: true });
    const file = join(BENCH_DIR, 'results', `${result.date.replace(/[:.]/g, '-')}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nFigures written to ${file.slice(REPO_ROOT.length + 1)} (${result.seconds.toFixed(0)} s).`);
    rawClient.destroy();
    return failed.length === 0;
  } finally {
    await rm(outDir, { recursive: true, force: true });
    await environment.stop();
  }
}

/** Runs bench/local-environment.ts in its own process and waits for the environment it prints. */
async function startEnvironment() {
  const child: ChildProcess = spawn(process.execPath, [...process.execArgv, join(BENCH_DIR, 'local-environment.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const ready = await new Promise<{ apiUrl: string; sesEndpoint: string; env: Record<string, string> }>((resolveReady, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line && output.includes('\n')) resolveReady(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`The local environment exited (code ${code}) before it was ready`)));
  });
  return {
    ...ready,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.stdin!.end();
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  };
}

main().then(
  (passed) => process.exit(passed ? 0 : 1),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
