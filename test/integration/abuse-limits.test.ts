// The limits that keep invitations from being a spam channel (issue 11): invitation emails per
// inviter and per org, per hour and per day, tighter in an org's first day; and orgs created per
// user and day, since each new org would bring emails of its own. This file runs its own
// API, mailer and SES server (on the shared DynamoDB Local, with a table of its own) with small
// limits, so that reaching them takes a handful of requests and cannot disturb the other tests.
// Nothing from shared/ is imported before that environment has set the configuration its modules read.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { freePort, type LocalEnvironment, startLocalEnvironment } from '../../infra/local/environment.js';
import { type ApiResponse, signUp, type TestUser, uniqueEmail, useApi } from '../support/api.js';
import { emailsTo, useSes, waitForEmail } from '../support/mail.js';

const LIMITS = {
  perInviter: { hour: 6, day: 10 },
  perOrg: { hour: 5, day: 12 },
  perNewOrg: { hour: 3, day: 6 },
  orgsPerDay: 2,
};

let environment: LocalEnvironment;
// Imported once the environment has set the configuration (they reach shared/clients.ts).
let support: {
  addMember: typeof import('../support/members.js').addMember;
  awayFromWindowEnd: typeof import('../support/quotas.js').awayFromWindowEnd;
  fillQuota: typeof import('../support/quotas.js').fillQuota;
  orgCreatedDaysAgo: typeof import('../support/old-org.js').orgCreatedDaysAgo;
};

beforeAll(async () => {
  environment = await startLocalEnvironment({
    port: await freePort(),
    dynamoPort: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    sesPort: await freePort(),
    tableName: 'orgspace-abuse-limits',
    scheduleIntervalMs: 500,
    env: {
      INVITATION_EMAILS_PER_INVITER_PER_HOUR: String(LIMITS.perInviter.hour),
      INVITATION_EMAILS_PER_INVITER_PER_DAY: String(LIMITS.perInviter.day),
      INVITATION_EMAILS_PER_ORG_PER_HOUR: String(LIMITS.perOrg.hour),
      INVITATION_EMAILS_PER_ORG_PER_DAY: String(LIMITS.perOrg.day),
      INVITATION_EMAILS_PER_NEW_ORG_PER_HOUR: String(LIMITS.perNewOrg.hour),
      INVITATION_EMAILS_PER_NEW_ORG_PER_DAY: String(LIMITS.perNewOrg.day),
      ORGS_CREATED_PER_USER_PER_DAY: String(LIMITS.orgsPerDay),
    },
  });
  useApi(environment.apiUrl);
  useSes(environment.sesEndpoint);
  support = {
    addMember: (await import('../support/members.js')).addMember,
    awayFromWindowEnd: (await import('../support/quotas.js')).awayFromWindowEnd,
    fillQuota: (await import('../support/quotas.js')).fillQuota,
    orgCreatedDaysAgo: (await import('../support/old-org.js')).orgCreatedDaysAgo,
  };
});

afterAll(() => environment?.stop());

// Every test counts within one clock hour (a UTC day ends with one too): none may start so close to
// the end of an hour that its first emails and the one it expects refused fall in different hours.
beforeEach(() => support.awayFromWindowEnd('hour', 30_000));

const newOrg = async (admin: TestUser, name: string): Promise<string> => {
  const created = await admin.api.post('/api/v1/orgs', { name });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
};

const invite = (admin: TestUser, orgId: string, email = uniqueEmail('invitee')) =>
  admin.api.post(`/api/v1/orgs/${orgId}/invitations`, { email, role: 'viewer' });

async function inviteMany(admin: TestUser, orgId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const invited = await invite(admin, orgId);
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  }
}

/** A 429 with this code, a Retry-After within the window, and nothing sent to the refused address. */
async function expectRefused(answer: ApiResponse, code: string, window: 'hour' | 'day', address?: string) {
  expect([answer.status, answer.body.error?.code], JSON.stringify(answer.body)).toEqual([429, code]);
  const retryAfter = Number(answer.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(window === 'hour' ? 3600 : 86_400);
  if (address) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await emailsTo(address)).toEqual([]);
  }
}

describe('invitation emails per inviter', () => {
  it('counts a person’s emails across all their orgs, resends included', async () => {
    const alice = await signUp('alice');
    const [first, second] = [await newOrg(alice, 'First'), await newOrg(alice, 'Second')];
    await inviteMany(alice, first, 3);
    await inviteMany(alice, second, 1);
    const resent = await invite(alice, second);
    expect((await alice.api.post(`/api/v1/orgs/${second}/invitations/${resent.body.id}/resend`)).status).toBe(202);
    // Six emails sent: the seventh is refused even from an org that has sent none.
    const personal = (await alice.api.get('/api/v1/me')).body.orgs[0].id;
    const refusedTo = uniqueEmail('seventh');
    const seventh = await invite(alice, personal, refusedTo);
    await expectRefused(seventh, 'too_many_invitations_from_inviter', 'hour', refusedTo);
    expect(seventh.body.error.message).toContain('this hour');
    expect((await alice.api.get(`/api/v1/orgs/${personal}/invitations`)).body.data).toEqual([]);

    // Another admin of the same org still may.
    const bob = await signUp('bob');
    await support.addMember(personal, bob, 'admin');
    expect((await invite(bob, personal)).status).toBe(201);
  });

  it('and per UTC day', async () => {
    const alice = await signUp('alice');
    const orgId = await newOrg(alice, 'Daily');
    await support.fillQuota({ scope: 'inviter', subject: alice.id, window: 'day' }, LIMITS.perInviter.day);
    const refused = await invite(alice, orgId);
    await expectRefused(refused, 'too_many_invitations_from_inviter', 'day');
    expect(refused.body.error.message).toContain('today');
  });
});

