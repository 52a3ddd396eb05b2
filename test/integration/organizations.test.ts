import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { ensureUser, getMe } from '../../features/users/user-service.js';
import { db } from '../../shared/clients.js';
import { call, mintToken, signUp, uniqueEmail } from '../support/api.js';
import { addMember } from '../support/members.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('first sign-in', () => {
  it('creates the user with a personal organization and a first workspace', async () => {
    const alice = await signUp('alice');

    const me = await alice.api.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: alice.id, email: alice.email, name: alice.name });
    expect(me.body.orgs).toEqual([{ id: expect.stringMatching(UUID), name: "Alice Tester's organization", role: 'admin' }]);

    const workspaces = await alice.api.get(`/api/v1/orgs/${me.body.orgs[0].id}/workspaces`);
    expect(workspaces.body.data).toHaveLength(1);
    expect(workspaces.body.data[0]).toMatchObject({ name: "Alice Tester's organization", status: 'active', created_by: alice.id });
  });

  it("holds a token's name to the API's own name rules: no controls, invisible or bidi characters (#7)", async () => {
    const email = uniqueEmail('hostile');
    const token = await mintToken(email, 'Alice\r\nSmith\u0000\t\u202Eevil\u202C\u200B\u034F  Jr');
    const me = await call('GET', '/api/v1/me', { token });
    expect(me.body.name).toBe('Alice Smith evil Jr');
    expect(me.body.orgs).toEqual([{ id: expect.any(String), name: "Alice Smith evil Jr's organization", role: 'admin' }]);
    const members = await call('GET', `/api/v1/orgs/${me.body.orgs[0].id}/members`, { token });
    expect(members.body.data.map((member: { name: string }) => member.name)).toEqual(['Alice Smith evil Jr']);
    const workspaces = await call('GET', `/api/v1/orgs/${me.body.orgs[0].id}/workspaces`, { token });
    expect(workspaces.body.data.map((workspace: { name: string }) => workspace.name)).toEqual(["Alice Smith evil Jr's organization"]);
  });

  it("cuts a long token name to 100 characters without splitting a surrogate pair, and fits the org's name in 100 (#7)", async () => {
    const loneSurrogate = /\p{Cs}/u;
    for (const [name, expected, orgName] of [
      // The emoji straddles the 100th character of the name.
      [`${'a'.repeat(99)}😀 and more`, 'a'.repeat(99), `${'a'.repeat(85)}'s organization`],
      // It straddles the room the org's name leaves for the person's (85 characters).
      [`${'b'.repeat(84)}😀`, `${'b'.repeat(84)}😀`, `${'b'.repeat(84)}'s organization`],
    ]) {
      const token = await mintToken(uniqueEmail('long'), name);
      const me = await call('GET', '/api/v1/me', { token });
      expect(me.body.name).toBe(expected);
      expect(me.body.orgs[0].name).toBe(orgName);
      expect(loneSurrogate.test(me.body.name) || loneSurrogate.test(me.body.orgs[0].name)).toBe(false);
      // What the API hands out as a name, the API takes back as one.
      const renamed = await call('PATCH', `/api/v1/orgs/${me.body.orgs[0].id}`, { token, body: { name: me.body.orgs[0].name } });
      expect(renamed.status).toBe(200);
    }
  });

  it('names the personal org after the address when the token name is all invisible (#7)', async () => {
    const email = uniqueEmail('blank');
    const me = await call('GET', '/api/v1/me', { token: await mintToken(email, '\u202E\u200B\u3164') });
    expect(me.body.name).toBeNull();
    expect(me.body.orgs[0].name).toBe(`${email.split('@')[0]}'s organization`);
  });

  it("takes the name of a later sign-in's token into the profile, cleaned; a token without one keeps it (#16)", async () => {
    const email = uniqueEmail('renamed');
    const nameOf = async (token: string) => (await call('GET', '/api/v1/me', { token })).body.name;
    expect(await nameOf(await mintToken(email, 'Old Name'))).toBe('Old Name');
    expect(await nameOf(await mintToken(email, 'New\r\nName\u202E'))).toBe('New Name');
    expect(await nameOf(await mintToken(email))).toBe('New Name');
  });

  // With a verified address the one read is a BatchGetItem: the profile and its domain's owner (features/joining).
  it('costs a sign-in one read, and one write only when the name changed (#16)', async () => {
    const user = { type: 'user', userId: randomUUID(), email: uniqueEmail('counted'), emailVerified: true, name: 'Counted' } as const;
    await ensureUser(user);
    const send = vi.spyOn(db, 'send');
    try {
      await ensureUser(user);
      expect(send.mock.calls.map(([command]) => command.constructor.name)).toEqual(['BatchGetCommand']);
      send.mockClear();
      await ensureUser({ ...user, name: 'Recounted' });
      expect(send.mock.calls.map(([command]) => command.constructor.name)).toEqual(['BatchGetCommand', 'UpdateCommand']);
      send.mockClear();
      await ensureUser({ ...user, name: null });
      expect(send.mock.calls.map(([command]) => command.constructor.name)).toEqual(['BatchGetCommand']);
      send.mockClear();
      await ensureUser({ ...user, name: null, emailVerified: false });
      expect(send.mock.calls.map(([command]) => command.constructor.name)).toEqual(['GetCommand']);
    } finally {
      send.mockRestore();
    }
    expect((await getMe(user)).name).toBe('Recounted');
  });

  it('does it once, however many requests the first sign-in sends at the same time', async () => {
    const bob = await signUp('bob');
    await Promise.all(Array.from({ length: 5 }, () => bob.api.get('/api/v1/orgs')));
    const orgs = await bob.api.get('/api/v1/orgs');
    expect(orgs.body.data.filter((org: { personal: boolean }) => org.personal)).toHaveLength(1);
  });
});

