// The notices outbox, end to end: a notice queued in a transaction reaches its address through the
// SES server; one to a group reaches each admin once, even when its expansion runs again; an SES
// outage delays notices without losing or doubling any; SES's refusal ends one as failed. This
// file runs its own API, mailer and SES server (on the shared DynamoDB Local, with a table of its
// own), so that stopping SES here cannot disturb the other tests; shared/ modules are imported
// only after that environment has set the configuration they read.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalEnvironment } from '../../infra/local/environment.js';
import { signUp, type TestUser, uniqueEmail } from '../support/api.js';
import { emailsTo, waitForEmail } from '../support/mail.js';
import { startOwnEnvironment } from '../support/own-environment.js';

let environment: LocalEnvironment;

beforeAll(async () => {
  environment = await startOwnEnvironment('orgspace-notices');
});

afterAll(() => environment?.stop());

type Audience = { to: string } | { orgAdmins: true } | { workspaceAdmins: string };

async function queue(orgId: string, audience: Audience, subject = `Notice ${Math.random().toString(36).slice(2, 8)}`) {
  const { queueNotice } = await import('../../features/notices/notice-steps.js');
  const { transact } = await import('../../shared/table/transact.js');
  const step = queueNotice(
    { orgId, kind: 'test.notice', audience, subject, text: `${subject}\n`, html: `<p>${subject}</p>` },
    new Date().toISOString(),
  );
  expect((await transact([step])).ok).toBe(true);
  return subject;
}

async function notices(orgId: string) {
  const { itemsOfOrg } = await import('../support/table.js');
  return (await itemsOfOrg(orgId)).filter((item) => item.type === 'notice');
}

/** An org with its founder (an admin), a second admin, a developer who administers one workspace, and a viewer. */
async function orgWithAdmins() {
  const { addMember } = await import('../support/members.js');
  const founder = await signUp('founder');
  const org = (await founder.api.post('/api/v1/orgs', { name: 'Notices' })).body;
  const workspace = (await founder.api.post(`/api/v1/orgs/${org.id}/workspaces`, { name: 'prod' })).body;
  const [admin, workspaceAdmin, viewer] = await Promise.all([signUp('admin'), signUp('wsadmin'), signUp('viewer')]);
  await addMember(org.id, admin, 'admin');
  await addMember(org.id, workspaceAdmin, 'developer', { [workspace.id]: 'admin' });
  await addMember(org.id, viewer, 'viewer', { [workspace.id]: 'viewer' });
  return { orgId: org.id as string, workspaceId: workspace.id as string, founder, admin, workspaceAdmin, viewer };
}

/** The stream and the retry pass work on a machine shared with other tests. */
const SOON = { timeout: 15_000, interval: 200 };

const subjectsTo = async (user: TestUser) => (await emailsTo(user.email)).map((email) => email.subject);