describe('invitation emails per org', () => {
  it('gives an org in its first day tighter limits, whoever of its admins sends', async () => {
    const [alice, bob] = await Promise.all([signUp('alice'), signUp('bob')]);
    const orgId = await newOrg(alice, 'Brand new');
    await support.addMember(orgId, bob, 'admin');
    await inviteMany(alice, orgId, 2);
    await inviteMany(bob, orgId, LIMITS.perNewOrg.hour - 2);
    const refused = await invite(bob, orgId);
    await expectRefused(refused, 'too_many_invitations_from_org', 'hour');
    expect(refused.body.error.message).toContain('less than a day old');
  });

  it('and a tighter daily limit in its first day, below the regular one', async () => {
    const alice = await signUp('alice');
    const [young, old] = [await newOrg(alice, 'Young'), await support.orgCreatedDaysAgo(alice, 2)];
    for (const orgId of [young, old]) await support.fillQuota({ scope: 'org', subject: orgId, window: 'day' }, LIMITS.perNewOrg.day);
    const refused = await invite(alice, young);
    await expectRefused(refused, 'too_many_invitations_from_org', 'day');
    expect(refused.body.error.message).toContain('less than a day old');
    expect(refused.body.error.message).toContain(`${LIMITS.perNewOrg.day} invitation emails today`);
    // The same count leaves an older org room: its daily limit is the regular one.
    expect((await invite(alice, old)).status).toBe(201);
  });

  it('gives an org older than a day its regular limits, per hour and per day', async () => {
    const [alice, bob] = await Promise.all([signUp('alice'), signUp('bob')]);
    const orgId = await support.orgCreatedDaysAgo(alice, 2);
    await support.addMember(orgId, bob, 'admin');
    await inviteMany(alice, orgId, 3);
    await inviteMany(bob, orgId, LIMITS.perOrg.hour - 3);
    const refused = await invite(bob, orgId);
    await expectRefused(refused, 'too_many_invitations_from_org', 'hour');
    expect(refused.body.error.message).not.toContain('less than a day old');

    const daily = await support.orgCreatedDaysAgo(alice, 3);
    await support.fillQuota({ scope: 'org', subject: daily, window: 'day' }, LIMITS.perOrg.day);
    await expectRefused(await invite(alice, daily), 'too_many_invitations_from_org', 'day');
  });

  it('holds under concurrency: of 8 parallel invitations, exactly the limit go out', async () => {
    const alice = await signUp('alice');
    const orgId = await support.orgCreatedDaysAgo(alice, 2);
    const addresses = Array.from({ length: 8 }, () => uniqueEmail('racer'));
    const answers = await Promise.all(addresses.map((email) => invite(alice, orgId, email)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(LIMITS.perOrg.hour);
    expect(statuses.filter((status) => status !== 201).every((status) => status === 429)).toBe(true);
    expect((await alice.api.get(`/api/v1/orgs/${orgId}/invitations`)).body.data).toHaveLength(LIMITS.perOrg.hour);
    const invited = addresses.filter((_, index) => statuses[index] === 201);
    for (const email of invited) await waitForEmail(email);
    for (const email of addresses.filter((address) => !invited.includes(address))) expect(await emailsTo(email)).toEqual([]);
  });
});

describe('orgs created per user', () => {
  it('allows a few a day, besides the personal org of the first sign-in', async () => {
    const alice = await signUp('alice');
    for (let i = 0; i < LIMITS.orgsPerDay; i++) await newOrg(alice, `Venture ${i}`);
    const refused = await alice.api.post('/api/v1/orgs', { name: 'One too many' });
    await expectRefused(refused, 'too_many_orgs_created', 'day');
    expect(refused.body.error.message).toContain('today');
    expect((await alice.api.get('/api/v1/orgs')).body.data).toHaveLength(LIMITS.orgsPerDay + 1);
  });

  it('holds under concurrency', async () => {
    const bob = await signUp('bob');
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => bob.api.post('/api/v1/orgs', { name: `Rush ${i}` })));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([...Array(LIMITS.orgsPerDay).fill(201), ...Array(6 - LIMITS.orgsPerDay).fill(429)]);
    expect((await bob.api.get('/api/v1/orgs')).body.data).toHaveLength(LIMITS.orgsPerDay + 1);
  });
});
