// Invitations end to end through the local runtime: the API writes the invitation and its email
// to the table, the mailer sends it from the table's stream through the SES server, and the
// invitee accepts with the token from the email they received.

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { outboxEntity } from '../../features/invitations/outbox-entity.js';
import { handler as sendInvitationEmails } from '../../functions/send-invitation-emails.js';
import { db, tableName } from '../../shared/clients.js';
import { call, mintToken, signUp, type TestUser, uniqueEmail } from '../support/api.js';
import { emailsTo, linksIn, tokenFrom, waitForEmail } from '../support/mail.js';
import { addMember } from '../support/members.js';
import { awayFromWindowEnd, fillQuota } from '../support/quotas.js';
import { expireInvitation, storedInvitation } from '../support/time-travel.js';

async function orgWithWorkspaces(admin: TestUser, name: string, workspaceNames: string[]) {
  const org = (await admin.api.post('/api/v1/orgs', { name })).body;
  const workspaces: Record<string, string> = {};
  for (const workspaceName of workspaceNames)
    workspaces[workspaceName] = (await admin.api.post(`/api/v1/orgs/${org.id}/workspaces`, { name: workspaceName })).body.id;
  return { orgId: org.id as string, workspaces };
}

async function invite(admin: TestUser, orgId: string, body: Record<string, unknown>) {
  return admin.api.post(`/api/v1/orgs/${orgId}/invitations`, { role: 'developer', ...body });
}

