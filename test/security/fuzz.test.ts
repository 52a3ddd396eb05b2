// Whatever a client sends, the API answers promptly with a client error in the documented shape:
// never a 5xx, never a hang. Malformed and oversized bodies, wrong types, hostile strings (control
// characters, lone surrogates, invisible and bidirectional formatting, NUL), deep nesting, bad path
// ids and bad query parameters, for every route of the route table. Generated inputs come from
// fast-check with a bounded number of runs, so the file stays well under a minute. Every answer
// must also be one the OpenAPI document declares for its operation, status and body alike.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RouteName, routes } from '../../features/routes.js';
import type { RouteDefinition } from '../../shared/http/route.js';
import type { TestUser } from '../support/api.js';
import { createKey } from '../support/api-keys.js';
import { undeclared } from '../support/openapi-contract.js';
import { appErrorBody, fillPath, gatewayBody, orgWithViewer, pathParamNames, sampleBodies, send } from '../support/security.js';

const REQUEST_TIMEOUT_MS = 5_000;
const allRoutes = Object.entries(routes) as Array<[RouteName, RouteDefinition]>;
const bodyRoutes = allRoutes.filter(([, route]) => route.body);
const paramRoutes = allRoutes.filter(([, route]) => route.path.includes('{'));
const pageRoutes = allRoutes.filter(([, route]) => route.query && route.auth === 'user');

let admin: TestUser;
let ids: Record<string, string>;
/** A developer key of the world's workspace: the routes keys may call are fuzzed with it too. */
let keyAuthorization: string;

beforeAll(async () => {
  const world = await orgWithViewer('fuzz');
  admin = world.admin;
  const invitation = await admin.api.post(`/api/v1/orgs/${world.ids.orgId}/invitations`, {
    email: 'fuzz-invitee@example.com',
    role: 'viewer',
  });
  // An unknown (well-formed) token: the token routes then reach the table and answer 404.
  // Unknown (well-formed) webhook, delivery and join request ids: those routes reach the table and answer 404.
  ids = {
    ...world.ids,
    invitationId: invitation.body.id,
    webhookId: randomUUID(),
    deliveryId: randomUUID(),
    keyId: randomUUID(),
    requestId: randomUUID(),
    domainId: randomUUID(),
    credentialId: randomUUID(),
    token: 'Z'.repeat(43),
    file: 'swagger-ui.css',
  };
  keyAuthorization = `Bearer ${(await createKey(admin, world.ids.orgId, world.ids.workspaceId, 'developer')).key}`;
});

interface Outcome {
  status: number;
  body: unknown;
}

/** Why an answer is not acceptable, or undefined. `clientError`: the input is invalid, so only a 4xx will do. */
function problemWith(route: RouteDefinition, outcome: Outcome, clientError: boolean): string | undefined {
  const { status, body } = outcome;
  if (status >= 500) return `a ${status}`;
  if (clientError && (status < 400 || status >= 500)) return `${status} for invalid input`;
  if (status >= 400 && !appErrorBody.safeParse(body).success && !gatewayBody.safeParse(body).success)
    return `${status} without the error shape: ${String(JSON.stringify(body)).slice(0, 200)}`;
  return undeclared(route, status, body);
}

async function expectAnswer(
  route: RouteDefinition,
  options: {
    path?: string;
    query?: string;
    rawBody?: string | Uint8Array;
    headers?: Record<string, string>;
    clientError?: boolean;
    status?: number;
    authorization?: string | null;
  },
) {
  const path = (options.path ?? fillPath(route, ids)) + (options.query !== undefined ? `?${options.query}` : '');
  const authorization = options.authorization === null ? undefined : (options.authorization ?? `Bearer ${admin.token}`);
  const response = await send(route.method, path, {
    authorization,
    ...(typeof options.rawBody === 'string' ? { rawBody: options.rawBody } : {}),
    ...(options.rawBody instanceof Uint8Array ? { rawBytes: options.rawBody } : {}),
    headers: options.headers,
    timeoutMs: REQUEST_TIMEOUT_MS,
  });
  const problem = problemWith(route, response, options.clientError ?? true);
  expect(problem, `${route.method} ${path} ${typeof options.rawBody === 'string' ? options.rawBody.slice(0, 120) : ''}`).toBeUndefined();
  if (options.status !== undefined) expect(response.status, `${route.method} ${path}`).toBe(options.status);
  return response;
}

