// Joining an org by its verified domain, through the local runtime and its authorizer: `auto`
// joins a person with a verified address at the domain on their first sign-in (and on their next
// uncached request when they already existed), `suggest` lets them ask, and the org's admins
// answer; the emails are read from the SES server. The domain's owner item is put in DynamoDB
// Local as a verified claim leaves it (test/support/joining.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { signUp, type TestUser } from '../support/api.js';
import { uniqueDomain } from '../support/domains.js';
import { ownDomain, requestsPath, settingsPath, signInAs } from '../support/joining.js';
import { emailsTo, type SentEmail, waitForEmail } from '../support/mail.js';

interface Org {
  orgId: string;
  domain: string;
  firstWorkspaceId: string;
  stagingId: string;
}

async function orgAtDomain(admin: TestUser, name: string, settings?: Record<string, unknown>): Promise<Org> {
  const created = await admin.api.post('/api/v1/orgs', { name });
  expect(created.status).toBe(201);
  const orgId: string = created.body.id;
  const firstWorkspaceId: string = (await admin.api.get(`/api/v1/orgs/${orgId}/workspaces`)).body.data[0].id;
  const stagingId: string = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'staging' })).body.id;
  const domain = uniqueDomain(name.toLowerCase());
  await ownDomain(orgId, domain);
  if (settings) {
    const patched = await admin.api.patch(settingsPath(orgId), settings);
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  }
  return { orgId, domain, firstWorkspaceId, stagingId };
}

