// ETags and If-Match: a client that read a resource can update it only as it read it. A stale
// If-Match answers 412 with the current ETag and changes nothing; so does losing a race.
import { beforeEach, describe, expect, it } from 'vitest';
import { IF_MATCH_MAX_LENGTH } from '../../shared/http/request-input.js';
import { call, signUp, type TestUser } from '../support/api.js';
import { addMember } from '../support/members.js';
import { itemsOfOrg } from '../support/table.js';

let admin: TestUser;
let orgId: string;
let workspaceUrl: string;

beforeEach(async () => {
  admin = await signUp('admin');
  orgId = (await admin.api.post('/api/v1/orgs', { name: 'Acme' })).body.id;
  const workspace = await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'staging' });
  workspaceUrl = `/api/v1/orgs/${orgId}/workspaces/${workspace.body.id}`;
});

const write = (method: 'PATCH' | 'DELETE', path: string, ifMatch: string | undefined, body?: unknown) =>
  call(method, path, { token: admin.token, body, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });

describe('ETags', () => {
  it('name each representation: the same state gives the same ETag, a change a new one', async () => {
    const first = await admin.api.get(workspaceUrl);
    expect(first.headers.get('etag')).toMatch(/^"[\w-]{22}"$/);
    expect((await admin.api.get(workspaceUrl)).headers.get('etag')).toBe(first.headers.get('etag'));

    const renamed = await write('PATCH', workspaceUrl, undefined, { name: 'pre-prod' });
    expect(renamed.headers.get('etag')).not.toBe(first.headers.get('etag'));
    expect((await admin.api.get(workspaceUrl)).headers.get('etag')).toBe(renamed.headers.get('etag'));
  });

  it('stay the same through an update that changes nothing, which writes nothing (#16)', async () => {
    const orgUrl = `/api/v1/orgs/${orgId}`;
    const storedBefore = await itemsOfOrg(orgId);
    for (const [url, body] of [
      [orgUrl, { name: 'Acme' }],
      [workspaceUrl, { name: 'staging' }],
      [workspaceUrl, { name: 'staging', status: 'active', icon_url: null }],
    ] as const) {
      const read = await admin.api.get(url);
      for (const ifMatch of [undefined, read.headers.get('etag')!]) {
        const unchanged = await write('PATCH', url, ifMatch, body);
        expect(unchanged.status, JSON.stringify(body)).toBe(200);
        expect(unchanged.body).toEqual(read.body);
        expect(unchanged.headers.get('etag')).toBe(read.headers.get('etag'));
      }
    }
    expect(await itemsOfOrg(orgId)).toEqual(storedBefore);
    // Still checked: who may write, and whether the client's version is current.
    const viewer = await signUp('viewer');
    await addMember(orgId, viewer, 'viewer');
    expect((await viewer.api.patch(orgUrl, { name: 'Acme' })).status).toBe(403);
    expect((await write('PATCH', workspaceUrl, '"stale"', { name: 'staging' })).status).toBe(412);
  });

  it('are readable by browser clients', async () => {
    const response = await call('GET', workspaceUrl, { token: admin.token, headers: { origin: 'https://app.example.com' } });
    expect(response.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('etag');
  });
});

describe('If-Match', () => {
  it('updates a workspace read at its current ETag, and refuses the same ETag once it is stale', async () => {
    const read = await admin.api.get(workspaceUrl);
    const etag = read.headers.get('etag')!;

    const first = await write('PATCH', workspaceUrl, etag, { name: 'pre-prod' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);

    const stale = await write('PATCH', workspaceUrl, etag, { name: 'overwritten' });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('precondition_failed');
    expect(stale.headers.get('etag')).toBe(first.headers.get('etag'));
    expect((await admin.api.get(workspaceUrl)).body.name).toBe('pre-prod');

    const fresh = await write('PATCH', workspaceUrl, stale.headers.get('etag')!, { name: 'overwritten' });
    expect(fresh.status).toBe(200);
  });

  it('lets exactly one of many concurrent updates from the same read win', async () => {
    const etag = (await admin.api.get(workspaceUrl)).headers.get('etag')!;
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => write('PATCH', workspaceUrl, etag, { name: `racer-${i}` })));
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.status === 412)).toHaveLength(7);
    expect((await admin.api.get(workspaceUrl)).body.name).toBe(winners[0]!.body.name);
  });

  it('keeps a workspace whose delete named a stale ETag', async () => {
    const etag = (await admin.api.get(workspaceUrl)).headers.get('etag')!;
    await write('PATCH', workspaceUrl, undefined, { status: 'inactive' });
    expect((await write('DELETE', workspaceUrl, etag)).status).toBe(412);
    expect((await admin.api.get(workspaceUrl)).status).toBe(200);
    const current = (await admin.api.get(workspaceUrl)).headers.get('etag')!;
    expect((await write('DELETE', workspaceUrl, current)).status).toBe(204);
  });

  it('guards org renames', async () => {
    const orgUrl = `/api/v1/orgs/${orgId}`;
    const etag = (await admin.api.get(orgUrl)).headers.get('etag')!;
    expect((await write('PATCH', orgUrl, etag, { name: 'Acme Inc' })).status).toBe(200);
    const stale = await write('PATCH', orgUrl, etag, { name: 'Acme Corp' });
    expect(stale.status).toBe(412);
    expect((await admin.api.get(orgUrl)).body.name).toBe('Acme Inc');
  });

  it("guards role changes, and a member's ETag changes with their workspace grants", async () => {
    const bob = await signUp('bob');
    await addMember(orgId, bob, 'viewer');
    const memberUrl = `/api/v1/orgs/${orgId}/members/${bob.id}`;
    const read = await admin.api.get(memberUrl);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ user_id: bob.id, role: 'viewer' });

    const workspaceId = workspaceUrl.split('/').at(-1);
    expect((await admin.api.put(`/api/v1/orgs/${orgId}/workspaces/${workspaceId}/members/${bob.id}`, { role: 'developer' })).status).toBe(
      200,
    );
    const stale = await write('PATCH', memberUrl, read.headers.get('etag')!, { role: 'admin' });
    expect(stale.status).toBe(412);
    expect((await admin.api.get(memberUrl)).body.role).toBe('viewer');

    expect((await write('PATCH', memberUrl, stale.headers.get('etag')!, { role: 'developer' })).status).toBe(200);
  });

  it('accepts "*" as any current version, and refuses a header that is not a list of ETags', async () => {
    expect((await write('PATCH', workspaceUrl, '*', { name: 'starred' })).status).toBe(200);
    const malformed = await write('PATCH', workspaceUrl, 'abc123', { name: 'unquoted' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].field).toBe('header.if-match');
    // A weak ETag never matches a strong comparison.
    const weak = `W/${(await admin.api.get(workspaceUrl)).headers.get('etag')}`;
    expect((await write('PATCH', workspaceUrl, weak, { name: 'weak' })).status).toBe(412);
  });

  it('refuses a header longer than the document allows, even one listing the current ETag', async () => {
    const etag = (await admin.api.get(workspaceUrl)).headers.get('etag')!;
    const tags = Array.from({ length: Math.ceil(IF_MATCH_MAX_LENGTH / etag.length) }, () => etag).join(',');
    const tooLong = await write('PATCH', workspaceUrl, tags, { name: 'too-long' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details).toEqual([
      { field: 'header.if-match', message: `must be at most ${IF_MATCH_MAX_LENGTH} characters` },
    ]);
    expect((await admin.api.get(workspaceUrl)).body.name).toBe('staging');
  });
});