const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** Strings a careless parser, validator or store could trip over. */
const HOSTILE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\uD800', // lone high surrogate
  'x\uDC00y', // lone low surrogate
  '\uDBFF\uDFFF\uD800',
  '\u200B', // zero-width space
  'name\u200D', // zero-width joiner
  '\uFEFF', // byte-order mark
  '\u202Eevil\u202C', // right-to-left override
  '\u2028\u2029',
  '\u001B[31mred',
  ' '.repeat(50),
  'x'.repeat(101),
  'x'.repeat(60_000),
];

/** Strings that look like attacks on something else (paths, queries, our own keys) but are fine as names: stored as text, or refused; never a failure. */
const ODD_BUT_HARMLESS = [
  '%00',
  '../../etc/passwd',
  '{"$ne": null}',
  "'; DROP TABLE orgs; --",
  'ORG#01900000-0000-7000-8000-000000000000',
  '<script>alert(1)</script>',
  '\u05D0\u05D1 \u0627\u0644',
  'e\u0301',
  '😀',
];

describe('bodies', () => {
  it('answers malformed, mistyped, hostile, deep and oversized bodies with a 4xx, on every route with a body', async () => {
    type Case = { raw: string; status?: number; clientError?: boolean; echo?: { field: string; value: string } };
    const cases: Case[] = [
      { raw: '{' },
      { raw: '{"name": "x",}' },
      { raw: "{'name': 'x'}" },
      { raw: 'null', status: 400 },
      { raw: '[]', status: 400 },
      { raw: '"a string"', status: 400 },
      { raw: '12', status: 400 },
      { raw: 'true', status: 400 },
      { raw: '\u0000' },
      { raw: deepArray(10_000), status: 400 },
      { raw: deepObject(5_000), status: 400 },
      { raw: JSON.stringify({ name: 'x'.repeat(70 * 1024) }), status: 413 },
      { raw: ' '.repeat(65 * 1024), status: 413 },
    ];
    for (const [name, route] of bodyRoutes) {
      const sample = sampleBodies[name]!();
      const fieldCases: Case[] = Object.keys(sample).flatMap((field): Case[] => [
        ...ODD_BUT_HARMLESS.map((value) => ({
          raw: JSON.stringify({ ...sample, [field]: value }),
          clientError: false,
          echo: { field, value },
        })),
        ...HOSTILE_STRINGS.map((value) => ({ raw: JSON.stringify({ ...sample, [field]: value }) })),
        { raw: JSON.stringify({ ...sample, [field]: null }) },
        { raw: JSON.stringify({ ...sample, [field]: 42 }) },
        { raw: JSON.stringify({ ...sample, [field]: ['x'] }) },
        { raw: JSON.stringify({ ...sample, [field]: { name: 'x' } }) },
        { raw: `${JSON.stringify(sample).slice(0, -1)},"${field}":${deepArray(10_000)}}` },
      ]);
      await Promise.all(
        [...cases, ...fieldCases].map(async (entry) => {
          const response = await expectAnswer(route, { rawBody: entry.raw, status: entry.status, clientError: entry.clientError });
          // Taken as text, kept as text: what the answer shows is exactly what was sent.
          if (entry.echo && response.status < 300 && entry.echo.field in response.body)
            expect(response.body[entry.echo.field], entry.raw).toBe(entry.echo.value);
        }),
      );
    }
  });

  it('refuses a body that is not JSON by its content type, or not UTF-8', async () => {
    for (const [name, route] of bodyRoutes) {
      const raw = JSON.stringify(sampleBodies[name]!());
      await Promise.all([
        expectAnswer(route, { rawBody: raw, headers: { 'content-type': 'text/plain' }, status: 415 }),
        expectAnswer(route, { rawBody: raw, headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415 }),
        expectAnswer(route, { rawBody: new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0xff, 0xfe, 0x7d]) }),
      ]);
    }
  });

  it('never fails on generated bodies: arbitrary JSON, or a valid body with one field replaced', async () => {
    const hostileText = fc.string({
      unit: fc.constantFrom(
        'a',
        ' ',
        '\u0000',
        '\u001F',
        '\u007F',
        '\u200B',
        '\u202E',
        '\uD800',
        '\uDFFF',
        '\u05D0',
        '\u0645',
        '\u0301',
        '😀',
        '\uFFFF',
        '"',
        '\\',
      ),
    });
    const value = fc.oneof(fc.jsonValue({ maxDepth: 4 }), hostileText, fc.string({ unit: 'binary', maxLength: 40 }));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bodyRoutes),
        fc.boolean(),
        value,
        fc.nat(),
        async ([name, route], replaceField, generated, fieldIndex) => {
          const sample = sampleBodies[name]!();
          const fields = Object.keys(sample);
          const body = replaceField ? { ...sample, [fields[fieldIndex % fields.length]!]: generated } : generated;
          // A replaced field may happen to be valid (a Hebrew workspace name is fine), so only the absence of failures is required.
          await expectAnswer(route, { rawBody: JSON.stringify(body) ?? 'null', clientError: false });
        },
      ),
      { numRuns: 150, interruptAfterTimeLimit: 15_000 },
    );
  }, 30_000);
});

