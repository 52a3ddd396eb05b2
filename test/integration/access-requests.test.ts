// Workspace discovery and access requests, end to end: a member sees the workspaces they are not
// in, asks for one, its admins get the email and approve or deny, the requester gets the outcome
// by email and (approved) opens the workspace. The emails are read from the SES server.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { accessRequestCounter, accessRequestEntity } from '../../features/access-requests/access-request-entity.js';
import { db, tableName } from '../../shared/clients.js';
import { signUp, type TestUser } from '../support/api.js';
import { emailsTo, linksIn, waitForEmail } from '../support/mail.js';
import { addMember } from '../support/members.js';
import { fillQuota } from '../support/quotas.js';

/** Acme: Alice its admin, `staging` and `prod`; Carol a viewer with `staging` only; Dave the admin of `prod` alone. */
async function acme() {
  const [alice, carol, dave] = await Promise.all([signUp('alice'), signUp('carol'), signUp('dave')]);
  const orgId: string = (await alice.api.post('/api/v1/orgs', { name: 'Acme' })).body.id;
  const staging: string = (await alice.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'staging' })).body.id;
  const prod: string = (await alice.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'prod' })).body.id;
  await addMember(orgId, carol, 'viewer', { [staging]: 'viewer' });
  await addMember(orgId, dave, 'developer', { [prod]: 'admin' });
  const requests = (workspaceId: string) => `/api/v1/orgs/${orgId}/workspaces/${workspaceId}/access-requests`;
  return { orgId, staging, prod, alice, carol, dave, requests };
}

const subjectsTo = async (user: TestUser) => (await emailsTo(user.email)).map((email) => email.subject);