/** Invites an address and returns the token from the email it received. */
async function inviteAndReceive(admin: TestUser, orgId: string, email: string, body: Record<string, unknown> = {}) {
  const before = (await emailsTo(email)).length;
  const created = await invite(admin, orgId, { email, ...body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { invitation: created.body, token: tokenFrom(await waitForEmail(email, before + 1)) };
}

const accept = (token: string, bearer: string) => call('POST', `/api/v1/invitations/${token}/accept`, { token: bearer });

describe('inviting a teammate', () => {
  it('lets Bob join as a developer with access to staging, and only with his own address', async () => {
    const alice = await signUp('alice');
    const { orgId, workspaces } = await orgWithWorkspaces(alice, 'Acme', ['staging', 'prod']);
    const bobEmail = uniqueEmail('bob');

    const created = await invite(alice, orgId, { email: bobEmail, workspaces: [{ workspace_id: workspaces.staging, role: 'developer' }] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: bobEmail,
      role: 'developer',
      workspaces: [{ workspace_id: workspaces.staging, role: 'developer' }],
      status: 'pending',
      email_status: 'queued',
      invited_by: { user_id: alice.id, name: 'Alice Tester', email: alice.email },
    });
    expect(Date.parse(created.body.expires_at) - Date.parse(created.body.created_at)).toBe(7 * 86_400_000);
    expect(JSON.stringify(created.body)).not.toMatch(/token/i);

    const email = await waitForEmail(bobEmail);
    expect(email.destination.to).toEqual([bobEmail]);
    expect(email.subject).toBe('“Alice Tester” invited you to join “Acme”');
    expect(email.body.text).toContain('as a developer, with access to the workspace “staging” (developer)');
    expect(email.body.html).toContain('Alice Tester');
    const links = linksIn(email.body.text!);
    expect(links).toHaveLength(1);
    expect(new URL(links[0]!).searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const token = tokenFrom(email);

    const view = await call('GET', `/api/v1/invitations/${token}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      org: { id: orgId, name: 'Acme' },
      invited_by: { name: 'Alice Tester' },
      email: bobEmail,
      role: 'developer',
      workspaces: [{ workspace_id: workspaces.staging, name: 'staging', role: 'developer' }],
      status: 'pending',
    });

    const wrongAccount = await accept(token, await mintToken(uniqueEmail('not-bob')));
    expect(wrongAccount.status).toBe(403);
    expect(wrongAccount.body.error.code).toBe('invitation_email_mismatch');
    expect((await call('GET', `/api/v1/invitations/${token}`)).body.status).toBe('pending');

    const bobToken = await mintToken(bobEmail.toUpperCase(), 'Bob Builder');
    const joined = await accept(token, bobToken);
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    expect(joined.body).toMatchObject({ role: 'developer', workspaces: [{ workspace_id: workspaces.staging, role: 'developer' }] });

    const bobsWorkspaces = await call('GET', `/api/v1/orgs/${orgId}/workspaces`, { token: bobToken });
    expect(bobsWorkspaces.body.data.map((w: { name: string }) => w.name)).toEqual(['staging']);
    expect((await call('GET', `/api/v1/orgs/${orgId}/workspaces/${workspaces.prod}`, { token: bobToken })).status).toBe(404);

    expect((await call('GET', `/api/v1/invitations/${token}`)).body.status).toBe('accepted');
    const again = await accept(token, bobToken);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invitation_already_accepted');

    const leave = await alice.api.delete(`/api/v1/orgs/${orgId}/members/${alice.id}`);
    expect(leave.status).toBe(409);
    expect(leave.body.error.code).toBe('last_admin');
  });
});

describe('what an invitee meets', () => {
  it('sends names that look like links as text no mail client makes clickable', async () => {
    const mallory = await signUp('mallory');
    const { orgId, workspaces } = await orgWithWorkspaces(mallory, 'Acme https://evil.example/login', ['Visit evil.example now']);
    const victim = uniqueEmail('victim');
    await inviteAndReceive(mallory, orgId, victim, {
      workspaces: [{ workspace_id: workspaces['Visit evil.example now'], role: 'viewer' }],
    });

    const [email] = await emailsTo(victim);
    expect(email!.subject).toBe('“Mallory Tester” invited you to join “Acme https: //evil[.]example/login”');
    expect(email!.body.text).toContain(
      'the organization “Acme https: //evil[.]example/login” as a developer, with access to the workspace “Visit evil[.]example now” (viewer).',
    );
    expect(email!.body.html).toContain('“Acme https: //evil[.]example/login”');
    expect(linksIn(email!.body.text!)).toHaveLength(1);
    const [link] = linksIn(email!.body.text!);
    for (const part of [email!.subject, email!.body.text!.replace(link!, ''), email!.body.html!.replace(`href="${link}"`, '')])
      expect(part).not.toMatch(/:\/\/|evil\.example/);
  });

  it('answers each state of a link with its own status and code', async () => {
    const admin = await signUp('admin');
    const { orgId } = await orgWithWorkspaces(admin, 'States', []);

    expect((await call('GET', `/api/v1/invitations/${'A'.repeat(43)}`)).status).toBe(404);
    const malformed = await call('GET', '/api/v1/invitations/not-a-token');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].field).toBe('path.token');

    const revokedTo = uniqueEmail('revoked');
    const revoked = await inviteAndReceive(admin, orgId, revokedTo);
    expect((await admin.api.delete(`/api/v1/orgs/${orgId}/invitations/${revoked.invitation.id}`)).status).toBe(204);
    expect((await admin.api.delete(`/api/v1/orgs/${orgId}/invitations/${revoked.invitation.id}`)).status).toBe(204);
    const revokedAccept = await accept(revoked.token, await mintToken(revokedTo));
    expect([revokedAccept.status, revokedAccept.body.error.code]).toEqual([410, 'invitation_revoked']);
    expect((await call('GET', `/api/v1/invitations/${revoked.token}`)).body.status).toBe('revoked');

    const expiredTo = uniqueEmail('expired');
    const expired = await inviteAndReceive(admin, orgId, expiredTo);
    await expireInvitation(orgId, expired.invitation.id, expired.token);
    const expiredAccept = await accept(expired.token, await mintToken(expiredTo));
    expect([expiredAccept.status, expiredAccept.body.error.code]).toEqual([410, 'invitation_expired']);
    expect((await admin.api.get(`/api/v1/orgs/${orgId}/invitations?status=expired`)).body.data.map((i: { id: string }) => i.id)).toEqual([
      expired.invitation.id,
    ]);
    // An expired invitation does not block a new one to the same address; the new one replaces it.
    const again = await inviteAndReceive(admin, orgId, expiredTo.toUpperCase());
    expect((await accept(again.token, await mintToken(expiredTo))).status).toBe(200);

    const declinedTo = uniqueEmail('declined');
    const declined = await inviteAndReceive(admin, orgId, declinedTo);
    expect((await call('POST', `/api/v1/invitations/${declined.token}/decline`)).status).toBe(204);
    const declinedAccept = await accept(declined.token, await mintToken(declinedTo));
    expect([declinedAccept.status, declinedAccept.body.error.code]).toEqual([410, 'invitation_declined']);
    // Declining frees the address for a new invitation.
    expect((await invite(admin, orgId, { email: declinedTo })).status).toBe(201);
  });

  it('gives exactly one membership to twenty concurrent accepts of one link', async () => {
    const admin = await signUp('admin');
    const { orgId } = await orgWithWorkspaces(admin, 'Race', []);
    const email = uniqueEmail('racer');
    const { token } = await inviteAndReceive(admin, orgId, email);
    const bearer = await mintToken(email);
    await call('GET', '/api/v1/me', { token: bearer });
    const answers = await Promise.all(Array.from({ length: 20 }, () => accept(token, bearer)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status !== 200).every((status) => status === 409)).toBe(true);
    const listed = (await admin.api.get(`/api/v1/orgs/${orgId}/members`)).body.data;
    expect(listed.filter((member: { email: string }) => member.email === email)).toHaveLength(1);
  });

  it('lists the pending invitations to my verified address across orgs', async () => {
    const [first, second] = await Promise.all([signUp('first'), signUp('second')]);
    const [a, b] = await Promise.all([orgWithWorkspaces(first, 'Org A', []), orgWithWorkspaces(second, 'Org B', [])]);
    const email = uniqueEmail('popular');
    const fromA = await inviteAndReceive(first, a.orgId, email, { role: 'viewer' });
    await inviteAndReceive(second, b.orgId, email.toUpperCase(), { role: 'admin' });
    const me = await mintToken(email);
    const mine = await call('GET', '/api/v1/me/invitations', { token: me });
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((i: { org: { name: string }; role: string }) => [i.org.name, i.role]).sort()).toEqual([
      ['Org A', 'viewer'],
      ['Org B', 'admin'],
    ]);
    expect(JSON.stringify(mine.body)).not.toContain(fromA.token);
    await accept(fromA.token, me);
    expect(
      (await call('GET', '/api/v1/me/invitations', { token: me })).body.data.map((i: { org: { name: string } }) => i.org.name),
    ).toEqual(['Org B']);
  });
});

describe('emails to one address', () => {
  const revoke = (admin: TestUser, orgId: string, id: string) => admin.api.delete(`/api/v1/orgs/${orgId}/invitations/${id}`);
  const resend = (admin: TestUser, orgId: string, id: string) => admin.api.post(`/api/v1/orgs/${orgId}/invitations/${id}/resend`);

  it("does not let org A's invitations to an address hold back org B's", async () => {
    const [adminA, adminB] = await Promise.all([signUp('admin-a'), signUp('admin-b')]);
    const [a, b] = await Promise.all([orgWithWorkspaces(adminA, 'Org A', []), orgWithWorkspaces(adminB, 'Org B', [])]);
    const victim = uniqueEmail('victim');
    for (let i = 0; i < 3; i++) {
      const invited = await invite(adminA, a.orgId, { email: victim });
      expect(invited.status, JSON.stringify(invited.body)).toBe(201);
      expect((await revoke(adminA, a.orgId, invited.body.id)).status).toBe(204);
    }
    const fourth = await invite(adminA, a.orgId, { email: victim });
    expect([fourth.status, fourth.body.error.code]).toEqual([429, 'too_many_invitation_emails']);

    const fromB = await invite(adminB, b.orgId, { email: victim });
    expect(fromB.status, JSON.stringify(fromB.body)).toBe(201);
  });

  it('caps the emails an address gets from all orgs together at 10 an hour', async () => {
    await awayFromWindowEnd('hour', 30_000); // ten emails and the eleventh in one clock hour
    const admin = await signUp('admin');
    const orgs = await Promise.all(['One', 'Two', 'Three', 'Four'].map((name) => orgWithWorkspaces(admin, name, [])));
    const victim = uniqueEmail('flooded');
    const sends = [3, 3, 3, 1];
    let last: { orgId: string; id: string } | undefined;
    for (const [index, { orgId }] of orgs.entries()) {
      const invited = await invite(admin, orgId, { email: victim });
      expect(invited.status, JSON.stringify(invited.body)).toBe(201);
      for (let i = 1; i < sends[index]!; i++) expect((await resend(admin, orgId, invited.body.id)).status).toBe(202);
      last = { orgId, id: invited.body.id };
    }
    const eleventh = await resend(admin, last!.orgId, last!.id);
    expect([eleventh.status, eleventh.body.error.code]).toEqual([429, 'too_many_invitations_to_address']);
    expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(eleventh.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
  });

  it('lets one org send an address at most 5 emails an hour, so it alone never reaches that ceiling', async () => {
    const admin = await signUp('admin');
    const { orgId } = await orgWithWorkspaces(admin, 'Persistent', []);
    const victim = uniqueEmail('persisted');
    const invited = await invite(admin, orgId, { email: victim });
    expect(invited.status).toBe(201);
    // Four more emails earlier this hour, more than a minute ago.
    await fillQuota({ scope: 'org_address', subject: `${orgId}#${victim}`, window: 'hour' }, 5);
    const refused = await resend(admin, orgId, invited.body.id);
    expect([refused.status, refused.body.error.code]).toEqual([429, 'too_many_invitation_emails']);
    expect(refused.body.error.message).toContain('this hour');
  });
});

describe('look-alike addresses', () => {
  const unique = () => Math.random().toString(36).slice(2, 10);
  const myInvitations = async (bearer: string) =>
    (await call('GET', '/api/v1/me/invitations', { token: bearer })).body.data.map((i: { org: { id: string } }) => i.org.id);

  it('does not let a Kelvin-sign address accept or list the invitation sent to kate@', async () => {
    const admin = await signUp('admin');
    const { orgId } = await orgWithWorkspaces(admin, 'Kelvin', []);
    const tag = unique();
    const { token } = await inviteAndReceive(admin, orgId, `kate-${tag}@example.com`);

    const lookAlike = await mintToken(`\u212Aate-${tag}@example.com`);
    expect(await myInvitations(lookAlike)).toEqual([]);
    const refused = await accept(token, lookAlike);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'invitation_email_mismatch']);

    const kate = await mintToken(`Kate-${tag}@Example.com`);
    expect(await myInvitations(kate)).toEqual([orgId]);
    expect((await accept(token, kate)).status).toBe(200);
  });

  it("does not show a fullwidth address ibob@'s pending invitations, nor let it accept them", async () => {
    const admin = await signUp('admin');
    const { orgId } = await orgWithWorkspaces(admin, 'Fullwidth', []);
    const tag = unique();
    const { token } = await inviteAndReceive(admin, orgId, `ibob-${tag}@example.com`);

    const lookAlike = await mintToken(`\uff49bob-${tag}@example.com`);
    expect(await myInvitations(lookAlike)).toEqual([]);
    expect((await accept(token, lookAlike)).status).toBe(403);
    expect(await myInvitations(await mintToken(`ibob-${tag}@example.com`))).toEqual([orgId]);
  });

  it('refuses to invite an address with non-ASCII characters before the @', async () => {
    const admin = await signUp('admin');
    const { orgId } = await orgWithWorkspaces(admin, 'Ascii', []);
    for (const email of ['\u212Aate@example.com', '\uff49bob@example.com', 'jos\u00e9@example.com']) {
      const refused = await invite(admin, orgId, { email });
      expect(refused.status, email).toBe(400);
      expect(refused.body.error.details).toEqual([{ field: 'body.email', message: expect.stringContaining('ASCII') }]);
    }
    expect((await admin.api.get(`/api/v1/orgs/${orgId}/invitations`)).body.data).toEqual([]);
  });

  it('treats an internationalized domain in Unicode and in punycode as one domain', async () => {
    const admin = await signUp('admin');
    const { orgId } = await orgWithWorkspaces(admin, 'Bücher', []);
    const local = `bob-${unique()}`;
    const created = await invite(admin, orgId, { email: `${local}@Bücher.example` });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.email).toBe(`${local}@Bücher.example`);
    const duplicate = await invite(admin, orgId, { email: `${local}@xn--bcher-kva.example` });
    expect([duplicate.status, duplicate.body.error.code]).toEqual([409, 'invitation_pending']);

    // SES takes no raw Unicode domain: the email goes to the punycode form of the same address.
    const token = tokenFrom(await waitForEmail(`${local}@xn--bcher-kva.example`));
    const punycode = await mintToken(`${local}@XN--BCHER-KVA.example`);
    expect(await myInvitations(punycode)).toEqual([orgId]);
    expect(await myInvitations(await mintToken(`${local}@bücher.example`))).toEqual([orgId]);
    expect((await accept(token, punycode)).status).toBe(200);
    const member = await invite(admin, orgId, { email: `${local}@bücher.EXAMPLE` });
    expect([member.status, member.body.error.code]).toEqual([409, 'already_member']);
  });
});

describe('sending invitations', () => {
  it('lets only admins invite, to workspaces of their own org, and refuses members and duplicates', async () => {
    const admin = await signUp('admin');
    const developer = await signUp('developer');
    const { orgId, workspaces } = await orgWithWorkspaces(admin, 'Rules', ['staging']);
    await addMember(orgId, developer, 'developer');
    const outsider = await signUp('outsider');
    const foreign = await orgWithWorkspaces(outsider, 'Foreign', ['theirs']);

    expect((await invite(developer, orgId, { email: uniqueEmail('x') })).status).toBe(403);
    expect((await invite(outsider, orgId, { email: uniqueEmail('x') })).status).toBe(404);

    const wrongWorkspace = await invite(admin, orgId, {
      email: uniqueEmail('x'),
      workspaces: [{ workspace_id: foreign.workspaces.theirs, role: 'viewer' }],
    });
    expect(wrongWorkspace.status).toBe(400);
    expect(wrongWorkspace.body.error.details).toEqual([
      { field: 'body.workspaces.0.workspace_id', message: 'is not a workspace of this organization' },
    ]);

    const member = await invite(admin, orgId, { email: developer.email.toUpperCase() });
    expect([member.status, member.body.error.code]).toEqual([409, 'already_member']);

    const email = uniqueEmail('dup');
    expect((await invite(admin, orgId, { email, workspaces: [{ workspace_id: workspaces.staging, role: 'viewer' }] })).status).toBe(201);
    const duplicate = await invite(admin, orgId, { email: email.toUpperCase() });
    expect([duplicate.status, duplicate.body.error.code]).toEqual([409, 'invitation_pending']);

    for (const [body, field] of [
      [{ email: 'not-an-email' }, 'body.email'],
      [{ email, role: 'owner' }, 'body.role'],
      [{ email, expires_in_days: 31 }, 'body.expires_in_days'],
      [{ email, expires_in_days: 0 }, 'body.expires_in_days'],
      [{ email, token: 'mine' }, 'body.token'],
    ] as const) {
      const refused = await invite(admin, orgId, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    // Nothing the refused requests carried was stored or sent.
    const listed = await admin.api.get(`/api/v1/orgs/${orgId}/invitations`);
    expect(listed.body.data).toHaveLength(1);
  });

  it('resends with a new link that replaces the old one, at most three emails a minute per address', async () => {
    const admin = await signUp('admin');
    const { orgId } = await orgWithWorkspaces(admin, 'Resend', []);
    const email = uniqueEmail('resent');
    const first = await inviteAndReceive(admin, orgId, email, { expires_in_days: 2 });

    const resent = await admin.api.post(`/api/v1/orgs/${orgId}/invitations/${first.invitation.id}/resend`);
    expect(resent.status).toBe(202);
    expect(Date.parse(resent.body.expires_at)).toBeGreaterThan(Date.parse(first.invitation.expires_at));
    expect(Date.parse(resent.body.expires_at) - Date.now()).toBeGreaterThan(2 * 86_400_000 - 60_000);
    const second = tokenFrom(await waitForEmail(email, 2));
    expect(second).not.toBe(first.token);
    expect((await call('GET', `/api/v1/invitations/${first.token}`)).status).toBe(404);
    expect((await call('GET', `/api/v1/invitations/${second}`)).status).toBe(200);

    expect((await admin.api.post(`/api/v1/orgs/${orgId}/invitations/${first.invitation.id}/resend`)).status).toBe(202);
    const limited = await admin.api.post(`/api/v1/orgs/${orgId}/invitations/${first.invitation.id}/resend`);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('too_many_invitation_emails');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    await waitForEmail(email, 3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await emailsTo(email)).toHaveLength(3);
  });

  it('caps the open invitations of an org', async () => {
    const admin = await signUp('admin');
    const { orgId } = await orgWithWorkspaces(admin, 'Capped', []);
    const limit = inject('pendingInvitationLimit');
    const created = [];
    for (let i = 0; i < limit; i++) created.push((await invite(admin, orgId, { email: uniqueEmail(`cap${i}`) })).body);
    const over = await invite(admin, orgId, { email: uniqueEmail('over') });
    expect([over.status, over.body.error.code]).toEqual([409, 'pending_invitation_limit']);
    expect((await admin.api.delete(`/api/v1/orgs/${orgId}/invitations/${created[0].id}`)).status).toBe(204);
    expect((await invite(admin, orgId, { email: uniqueEmail('room') })).status).toBe(201);
  });

  it('shows the email as sent once SES took it, keeps no token, and sends once even if the stream repeats itself', async () => {
    const admin = await signUp('admin');
    const { orgId } = await orgWithWorkspaces(admin, 'Once', []);
    const email = uniqueEmail('once');
    const { invitation } = await inviteAndReceive(admin, orgId, email);
    await expect.poll(async () => (await admin.api.get(`/api/v1/orgs/${orgId}/invitations`)).body.data[0].email_status).toBe('sent');

    const stored = await storedInvitation(orgId, invitation.id);
    const outbox = (
      await db.send(
        new GetCommand({
          TableName: tableName,
          Key: outboxEntity.key({ org_id: orgId, id: String(stored.send_id) }),
          ConsistentRead: true,
        }),
      )
    ).Item!;
    expect(outbox).toMatchObject({ status: 'sent', ses_message_id: expect.any(String) });
    expect(outbox.token).toBeUndefined();
    expect(JSON.stringify(stored)).not.toMatch(/"token"/);

    const replayed = {
      Records: [
        {
          eventName: 'INSERT',
          dynamodb: { SequenceNumber: '1', NewImage: { type: { S: 'outbox' }, org_id: { S: orgId }, id: { S: outbox.id } } },
        },
      ],
    };
    expect(await sendInvitationEmails(replayed as never)).toEqual({ batchItemFailures: [] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await emailsTo(email)).toHaveLength(1);
  });
});