/** The email to an address that names this text (the shared admin hears of several orgs). */
async function emailMentioning(address: string, text: string, timeoutMs = 15_000): Promise<SentEmail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await emailsTo(address)).find((email) => (email.body.text ?? '').includes(text));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`No email to ${address} mentioning ${text} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const orgIdsOf = async (user: TestUser): Promise<string[]> =>
  (await user.api.get('/api/v1/me')).body.orgs.map((org: { id: string }) => org.id);

let admin: TestUser;

beforeAll(async () => {
  admin = await signUp('join-admin');
});

describe('domain settings', () => {
  it('are off, viewer and the first workspace until an admin changes them; only what is sent changes', async () => {
    const acme = await orgAtDomain(admin, 'Settings');
    expect((await admin.api.get(settingsPath(acme.orgId))).body).toEqual({
      org_id: acme.orgId,
      join_mode: 'off',
      default_role: 'viewer',
      default_workspace_id: null,
      updated_at: null,
    });
    const patched = await admin.api.patch(settingsPath(acme.orgId), { join_mode: 'suggest', default_workspace_id: acme.stagingId });
    expect(patched.body).toMatchObject({ join_mode: 'suggest', default_role: 'viewer', default_workspace_id: acme.stagingId });
    expect((await admin.api.patch(settingsPath(acme.orgId), { default_role: 'developer' })).body).toMatchObject({
      join_mode: 'suggest',
      default_role: 'developer',
      default_workspace_id: acme.stagingId,
    });
    const log = await admin.api.get(`/api/v1/orgs/${acme.orgId}/audit-log?action=domain_settings.updated`);
    expect(log.body.data).toHaveLength(2);
  });

  it("take only an active workspace of the org, and are the admins' alone", async () => {
    const acme = await orgAtDomain(admin, 'Strict');
    const other = await orgAtDomain(admin, 'Elsewhere');
    const foreign = await admin.api.patch(settingsPath(acme.orgId), { default_workspace_id: other.stagingId });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details).toEqual([expect.objectContaining({ field: 'body.default_workspace_id' })]);
    await admin.api.patch(`/api/v1/orgs/${acme.orgId}/workspaces/${acme.stagingId}`, { status: 'inactive' });
    expect((await admin.api.patch(settingsPath(acme.orgId), { default_workspace_id: acme.stagingId })).status).toBe(400);
    expect((await admin.api.patch(settingsPath(acme.orgId), { join_mode: 'sometimes' })).status).toBe(400);
    const stranger = await signUp('settings-stranger');
    expect((await stranger.api.get(settingsPath(acme.orgId))).status).toBe(404);
  });

  it('go back to the first workspace when the default one is deleted', async () => {
    const acme = await orgAtDomain(admin, 'Reset', { default_workspace_id: undefined });
    await admin.api.patch(settingsPath(acme.orgId), { default_workspace_id: acme.stagingId });
    expect((await admin.api.delete(`/api/v1/orgs/${acme.orgId}/workspaces/${acme.stagingId}`)).status).toBe(204);
    expect((await admin.api.get(settingsPath(acme.orgId))).body.default_workspace_id).toBeNull();
  });
});

describe('auto mode', () => {
  it('joins a new user at the domain on first sign-in, as a viewer of the default workspace and nothing else', async () => {
    const acme = await orgAtDomain(admin, 'Acme', { join_mode: 'auto', default_workspace_id: undefined });
    await admin.api.patch(settingsPath(acme.orgId), { default_workspace_id: acme.stagingId });
    const carol = await signInAs(`carol@${acme.domain}`);
    const me = await carol.api.get('/api/v1/me');
    expect(me.body.orgs).toEqual(expect.arrayContaining([{ id: acme.orgId, name: 'Acme', role: 'viewer' }]));
    expect(me.body.orgs).toHaveLength(2); // her personal org, and Acme
    const membership = await admin.api.get(`/api/v1/orgs/${acme.orgId}/members/${carol.id}`);
    expect(membership.body).toMatchObject({ role: 'viewer', workspaces: [{ workspace_id: acme.stagingId, role: 'viewer' }] });
    const visible = await carol.api.get(`/api/v1/orgs/${acme.orgId}/workspaces`);
    expect(visible.body.data.map((workspace: { name: string }) => workspace.name)).toEqual(['staging']);
    const log = await admin.api.get(`/api/v1/orgs/${acme.orgId}/audit-log?action=member.added`);
    expect(log.body.data.find((event: { targets: { id: string }[] }) => event.targets[0]?.id === carol.id)).toMatchObject({
      source: 'domain_auto_join',
      actor: { type: 'user', id: carol.id },
    });
  });

  it('never joins an unverified email', async () => {
    const acme = await orgAtDomain(admin, 'Unverified', { join_mode: 'auto' });
    const mallory = await signInAs(`mallory@${acme.domain}`, { emailVerified: false });
    expect(await orgIdsOf(mallory)).not.toContain(acme.orgId);
    expect((await mallory.api.post(`/api/v1/orgs/${acme.orgId}/join`)).status).toBe(404);
    expect((await mallory.api.get('/api/v1/me/joinable-orgs')).status).toBe(403);
  });

  it('grants the first workspace when no default is set, and the default role', async () => {
    const acme = await orgAtDomain(admin, 'Firsts', { join_mode: 'auto', default_role: 'developer' });
    const dave = await signInAs(`dave@${acme.domain}`);
    const membership = await admin.api.get(`/api/v1/orgs/${acme.orgId}/members/${dave.id}`);
    expect(membership.body).toMatchObject({ role: 'developer', workspaces: [{ workspace_id: acme.firstWorkspaceId, role: 'developer' }] });
  });

  it('joins someone who already existed on their next uncached request, and POST /join is idempotent', async () => {
    const acme = await orgAtDomain(admin, 'Later');
    const erin = await signInAs(`erin@${acme.domain}`);
    const frank = await signInAs(`frank@${acme.domain}`);
    expect(await orgIdsOf(erin)).not.toContain(acme.orgId);
    expect((await frank.api.post(`/api/v1/orgs/${acme.orgId}/join`)).status).toBe(404); // not in auto mode yet
    await admin.api.patch(settingsPath(acme.orgId), { join_mode: 'auto' });
    expect(await orgIdsOf(await signInAs(erin.email))).toContain(acme.orgId);
    const joined = await frank.api.post(`/api/v1/orgs/${acme.orgId}/join`);
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ user_id: frank.id, role: 'viewer' });
    const again = await frank.api.post(`/api/v1/orgs/${acme.orgId}/join`);
    expect(again.body).toEqual(joined.body);
  });

  it('does not count a lapsed domain, nor a domain that is only a parent of the address', async () => {
    const acme = await orgAtDomain(admin, 'Lapsed', { join_mode: 'auto' });
    await ownDomain(acme.orgId, acme.domain, 'lapsed');
    expect(await orgIdsOf(await signInAs(`gina@${acme.domain}`))).not.toContain(acme.orgId);
    const parent = await orgAtDomain(admin, 'Parent', { join_mode: 'auto' });
    expect(await orgIdsOf(await signInAs(`hal@eu.${parent.domain}`))).not.toContain(parent.orgId);
  });

  it('does not bring back someone who left, nor someone an admin removed until an admin invites them again', async () => {
    const acme = await orgAtDomain(admin, 'Sticky', { join_mode: 'auto' });
    const ivan = await signInAs(`ivan@${acme.domain}`);
    const judy = await signInAs(`judy@${acme.domain}`);
    expect((await ivan.api.delete(`/api/v1/orgs/${acme.orgId}/members/${ivan.id}`)).status).toBe(204);
    expect((await admin.api.delete(`/api/v1/orgs/${acme.orgId}/members/${judy.id}`)).status).toBe(204);
    expect(await orgIdsOf(await signInAs(ivan.email))).not.toContain(acme.orgId);
    expect(await orgIdsOf(await signInAs(judy.email))).not.toContain(acme.orgId);
    expect((await ivan.api.post(`/api/v1/orgs/${acme.orgId}/join`)).status).toBe(404);
    // One who left may still ask; one removed may not.
    await admin.api.patch(settingsPath(acme.orgId), { join_mode: 'suggest' });
    expect((await ivan.api.get('/api/v1/me/joinable-orgs')).body.data).toEqual([{ id: acme.orgId, name: 'Sticky' }]);
    expect((await judy.api.get('/api/v1/me/joinable-orgs')).body.data).toEqual([]);
    expect((await judy.api.post(requestsPath(acme.orgId), {})).status).toBe(404);
    await admin.api.patch(settingsPath(acme.orgId), { join_mode: 'auto' });
    expect((await admin.api.post(`/api/v1/orgs/${acme.orgId}/invitations`, { email: judy.email, role: 'viewer' })).status).toBe(201);
    expect(await orgIdsOf(await signInAs(judy.email))).toContain(acme.orgId);
  });
});

describe('suggest mode', () => {
  it('shows the org to people at the domain, who ask; the admins are emailed, approve with a role, and the requester hears', async () => {
    const acme = await orgAtDomain(admin, 'Suggesting', { join_mode: 'suggest' });
    await admin.api.patch(settingsPath(acme.orgId), { default_workspace_id: acme.stagingId });
    const kim = await signInAs(`kim@${acme.domain}`);
    expect(await orgIdsOf(kim)).not.toContain(acme.orgId);
    expect((await kim.api.get('/api/v1/me/joinable-orgs')).body).toEqual({
      data: [{ id: acme.orgId, name: 'Suggesting' }],
      next_cursor: null,
    });
    expect((await kim.api.post(`/api/v1/orgs/${acme.orgId}/join`)).status).toBe(404); // suggest: ask, do not join

    const asked = await kim.api.post(requestsPath(acme.orgId), { message: 'I run the build at www.evil.test' });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'pending', user_id: kim.id, email: kim.email, message: 'I run the build at www.evil.test' });
    expect((await kim.api.post(requestsPath(acme.orgId), {})).body.error.code).toBe('join_request_pending');
    const toAdmins = await emailMentioning(admin.email, 'Suggesting');
    expect(toAdmins.subject).toContain('asks to join');
    expect(toAdmins.body.text).toContain('www[.]evil[.]test');

    const list = await admin.api.get(`${requestsPath(acme.orgId)}?status=pending`);
    expect(list.body.data.map((request: { id: string }) => request.id)).toEqual([asked.body.id]);
    const approved = await admin.api.post(`${requestsPath(acme.orgId)}/${asked.body.id}/approve`, { role: 'developer' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', role: 'developer' });
    const membership = await admin.api.get(`/api/v1/orgs/${acme.orgId}/members/${kim.id}`);
    expect(membership.body).toMatchObject({ role: 'developer', workspaces: [{ workspace_id: acme.stagingId, role: 'developer' }] });
    const answer = await waitForEmail(kim.email);
    expect(answer.subject).toContain('approved');
    expect((await admin.api.post(`${requestsPath(acme.orgId)}/${asked.body.id}/deny`, {})).body.error.code).toBe('join_request_closed');
    expect((await kim.api.get('/api/v1/me/join-requests')).body.data).toEqual([
      expect.objectContaining({ id: asked.body.id, org: { id: acme.orgId, name: 'Suggesting' }, status: 'approved', role: 'developer' }),
    ]);
    const log = await admin.api.get(`/api/v1/orgs/${acme.orgId}/audit-log?action=join_request.*`);
    expect(log.body.data.map((event: { action: string }) => event.action).sort()).toEqual([
      'join_request.approved',
      'join_request.created',
    ]);
  });

  it('lets an admin deny with a reason, which the requester reads; a requester may cancel their own', async () => {
    const acme = await orgAtDomain(admin, 'Denying', { join_mode: 'suggest' });
    const leo = await signInAs(`leo@${acme.domain}`);
    const mia = await signInAs(`mia@${acme.domain}`);
    const asked = await leo.api.post(requestsPath(acme.orgId), {});
    const denied = await admin.api.post(`${requestsPath(acme.orgId)}/${asked.body.id}/deny`, { reason: 'Contractors use the partner org' });
    expect(denied.body).toMatchObject({ status: 'denied', reason: 'Contractors use the partner org' });
    const answer = await waitForEmail(leo.email);
    expect(answer.subject).toContain('denied');
    expect(answer.body.text).toContain('Contractors use the partner org');
    expect(await orgIdsOf(await signInAs(leo.email))).not.toContain(acme.orgId);

    const hers = await mia.api.post(requestsPath(acme.orgId), {});
    expect((await leo.api.post(`${requestsPath(acme.orgId)}/${hers.body.id}/cancel`)).status).toBe(404);
    expect((await mia.api.post(`${requestsPath(acme.orgId)}/${hers.body.id}/cancel`)).status).toBe(204);
    expect((await mia.api.post(`${requestsPath(acme.orgId)}/${hers.body.id}/cancel`)).body.error.code).toBe('join_request_closed');
    expect((await mia.api.post(requestsPath(acme.orgId), {})).status).toBe(201); // asking again after cancelling
    const statuses = (await admin.api.get(requestsPath(acme.orgId))).body.data.map((request: { status: string }) => request.status);
    expect(statuses).toEqual(['denied', 'cancelled', 'pending']);
  });

  it('answers 404 to people at another domain, to an org in off mode, and to members', async () => {
    const acme = await orgAtDomain(admin, 'Closed');
    const nora = await signInAs(`nora@${acme.domain}`);
    expect((await nora.api.post(requestsPath(acme.orgId), {})).status).toBe(404);
    expect((await nora.api.get('/api/v1/me/joinable-orgs')).body.data).toEqual([]);
    await admin.api.patch(settingsPath(acme.orgId), { join_mode: 'suggest' });
    const outsider = await signUp('join-outsider');
    expect((await outsider.api.post(requestsPath(acme.orgId), {})).status).toBe(404);
    expect((await admin.api.post(requestsPath(acme.orgId), {})).status).toBe(404); // the admin's address is not at the domain
    expect((await nora.api.get(requestsPath(acme.orgId))).status).toBe(404); // the admins' list
  });
});