describe('organizations', () => {
  it('creates an org with the creator as admin and a first workspace named after it', async () => {
    const alice = await signUp('alice');
    const created = await alice.api.post('/api/v1/orgs', { name: '  Acme  ' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(UUID),
      name: 'Acme',
      personal: false,
      role: 'admin',
      created_at: expect.any(String),
      updated_at: created.body.created_at,
    });

    const workspaces = await alice.api.get(`/api/v1/orgs/${created.body.id}/workspaces`);
    expect(workspaces.body.data.map((w: { name: string }) => w.name)).toEqual(['Acme']);

    const fetched = await alice.api.get(`/api/v1/orgs/${created.body.id}`);
    expect(fetched.body).toEqual(created.body);
  });

  it("lists the caller's orgs with their role in each, a page at a time", async () => {
    const alice = await signUp('alice');
    for (const name of ['One', 'Two', 'Three']) await alice.api.post('/api/v1/orgs', { name });

    const first = await alice.api.get('/api/v1/orgs?limit=2');
    expect(first.body.data).toHaveLength(2);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await alice.api.get(`/api/v1/orgs?limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.data).toHaveLength(2);
    expect(second.body.next_cursor).toBeNull();

    const names = [...first.body.data, ...second.body.data].map((org: { name: string }) => org.name);
    expect(names.sort()).toEqual(["Alice Tester's organization", 'One', 'Three', 'Two'].sort());
    expect([...first.body.data, ...second.body.data].every((org: { role: string }) => org.role === 'admin')).toBe(true);
  });

  it('shows each member their own role', async () => {
    const alice = await signUp('alice');
    const viewer = await signUp('vera');
    const org = (await alice.api.post('/api/v1/orgs', { name: 'Acme' })).body;
    await addMember(org.id, viewer, 'viewer');

    expect((await viewer.api.get(`/api/v1/orgs/${org.id}`)).body.role).toBe('viewer');
    const listed = (await viewer.api.get('/api/v1/orgs')).body.data;
    expect(listed.find((o: { id: string }) => o.id === org.id)).toMatchObject({ name: 'Acme', role: 'viewer' });
  });

  it('lets admins rename the org, and nobody else', async () => {
    const alice = await signUp('alice');
    const dev = await signUp('dev');
    const org = (await alice.api.post('/api/v1/orgs', { name: 'Acme' })).body;
    await addMember(org.id, dev, 'developer');

    const refused = await dev.api.patch(`/api/v1/orgs/${org.id}`, { name: 'Hijacked' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');

    const renamed = await alice.api.patch(`/api/v1/orgs/${org.id}`, { name: 'Acme Corp' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: org.id, name: 'Acme Corp', created_at: org.created_at });
    expect(renamed.body.updated_at > org.updated_at).toBe(true);
    // Other members see the new name once the stream has copied it onto their memberships (README: "Staleness window").
    await expect
      .poll(async () => (await dev.api.get('/api/v1/me')).body.orgs, { timeout: 5_000 })
      .toContainEqual({ id: org.id, name: 'Acme Corp', role: 'developer' });
  });

  it('answers 404 to outsiders, exactly as for an id that does not exist', async () => {
    const alice = await signUp('alice');
    const mallory = await signUp('mallory');
    const org = (await alice.api.post('/api/v1/orgs', { name: 'Acme' })).body;

    const foreign = await mallory.api.get(`/api/v1/orgs/${org.id}`);
    const random = await mallory.api.get(`/api/v1/orgs/${randomUUID()}`);
    expect(foreign.status).toBe(404);
    expect(random.status).toBe(404);
    expect({ ...foreign.body.error, request_id: 'x' }).toEqual({ ...random.body.error, request_id: 'x' });

    expect((await mallory.api.patch(`/api/v1/orgs/${org.id}`, { name: 'Mine' })).status).toBe(404);
    expect((await mallory.api.get(`/api/v1/orgs/${org.id}/roles`)).status).toBe(404);
    expect((await alice.api.get(`/api/v1/orgs/${org.id}`)).body.name).toBe('Acme');
  });

  it('validates names: required, not blank, at most 100 characters, no control characters', async () => {
    const alice = await signUp('alice');
    for (const body of [{}, { name: '   ' }, { name: 'x'.repeat(101) }, { name: 'bad\u0000name' }, { name: 42 }]) {
      const response = await alice.api.post('/api/v1/orgs', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('invalid_request');
      expect(response.body.error.details[0].field).toBe('body.name');
    }
  });
});

describe('roles', () => {
  it('lists the default roles with their permissions to any member', async () => {
    const alice = await signUp('alice');
    const viewer = await signUp('vera');
    const org = (await alice.api.post('/api/v1/orgs', { name: 'Acme' })).body;
    await addMember(org.id, viewer, 'viewer');

    const roles = await viewer.api.get(`/api/v1/orgs/${org.id}/roles`);
    expect(roles.status).toBe(200);
    expect(roles.body.data.map((role: { key: string }) => role.key)).toEqual(['admin', 'developer', 'viewer']);
    expect(roles.body.data[0].permissions).toContain('org:update');
    expect(roles.body.data[2].permissions).not.toContain('workspace:create');
    expect(roles.body.next_cursor).toBeNull();

    const paged = await viewer.api.get(`/api/v1/orgs/${org.id}/roles?limit=2`);
    const rest = await viewer.api.get(`/api/v1/orgs/${org.id}/roles?limit=2&cursor=${paged.body.next_cursor}`);
    expect([...paged.body.data, ...rest.body.data].map((role: { key: string }) => role.key)).toEqual(['admin', 'developer', 'viewer']);
    expect(rest.body.next_cursor).toBeNull();
  });
});

describe('service endpoints', () => {
  it('answers health checks without a token', async () => {
    expect(await call('GET', '/api/v1/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});