describe('a notice to one address', { timeout: 45_000 }, () => {
  it('is sent once, as rendered, and kept as sent for 30 days', async () => {
    const { orgId } = await orgWithAdmins();
    const to = uniqueEmail('someone');
    const subject = await queue(orgId, { to });
    const email = await waitForEmail(to);
    expect(email.subject).toBe(subject);
    expect(email.body.text).toBe(`${subject}\n`);
    expect(email.body.html).toBe(`<p>${subject}</p>`);

    await expect.poll(async () => (await notices(orgId)).map((item) => item.status), SOON).toEqual(['sent']);
    const [stored] = await notices(orgId);
    const days = ((stored!.expires_at_epoch as number) * 1000 - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    expect(stored!.gsi1pk).toBeUndefined();
    expect(await emailsTo(to)).toHaveLength(1);
  });
});

describe('a notice to a group', { timeout: 45_000 }, () => {
  it('reaches every org admin once, and nobody else', async () => {
    const org = await orgWithAdmins();
    const subject = await queue(org.orgId, { orgAdmins: true });
    await waitForEmail(org.founder.email);
    await waitForEmail(org.admin.email);
    await expect.poll(async () => (await notices(org.orgId)).filter((item) => item.status === 'sent'), SOON).toHaveLength(2);
    expect(await subjectsTo(org.founder)).toEqual([subject]);
    expect(await subjectsTo(org.admin)).toEqual([subject]);
    expect(await subjectsTo(org.workspaceAdmin)).toEqual([]);
    expect(await subjectsTo(org.viewer)).toEqual([]);
  });

  it("reaches a workspace's admins and the org's admins, each once, and nobody else", async () => {
    const org = await orgWithAdmins();
    const subject = await queue(org.orgId, { workspaceAdmins: org.workspaceId });
    for (const user of [org.founder, org.admin, org.workspaceAdmin]) await waitForEmail(user.email);
    await expect.poll(async () => (await notices(org.orgId)).filter((item) => item.status === 'sent'), SOON).toHaveLength(3);
    for (const user of [org.founder, org.admin, org.workspaceAdmin]) expect(await subjectsTo(user)).toEqual([subject]);
    expect(await subjectsTo(org.viewer)).toEqual([]);
  });

  it('sends nobody a second copy when its expansion runs again', async () => {
    const org = await orgWithAdmins();
    await queue(org.orgId, { orgAdmins: true });
    await expect.poll(async () => (await notices(org.orgId)).filter((item) => item.status === 'sent'), SOON).toHaveLength(2);
    const group = (await notices(org.orgId)).find((item) => item.audience === 'org_admins')!;
    expect(group).toMatchObject({ status: 'expanded', recipients: 2 });

    // As a sender that crashed after writing the copies would leave it: pending, its lease run out.
    const { db, tableName } = await import('../../shared/clients.js');
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: group.pk, sk: group.sk },
        UpdateExpression: 'SET #status = :pending, lease_until = :past',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'pending', ':past': new Date(0).toISOString() },
      }),
    );
    const { deliverNotice } = await import('../../features/notices/notice-delivery.js');
    expect(await deliverNotice({ org_id: org.orgId, id: group.id as string })).toBe('expanded');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await emailsTo(org.founder.email)).toHaveLength(1);
    expect(await emailsTo(org.admin.email)).toHaveLength(1);
    expect((await notices(org.orgId)).filter((item) => item.audience === 'address')).toHaveLength(2);
  });
});

describe('when SES fails', { timeout: 45_000 }, () => {
  it('keeps notices queued while SES is down and sends each exactly once when it is back', async () => {
    const org = await orgWithAdmins();
    await environment.ses.stop();
    const to = uniqueEmail('during-outage');
    const single = await queue(org.orgId, { to });
    const group = await queue(org.orgId, { orgAdmins: true });
    // The stream's attempts and a few retry passes fail meanwhile; nothing is lost or marked failed.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const during = await notices(org.orgId);
    expect(during.filter((item) => item.status === 'failed')).toEqual([]);
    expect(during.filter((item) => item.audience === 'address' && item.status === 'pending')).toHaveLength(3);
    expect(during.some((item) => (item.attempts as number) > 1)).toBe(true);

    await environment.ses.start();
    await expect
      .poll(async () => (await notices(org.orgId)).filter((item) => item.status === 'sent').length, { timeout: 30_000, interval: 250 })
      .toBe(3);
    // Let any straggling retry pass run: it must not send a second copy.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await emailsTo(to)).map((email) => email.subject)).toEqual([single]);
    expect(await subjectsTo(org.founder)).toEqual([group]);
    expect(await subjectsTo(org.admin)).toEqual([group]);
  }, 60_000);

  it('ends a notice SES refuses as failed at once, without retrying it', async () => {
    const org = await orgWithAdmins();
    const { sesClient } = await import('../../shared/mail/ses-client.js');
    const rejected = Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' });
    const send = vi.spyOn(sesClient, 'send').mockRejectedValue(rejected as never);
    const to = uniqueEmail('refused');
    await queue(org.orgId, { to });
    await expect.poll(async () => (await notices(org.orgId)).map((item) => item.status), SOON).toEqual(['failed']);
    expect(send).toHaveBeenCalledTimes(1);
    send.mockRestore();
    const [failed] = await notices(org.orgId);
    expect(failed!.last_error).toMatch(/^MessageRejected/);
    expect(failed!.expires_at_epoch).toBeGreaterThan(Date.now() / 1000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await emailsTo(to)).toHaveLength(0);
  });
});
