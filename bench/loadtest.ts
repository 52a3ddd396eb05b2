// `npm run loadtest`: thousands of mixed requests from many users in several orgs, against the local
// API, then a check that every write the API acknowledged can be read back. Exits non-zero on any
// 5xx, any request that failed or timed out, or any acknowledged write that is missing.
//
// Without LOADTEST_API_URL it starts its own local environment (in memory, on free ports, as the
// test suite does); with it, it targets a running `npm start` (and reads invitation emails from
// LOADTEST_SES_URL, default http://localhost:8005). Loopback only; bounded in requests and time.
//
//   LOADTEST_REQUESTS     requests in the mixed phase (default 4000)
//   LOADTEST_USERS        users, each sending one request at a time (default 30)
//   LOADTEST_ORGS         orgs the users are spread over (default 6)
//   LOADTEST_MAX_SECONDS  stop the mixed phase after this long, whatever the count (default 120)

import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { freePort, type LocalEnvironment, startLocalEnvironment } from '../infra/local/environment.js';
import { ROOMY_ABUSE_LIMITS } from '../test/support/abuse-limits.js';

const settings = {
  apiUrl: process.env.LOADTEST_API_URL,
  sesUrl: process.env.LOADTEST_SES_URL ?? 'http://localhost:8005',
  requests: positive('LOADTEST_REQUESTS', 4000),
  users: positive('LOADTEST_USERS', 30),
  orgs: positive('LOADTEST_ORGS', 6),
  maxSeconds: positive('LOADTEST_MAX_SECONDS', 120),
  requestTimeoutMs: 10_000,
};

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!['localhost', '127.0.0.1', '[::1]', '::1'].includes(host))
    throw new Error(`The load test only targets this machine; ${url} is not a loopback address.`);
}

type Role = 'admin' | 'developer' | 'viewer';

interface User {
  index: number;
  email: string;
  token: string;
  orgId: string;
  role: Role;
}

interface Answer {
  status: number;
  body: any;
}

/** What the mixed phase saw, and the writes the API acknowledged. */
const stats = {
  statuses: new Map<number, number>(),
  latencies: [] as number[],
  failures: [] as string[],
  sent: 0,
};
const acknowledged = {
  /** Workspace id → its org, its creator and the name of the last acknowledged write (only the creator renames it, one request at a time). */
  workspaces: new Map<string, { orgId: string; creator: User; name: string }>(),
  renames: 0,
  /** Invitation id → its org and address. */
  invitations: new Map<string, { orgId: string; email: string }>(),
};

let apiUrl = '';

async function request(method: string, path: string, options: { token?: string; body?: unknown; record?: boolean } = {}): Promise<Answer> {
  const started = performance.now();
  const record = options.record ?? true;
  try {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(settings.requestTimeoutMs),
    });
    const text = await response.text();
    if (record) {
      stats.latencies.push(performance.now() - started);
      stats.statuses.set(response.status, (stats.statuses.get(response.status) ?? 0) + 1);
      if (response.status >= 500) stats.failures.push(`${method} ${path}: ${response.status} ${text.slice(0, 200)}`);
    }
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  } catch (error) {
    if (record) stats.failures.push(`${method} ${path}: ${(error as Error).name} ${(error as Error).message}`);
    return { status: 0, body: undefined };
  }
}

