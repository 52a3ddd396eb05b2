// A client cannot set what the server owns: ids, the tenant, authorship, timestamps, roles where a
// route takes none, table keys. Every route with a body refuses such a field with a 400 that names
// it, and a property test adds arbitrary extra keys to valid bodies and checks that the request is
// refused and nothing stored changes: were extras silently dropped, the valid rest would go through.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RouteName, routes } from '../../features/routes.js';
import type { RouteDefinition } from '../../shared/http/route.js';
import type { TestUser } from '../support/api.js';
import { fillPath, orgPartition, orgWithViewer, sampleBodies, send } from '../support/security.js';

/** Fields the server owns, with a value a hopeful client might send. */
const PROTECTED: Record<string, unknown> = {
  id: '01900000-0000-7000-8000-000000000001',
  org_id: '01900000-0000-7000-8000-000000000002',
  orgId: '01900000-0000-7000-8000-000000000002',
  user_id: '01900000-0000-7000-8000-000000000003',
  workspace_id: '01900000-0000-7000-8000-000000000004',
  created_by: '01900000-0000-7000-8000-000000000003',
  invited_by: { user_id: '01900000-0000-7000-8000-000000000003', email: 'ceo@example.com' },
  created_at: '2020-01-01T00:00:00.000Z',
  updated_at: '2020-01-01T00:00:00.000Z',
  joined_at: '2020-01-01T00:00:00.000Z',
  expires_at: '2099-01-01T00:00:00.000Z',
  role: 'admin',
  org_role: 'admin',
  status: 'accepted',
  email_status: 'sent',
  personal: true,
  inherited: true,
  version: 1,
  admin_count: 99,
  workspace_count: 0,
  pending_invitations: 0,
  token: 'A'.repeat(43),
  token_hash: 'x',
  pk: 'ORG#01900000-0000-7000-8000-000000000002',
  sk: 'ORG',
  gsi1pk: 'USER#01900000-0000-7000-8000-000000000003',
  gsi1sk: 'ORG',
  ['__proto__']: { role: 'admin' },
  constructor: { prototype: { role: 'admin' } },
};

const bodyRoutes = (Object.entries(routes) as Array<[RouteName, RouteDefinition]>).filter(([, route]) => route.body);
type BodyDefinition = { type: string; shape?: Record<string, unknown>; getter?: () => { _zod: { def: unknown } } };
/** The body's field names, through the z.lazy that every composite schema is declared in. */
function topLevelKeys(route: RouteDefinition): Set<string> {
  let def = route.body!._zod.def as unknown as BodyDefinition;
  while (def.type === 'lazy') def = def.getter!()._zod.def as BodyDefinition;
  return new Set(Object.keys(def.shape ?? {}));
}

/** The body as JSON with one more member, written out by hand so that `__proto__` is sent as a plain key. */
const withExtra = (body: Record<string, unknown>, key: string, value: unknown) =>
  `${JSON.stringify(body).slice(0, -1)},${JSON.stringify(key)}:${JSON.stringify(value)}}`;

let admin: TestUser;
let ids: Record<string, string>;

beforeAll(async () => {
  ({ admin, ids } = await orgWithViewer('protected'));
  // Bodies are refused before any webhook is looked up, so a well-formed id is enough.
  ids = {
    ...ids,
    webhookId: randomUUID(),
    keyId: randomUUID(),
    domainId: randomUUID(),
    requestId: randomUUID(),
    credentialId: randomUUID(),
  };
});

describe('fields the server owns', () => {
  it('has a valid sample body for every route that takes one', async () => {
    expect(bodyRoutes.length).toBeGreaterThanOrEqual(7);
    for (const [name, route] of bodyRoutes) {
      expect(sampleBodies[name], name).toBeDefined();
      expect(route.body!.safeParse(sampleBodies[name]!()).success, name).toBe(true);
    }
  });

  it('are refused with a 400 naming the field, on every route with a body, and nothing is stored', async () => {
    const before = await orgPartition(ids.orgId!);
    const problems: string[] = [];
    await Promise.all(
      bodyRoutes.flatMap(([name, route]) =>
        Object.keys(PROTECTED)
          .filter((key) => !topLevelKeys(route).has(key))
          .map(async (key) => {
            const response = await send(route.method, fillPath(route, ids), {
              authorization: `Bearer ${admin.token}`,
              rawBody: withExtra(sampleBodies[name]!(), key, PROTECTED[key]),
            });
            const named = response.body?.error?.details?.some(
              (detail: { field: string; message: string }) => detail.field === `body.${key}` && /not a field/.test(detail.message),
            );
            if (response.status !== 400 || !named)
              problems.push(`${route.method} ${route.path} with ${key}: ${response.status} ${JSON.stringify(response.body)}`);
          }),
      ),
    );
    expect(problems).toEqual([]);
    expect(await orgPartition(ids.orgId!)).toEqual(before);
  });

  it('a role is accepted only where the route takes one', () => {
    // The routes that do take a role are the ones that exist to set it; anywhere else it is refused above.
    const takingRole = bodyRoutes
      .filter(([, route]) => topLevelKeys(route).has('role'))
      .map(([name]) => name)
      .sort();
    expect(takingRole).toEqual([
      'approveAccessRequest',
      'approveJoinRequest',
      'createAccessRequest',
      'createApiKey',
      'createInvitation',
      'putWorkspaceMember',
      'updateMember',
    ]);
  });
});

describe('extra keys in a valid body (property)', () => {
  const key = fc.string({ minLength: 1, maxLength: 24 });
  const extras = fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { minKeys: 1, maxKeys: 4 });

  it('never change what is stored: the request is refused and names every extra key', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...bodyRoutes), extras, async ([name, route], extra) => {
        const allowed = topLevelKeys(route);
        const unknown = Object.keys(extra).filter((candidate) => !allowed.has(candidate));
        fc.pre(unknown.length > 0);
        const body = sampleBodies[name]!();
        const raw = unknown.reduce(
          (json, candidate) => withExtra(JSON.parse(json) as Record<string, unknown>, candidate, extra[candidate]),
          JSON.stringify(body),
        );
        const before = await orgPartition(ids.orgId!);
        const response = await send(route.method, fillPath(route, ids), { authorization: `Bearer ${admin.token}`, rawBody: raw });
        expect(response.status, raw).toBe(400);
        const fields = (response.body.error.details as Array<{ field: string }>).map((detail) => detail.field);
        for (const candidate of unknown) expect(fields, raw).toContain(`body.${candidate}`);
        expect(await orgPartition(ids.orgId!)).toEqual(before);
      }),
      { numRuns: 40, interruptAfterTimeLimit: 20_000 },
    );
  }, 30_000);
});