/** The route's path with good ids but one (the `which`-th parameter, round the list), bad. */
function pathWithBadParam(route: RouteDefinition, which: number, bad: string): string {
  const names = pathParamNames(route);
  const name = names[which % names.length]!;
  let encoded: string;
  try {
    encoded = encodeURIComponent(bad);
  } catch {
    encoded = '%ED%A0%80'; // a lone surrogate cannot be percent-encoded as UTF-8: send the raw bytes of one
  }
  return fillPath(route, { ...ids, [name]: '__bad__' }).replace('__bad__', encoded);
}

describe('path parameters', () => {
  const notAnId = fc
    .string({
      minLength: 1,
      maxLength: 60,
      unit: fc.oneof(
        fc.constantFrom('%', '/', '\\', '?', '#', '\u0000', '\uD800', '\u202E', ' ', '.'),
        fc.string({ minLength: 1, maxLength: 1 }),
      ),
    })
    // "." and ".." are resolved away by URL parsing before any request is sent.
    .filter((value) => value !== '.' && value !== '..' && !/^[0-9a-f-]{36}$/i.test(value) && !/^[A-Za-z0-9_-]{43}$/.test(value));

  it('answers a bad id in any path parameter with a 4xx, and an undecodable one too', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paramRoutes), fc.nat(), notAnId, async ([, route], which, bad) => {
        await expectAnswer(route, { path: pathWithBadParam(route, which, bad) });
      }),
      { numRuns: 120, interruptAfterTimeLimit: 15_000 },
    );
  }, 30_000);

  it('answers the same with an API key, on the routes keys may call', async () => {
    const keyRoutes = paramRoutes.filter(([, route]) => route.apiKeys);
    expect(keyRoutes.length).toBeGreaterThan(0);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...keyRoutes), fc.nat(), notAnId, async ([, route], which, bad) => {
        await expectAnswer(route, { path: pathWithBadParam(route, which, bad), authorization: keyAuthorization });
      }),
      { numRuns: 40, interruptAfterTimeLimit: 10_000 },
    );
  }, 30_000);

  it('answers a truncated or percent-broken id with a 4xx on every route with parameters', async () => {
    for (const [, route] of paramRoutes) {
      for (const bad of ['%', '%E0%A4%A', '%00', ids.orgId!.slice(0, 35), `${ids.orgId}x`, ids.orgId!.toUpperCase().replace(/-/g, '')]) {
        const path = fillPath(route, Object.fromEntries(pathParamNames(route).map((name) => [name, '__bad__']))).replaceAll('__bad__', bad);
        await expectAnswer(route, { path });
      }
    }
  });
});