describe('Carol asks for prod', () => {
  it('sees prod listed with access "none", asks, an admin gets the email and approves, and Carol opens prod', async () => {
    const { orgId, staging, prod, alice, carol, dave, requests } = await acme();

    const plain = await carol.api.get(`/api/v1/orgs/${orgId}/workspaces`);
    expect(plain.body.data.map((w: { id: string }) => w.id)).toEqual([staging]);
    const all = await carol.api.get(`/api/v1/orgs/${orgId}/workspaces?access=all`);
    expect(all.status).toBe(200);
    const listed = Object.fromEntries(all.body.data.map((w: { name: string }) => [w.name, w]));
    expect(listed.staging).toMatchObject({ id: staging, access: 'member', role: 'viewer' });
    expect(listed.prod).toMatchObject({ id: prod, access: 'none', role: null });
    expect((await carol.api.get(`/api/v1/orgs/${orgId}/workspaces/${prod}`)).status).toBe(404);

    const created = await carol.api.post(requests(prod), { role: 'developer', message: 'Need to check the deploy at evil.example' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'pending',
      role: 'developer',
      workspace_id: prod,
      workspace_name: 'prod',
      requester: { id: carol.id, email: carol.email },
    });

    // Alice (org admin) and Dave (prod's admin) are emailed; the message reaches them inert.
    const toAlice = await waitForEmail(alice.email);
    expect(toAlice.subject).toContain('asks for access to \u201cprod\u201d');
    expect(toAlice.body.text).toContain('evil[.]example');
    expect(linksIn(toAlice.body.text ?? '')).toEqual([]);
    await waitForEmail(dave.email);
    expect(await subjectsTo(carol)).toEqual([]);

    const pending = await alice.api.get(`${requests(prod)}?status=pending`);
    expect(pending.body.data.map((r: { id: string }) => r.id)).toEqual([created.body.id]);

    const approved = await alice.api.post(`${requests(prod)}/${created.body.id}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', granted_role: 'developer', decided_by: alice.id });

    const outcome = await waitForEmail(carol.email);
    expect(outcome.subject).toContain('was approved');
    const opened = await carol.api.get(`/api/v1/orgs/${orgId}/workspaces/${prod}`);
    expect(opened.status).toBe(200);
    expect(opened.body.role).toBe('developer');

    const mine = await carol.api.get('/api/v1/me/access-requests');
    expect(mine.body.data).toEqual([expect.objectContaining({ id: created.body.id, status: 'approved' })]);

    const log = await alice.api.get(`/api/v1/orgs/${orgId}/audit-log?action=access_request.*`);
    expect(log.body.data.map((event: { action: string }) => event.action).sort()).toEqual([
      'access_request.approved',
      'access_request.created',
    ]);
    const grants = await alice.api.get(`/api/v1/orgs/${orgId}/audit-log?action=workspace_member.added`);
    expect(grants.body.data.filter((event: { source: string }) => event.source === 'access_request')).toHaveLength(1);
  });
});

describe('one pending request per person and workspace', () => {
  it('refuses a second, lets the requester cancel it (and nobody else), then ask again', async () => {
    const { prod, alice, carol, requests } = await acme();
    const first = await carol.api.post(requests(prod), {});
    expect(first.status).toBe(201);
    expect(first.body.role).toBe('viewer');
    const second = await carol.api.post(requests(prod), { role: 'developer' });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('access_request_pending');

    expect((await alice.api.delete(`${requests(prod)}/${first.body.id}`)).status).toBe(404);
    expect((await carol.api.delete(`${requests(prod)}/${first.body.id}`)).status).toBe(204);
    const again = await carol.api.delete(`${requests(prod)}/${first.body.id}`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('access_request_closed');
    expect((await alice.api.post(`${requests(prod)}/${first.body.id}/approve`, {})).status).toBe(409);

    expect((await carol.api.post(requests(prod), {})).status).toBe(201);
    const mine = await carol.api.get('/api/v1/me/access-requests');
    expect(mine.body.data.map((r: { status: string }) => r.status)).toEqual(['cancelled', 'pending']);
  });

  it('tells a member who already has a role there so', async () => {
    const { staging, alice, carol, requests } = await acme();
    const own = await carol.api.post(requests(staging), {});
    expect(own.status).toBe(409);
    expect(own.body.error.code).toBe('already_workspace_member');
    expect((await alice.api.post(requests(staging), {})).body.error.code).toBe('already_workspace_member');
  });
});

describe('denying', () => {
  it('closes the request and emails the requester the reason, inert', async () => {
    const { prod, dave, carol, requests } = await acme();
    const created = await carol.api.post(requests(prod), {});
    const denied = await dave.api.post(`${requests(prod)}/${created.body.id}/deny`, { reason: 'Ask at https://intranet.example/help' });
    expect(denied.status).toBe(200);
    expect(denied.body).toMatchObject({ status: 'denied', granted_role: null, reason: 'Ask at https://intranet.example/help' });
    const email = await waitForEmail(carol.email);
    expect(email.subject).toContain('was denied');
    expect(email.body.text).toContain('intranet[.]example');
    expect(linksIn(email.body.text ?? '')).toEqual([]);
    expect((await carol.api.get(`/api/v1/orgs/${created.body.org_id}/workspaces/${prod}`)).status).toBe(404);
  });
});

describe('workspaces hidden from non-members', () => {
  it('are not listed for them, and answer a request with 404', async () => {
    const { orgId, prod, dave, carol, requests } = await acme();
    const hidden = await dave.api.patch(`/api/v1/orgs/${orgId}/workspaces/${prod}`, { discoverable: false });
    expect(hidden.status).toBe(200);
    expect(hidden.body).toMatchObject({ discoverable: false, role: 'admin' });
    const all = await carol.api.get(`/api/v1/orgs/${orgId}/workspaces?access=all`);
    expect(all.body.data.map((w: { name: string }) => w.name)).not.toContain('prod');
    const refused = await carol.api.post(requests(prod), {});
    expect(refused.status).toBe(404);
    // Its members still see it, and so do the org's admins.
    expect((await dave.api.get(`/api/v1/orgs/${orgId}/workspaces?access=all`)).body.data.map((w: { name: string }) => w.name)).toContain(
      'prod',
    );
  });
});

describe('racing approvals', () => {
  it('leave exactly one grant and one approved event; the others answer 409', async () => {
    const { orgId, prod, alice, carol, requests } = await acme();
    const created = await carol.api.post(requests(prod), { role: 'developer' });
    const answers = await Promise.all(Array.from({ length: 20 }, () => alice.api.post(`${requests(prod)}/${created.body.id}/approve`, {})));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, ...Array(19).fill(409)]);
    for (const answer of answers.filter((a) => a.status === 409)) expect(answer.body.error.code).toBe('access_request_closed');
    const log = await alice.api.get(`/api/v1/orgs/${orgId}/audit-log?action=access_request.approved`);
    expect(log.body.data).toHaveLength(1);
    const grants = await alice.api.get(`/api/v1/orgs/${orgId}/audit-log?action=workspace_member.added`);
    expect(grants.body.data.filter((event: { source: string }) => event.source === 'access_request')).toHaveLength(1);
    await waitForEmail(carol.email);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await subjectsTo(carol)).toHaveLength(1);
  }, 60_000);
});

describe('limits', () => {
  it('allows 20 pending requests per person across an org; expired ones no longer count', async () => {
    const { orgId, prod, carol, requests } = await acme();
    const live = new Date(Date.now() + 86_400_000).toISOString();
    const pending = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`00000000-0000-7000-8000-${String(i).padStart(12, '0')}`, live]),
    );
    const setCounter = (entries: Record<string, string>) =>
      db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: accessRequestCounter.key({ org_id: orgId, requester_id: carol.id }),
          UpdateExpression: 'SET #type = :type, pending = :pending, version = :version',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':type': accessRequestCounter.type, ':pending': entries, ':version': 7 },
        }),
      );
    await setCounter(pending);
    const refused = await carol.api.post(requests(prod), {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('access_request_limit_reached');

    const past = new Date(Date.now() - 1000).toISOString();
    await setCounter({ ...pending, [Object.keys(pending)[0]!]: past });
    expect((await carol.api.post(requests(prod), {})).status).toBe(201);
  });

  it('caps the access requests one person makes in an hour, as invitation emails are', async () => {
    const { prod, carol, requests } = await acme();
    await fillQuota({ scope: 'access_requester', subject: carol.id, window: 'hour' }, 30);
    const refused = await carol.api.post(requests(prod), {});
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('too_many_access_requests');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('expiry', () => {
  it('reads a request past its 30 days as expired, and lets the person ask again', async () => {
    const { orgId, prod, alice, carol, requests } = await acme();
    const created = await carol.api.post(requests(prod), {});
    expect(created.body.expires_at.slice(0, 10)).toBe(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: accessRequestEntity.key({ org_id: orgId, workspace_id: prod, id: created.body.id }),
        UpdateExpression: 'SET expires_at = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
      }),
    );
    const { pendingAccessRequestGuard } = await import('../../features/access-requests/access-request-entity.js');
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: pendingAccessRequestGuard.key({ org_id: orgId, workspace_id: prod, requester_id: carol.id }),
        UpdateExpression: 'SET expires_at = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
      }),
    );
    const expired = await alice.api.get(`${requests(prod)}?status=expired`);
    expect(expired.body.data.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([[created.body.id, 'expired']]);
    expect((await alice.api.get(`${requests(prod)}?status=pending`)).body.data).toEqual([]);
    expect((await alice.api.post(`${requests(prod)}/${created.body.id}/approve`, {})).body.error.code).toBe('access_request_closed');
    expect((await carol.api.post(requests(prod), {})).status).toBe(201);
  });
});