/** Fails the run on a setup step that did not answer as it must. */
function expectStatus(answer: Answer, status: number, what: string): Answer {
  if (answer.status !== status) throw new Error(`setup: ${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer;
}

async function inParallel<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

async function tokenFor(email: string): Promise<string> {
  return expectStatus(
    await request('POST', '/dev/token', { body: { email, name: `Load ${email.split('@')[0]}` }, record: false }),
    200,
    'token',
  ).body.access_token;
}

/** The invitation token from the email the API sent to this address (it travels nowhere else). */
async function invitationTokenFor(email: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const store = (await (await fetch(`${settings.sesUrl}/store`)).json()) as {
      emails: Array<{ destination: { to: string[] }; body: { text?: string } }>;
    };
    const mail = store.emails.find((candidate) => candidate.destination.to.some((to) => to.toLowerCase() === email));
    const token = mail?.body.text?.match(/[?&]token=([A-Za-z0-9_-]{43})/)?.[1];
    if (token) return token;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`setup: no invitation email to ${email}`);
}

/** Users, orgs and memberships, built through the API: admins create orgs, invite the others, who accept. */
async function setUp(run: string): Promise<User[]> {
  const emails = Array.from({ length: settings.users }, (_, index) => `load-${run}-${index}@example.com`);
  const tokens = new Map<string, string>();
  await inParallel(emails, 10, async (email) => {
    const token = await tokenFor(email);
    tokens.set(email, token);
    expectStatus(await request('GET', '/api/v1/me', { token, record: false }), 200, 'first sign-in');
  });
  const admins: User[] = [];
  await inParallel(emails.slice(0, settings.orgs), 10, async (email) => {
    const index = emails.indexOf(email);
    const token = tokens.get(email)!;
    const org = expectStatus(
      await request('POST', '/api/v1/orgs', { token, body: { name: `Load org ${index}` }, record: false }),
      201,
      'create org',
    );
    admins.push({ index, email, token, orgId: org.body.id, role: 'admin' });
  });
  const users: User[] = [...admins];
  await inParallel(emails.slice(settings.orgs), 10, async (email) => {
    const index = emails.indexOf(email);
    const admin = admins.find((candidate) => candidate.index === index % settings.orgs)!;
    const role: Role = index % 3 === 0 ? 'viewer' : 'developer';
    expectStatus(
      await request('POST', `/api/v1/orgs/${admin.orgId}/invitations`, { token: admin.token, body: { email, role }, record: false }),
      201,
      'invite',
    );
    const token = tokens.get(email)!;
    expectStatus(
      await request('POST', `/api/v1/invitations/${await invitationTokenFor(email)}/accept`, { token, record: false }),
      200,
      'accept',
    );
    users.push({ index, email, token, orgId: admin.orgId, role });
  });
  return users.sort((a, b) => a.index - b.index);
}

type Operation = (user: User, own: string[]) => Promise<void>;

const operations: Record<string, { weight: Record<Role, number>; run: Operation }> = {
  listWorkspaces: {
    weight: { admin: 20, developer: 20, viewer: 30 },
    run: (user) => request('GET', `/api/v1/orgs/${user.orgId}/workspaces?limit=50`, { token: user.token }).then(() => undefined),
  },
  getWorkspace: {
    weight: { admin: 15, developer: 15, viewer: 0 },
    run: async (user, own) => {
      const id = own[Math.floor(Math.random() * own.length)];
      await request('GET', id ? `/api/v1/orgs/${user.orgId}/workspaces/${id}` : `/api/v1/orgs/${user.orgId}`, { token: user.token });
    },
  },
  createWorkspace: {
    weight: { admin: 10, developer: 10, viewer: 0 },
    run: async (user, own) => {
      const name = `ws-${randomUUID()}`;
      const answer = await request('POST', `/api/v1/orgs/${user.orgId}/workspaces`, { token: user.token, body: { name } });
      if (answer.status === 201) {
        acknowledged.workspaces.set(answer.body.id, { orgId: user.orgId, creator: user, name });
        own.push(answer.body.id);
      }
    },
  },
  renameWorkspace: {
    weight: { admin: 10, developer: 10, viewer: 0 },
    run: async (user, own) => {
      const id = own[Math.floor(Math.random() * own.length)];
      if (!id) return void (await request('GET', `/api/v1/me`, { token: user.token }));
      const name = `renamed-${randomUUID()}`;
      const answer = await request('PATCH', `/api/v1/orgs/${user.orgId}/workspaces/${id}`, { token: user.token, body: { name } });
      if (answer.status === 200) {
        acknowledged.workspaces.get(id)!.name = name;
        acknowledged.renames += 1;
      }
    },
  },
  invite: {
    weight: { admin: 8, developer: 0, viewer: 0 },
    run: async (user) => {
      const email = `invitee-${randomUUID()}@example.com`;
      const answer = await request('POST', `/api/v1/orgs/${user.orgId}/invitations`, {
        token: user.token,
        body: { email, role: 'viewer' },
      });
      if (answer.status === 201) acknowledged.invitations.set(answer.body.id, { orgId: user.orgId, email });
    },
  },
  listMembers: {
    weight: { admin: 10, developer: 10, viewer: 20 },
    run: (user) => request('GET', `/api/v1/orgs/${user.orgId}/members`, { token: user.token }).then(() => undefined),
  },
  listInvitations: {
    weight: { admin: 5, developer: 0, viewer: 0 },
    run: (user) => request('GET', `/api/v1/orgs/${user.orgId}/invitations?status=pending`, { token: user.token }).then(() => undefined),
  },
  getOrg: {
    weight: { admin: 5, developer: 5, viewer: 15 },
    run: (user) => request('GET', `/api/v1/orgs/${user.orgId}`, { token: user.token }).then(() => undefined),
  },
  me: {
    weight: { admin: 5, developer: 5, viewer: 15 },
    run: (user) => request('GET', '/api/v1/me', { token: user.token }).then(() => undefined),
  },
  listOrgs: {
    weight: { admin: 2, developer: 5, viewer: 10 },
    run: (user) => request('GET', '/api/v1/orgs', { token: user.token }).then(() => undefined),
  },
};

function pick(role: Role): Operation {
  const entries = Object.values(operations).filter((operation) => operation.weight[role] > 0);
  let roll = Math.random() * entries.reduce((sum, operation) => sum + operation.weight[role], 0);
  for (const operation of entries) {
    roll -= operation.weight[role];
    if (roll <= 0) return operation.run;
  }
  return entries.at(-1)!.run;
}

/** Each user sends one request at a time until the budget of requests or time is spent. */
async function mixedPhase(users: User[]): Promise<number> {
  const started = performance.now();
  const deadline = started + settings.maxSeconds * 1000;
  await Promise.all(
    users.map(async (user) => {
      const own: string[] = [];
      while (stats.sent < settings.requests && performance.now() < deadline) {
        stats.sent += 1;
        await pick(user.role)(user, own);
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

/** Every acknowledged write, read back through the API by someone allowed to see it. */
async function verify(users: User[]): Promise<string[]> {
  const missing: string[] = [];
  const adminOf = new Map(users.filter((user) => user.role === 'admin').map((user) => [user.orgId, user]));
  await inParallel([...acknowledged.workspaces], 20, async ([id, expected]) => {
    const answer = await request('GET', `/api/v1/orgs/${expected.orgId}/workspaces/${id}`, {
      token: adminOf.get(expected.orgId)!.token,
      record: false,
    });
    if (answer.status !== 200) missing.push(`workspace ${id}: ${answer.status}`);
    else if (answer.body.name !== expected.name)
      missing.push(`workspace ${id}: named "${answer.body.name}", last acknowledged "${expected.name}"`);
  });
  await inParallel([...adminOf.values()], 6, async (admin) => {
    const seen = new Map<string, string>();
    let cursor: string | null = null;
    do {
      const answer = await request(
        'GET',
        `/api/v1/orgs/${admin.orgId}/invitations?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: admin.token, record: false },
      );
      if (answer.status !== 200) {
        missing.push(`invitations of ${admin.orgId}: ${answer.status}`);
        return;
      }
      for (const invitation of answer.body.data as Array<{ id: string; email: string }>) seen.set(invitation.id, invitation.email);
      cursor = answer.body.next_cursor;
    } while (cursor);
    for (const [id, expected] of acknowledged.invitations) {
      if (expected.orgId === admin.orgId && seen.get(id) !== expected.email)
        missing.push(`invitation ${id} to ${expected.email}: not listed`);
    }
  });
  return missing;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<number> {
  let environment: LocalEnvironment | undefined;
  if (settings.apiUrl) {
    assertLoopback(settings.apiUrl);
    assertLoopback(settings.sesUrl);
    apiUrl = settings.apiUrl.replace(/\/$/, '');
  } else {
    environment = await startLocalEnvironment({
      port: await freePort(),
      dynamoPort: await freePort(),
      sesPort: await freePort(),
      // Room for every workspace and invitation the run creates; the limits have tests of their own.
      env: { WORKSPACE_LIMIT_PER_ORG: '10000', PENDING_INVITATION_LIMIT: '10000', ...ROOMY_ABUSE_LIMITS },
      scheduleIntervalMs: 2_000,
    });
    apiUrl = environment.apiUrl;
    settings.sesUrl = environment.sesEndpoint;
  }
  try {
    const run = randomUUID().slice(0, 8);
    console.log(
      `loadtest: ${apiUrl}, ${settings.users} users in ${settings.orgs} orgs, ${settings.requests} requests (at most ${settings.maxSeconds} s)`,
    );
    const users = await setUp(run);
    const seconds = await mixedPhase(users);
    const missing = await verify(users);

    const sorted = [...stats.latencies].sort((a, b) => a - b);
    const statuses = [...stats.statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
    console.log(
      `requests   ${stats.latencies.length} answered (${stats.failures.filter((failure) => !/: \d{3} /.test(failure)).length} without an answer) in ${seconds.toFixed(1)} s, ${(stats.latencies.length / seconds).toFixed(0)} req/s`,
    );
    console.log(`statuses   ${statuses}`);
    console.log(
      `latency    p50 ${percentile(sorted, 50).toFixed(1)} ms, p90 ${percentile(sorted, 90).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${percentile(sorted, 100).toFixed(1)} ms`,
    );
    console.log(
      `writes     ${acknowledged.workspaces.size} workspaces created, ${acknowledged.renames} renames, ${acknowledged.invitations.size} invitations acknowledged; ${missing.length} missing on read-back`,
    );
    const problems = [...stats.failures, ...missing];
    for (const problem of problems.slice(0, 20)) console.log(`  FAIL ${problem}`);
    console.log(problems.length === 0 ? 'loadtest: passed' : `loadtest: FAILED (${problems.length} problems)`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    await environment?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error('loadtest:', error);
    process.exit(1);
  },
);