describe('query parameters', () => {
  it('answers a limit outside 1..100, or not a whole number, with 400 on every list', async () => {
    const badLimit = fc.oneof(
      fc.integer({ max: 0 }).map(String),
      fc.integer({ min: 101 }).map(String),
      fc
        .double({ noNaN: false })
        .filter((value) => !(Number.isInteger(value) && value >= 1 && value <= 100))
        .map(String),
      fc.string({ maxLength: 12 }).filter((value) => {
        const number = Number(value);
        return !(value.trim() !== '' && Number.isInteger(number) && number >= 1 && number <= 100);
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...pageRoutes), badLimit, async ([, route], limit) => {
        await expectAnswer(route, { query: `limit=${encodeURIComponent(limit)}`, status: 400 });
      }),
      { numRuns: 100, interruptAfterTimeLimit: 15_000 },
    );
  }, 30_000);

  it('answers garbage cursors and unknown parameters with 400 on every route that is not a page', async () => {
    const query = fc.oneof(
      fc.string({ minLength: 1, maxLength: 300 }).map((cursor) => `cursor=${encodeURIComponent(cursor)}`),
      fc.base64String({ minLength: 4, maxLength: 200 }).map((cursor) => `cursor=${encodeURIComponent(cursor)}`),
      fc
        .string({ minLength: 1, maxLength: 20 })
        .filter((key) => !['limit', 'cursor', 'status'].includes(key))
        .map((key) => `${encodeURIComponent(key)}=1`),
      fc.constant(`cursor=${'A'.repeat(3000)}`),
    );
    const queryRoutes = allRoutes.filter(([name]) => name !== 'getInvitePage');
    await fc.assert(
      // A route without a query refuses any parameter; a page refuses a cursor it did not hand out.
      fc.asyncProperty(fc.constantFrom(...queryRoutes), query, async ([name, route], search) => {
        const body = sampleBodies[name]?.();
        await expectAnswer(route, { query: search, rawBody: body ? JSON.stringify(body) : undefined, status: 400 });
      }),
      { numRuns: 120, interruptAfterTimeLimit: 15_000 },
    );
  }, 30_000);
});

describe('credentials', () => {
  it('answers garbage in the Authorization header with 401, on every private route', async () => {
    const garbage = fc.oneof(
      fc
        .string({ unit: fc.constantFrom('a', 'Z', '0', '.', '-', '_', ' ', '=', '+', '/'), minLength: 1, maxLength: 400 })
        .map((value) => `Bearer ${value}`),
      fc.string({ unit: fc.constantFrom('a', '.', ' ', ':'), minLength: 1, maxLength: 50 }),
      fc.constant(`Bearer ${'a'.repeat(8000)}`),
      fc.constant('Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'), // alg "none"
      // Shaped like our keys: the product prefix and anything after it, or a real key with one character changed.
      fc.string({ unit: fc.constantFrom('a', 'Z', '0', '_', '-', '.'), maxLength: 60 }).map((value) => `Bearer osk_test_${value}`),
      fc.nat().map((n) => {
        const key = keyAuthorization.slice('Bearer '.length);
        const at = 9 + (n % (key.length - 9));
        return `Bearer ${key.slice(0, at)}${key[at] === 'x' ? 'y' : 'x'}${key.slice(at + 1)}`;
      }),
    );
    const privateRoutes = allRoutes.filter(([, route]) => route.auth === 'user');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...privateRoutes), garbage, async ([, route], authorization) => {
        // A header of only spaces is no header at all to HTTP: API Gateway's own 401.
        await expectAnswer(route, { authorization: authorization.trim() === '' ? null : authorization, status: 401 });
      }),
      { numRuns: 80, interruptAfterTimeLimit: 15_000 },
    );
  }, 30_000);
});
