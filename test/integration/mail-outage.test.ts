// SES goes down: invitations are still accepted and kept, and each is emailed exactly once when
// SES is back. This file runs its own API, mailer and SES server (on the shared DynamoDB Local,
// with a table of its own), so that stopping SES here cannot disturb the other tests. Nothing from
// shared/ is imported before that environment has set the configuration its modules read.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { LocalEnvironment } from '../../infra/local/environment.js';
import { signUp, uniqueEmail } from '../support/api.js';
import { emailsTo } from '../support/mail.js';
import { startOwnEnvironment } from '../support/own-environment.js';

let environment: LocalEnvironment;

beforeAll(async () => {
  environment = await startOwnEnvironment('orgspace-mail-outage');
});

afterAll(() => environment?.stop());

it('keeps invitations made while SES is down and sends each exactly once when it is back', async () => {
  const admin = await signUp('admin');
  const orgId = (await admin.api.post('/api/v1/orgs', { name: 'Outage' })).body.id;
  await environment.ses.stop();

  const addresses = [uniqueEmail('during-outage'), uniqueEmail('during-outage')];
  for (const email of addresses) {
    const created = await admin.api.post(`/api/v1/orgs/${orgId}/invitations`, { email, role: 'viewer' });
    expect(created.status).toBe(201);
    expect(created.body.email_status).toBe('queued');
  }
  // The stream's attempts and a few retry passes fail meanwhile; nothing is lost or marked failed.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const during = (await admin.api.get(`/api/v1/orgs/${orgId}/invitations`)).body.data;
  expect(during.map((invitation: { email_status: string }) => invitation.email_status)).toEqual(['queued', 'queued']);

  await environment.ses.start();
  await expect
    .poll(
      async () => (await admin.api.get(`/api/v1/orgs/${orgId}/invitations`)).body.data.map((i: { email_status: string }) => i.email_status),
      { timeout: 20_000, interval: 250 },
    )
    .toEqual(['sent', 'sent']);
  // Let any straggling retry pass run: it must not send a second copy.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  for (const email of addresses) expect(await emailsTo(email)).toHaveLength(1);
}, 60_000);

it('marks an email SES refuses as failed at once, and a resend tries again', async () => {
  const admin = await signUp('admin');
  const orgId = (await admin.api.post('/api/v1/orgs', { name: 'Refused' })).body.id;
  // Imported only now: shared/ modules read their configuration on import, and this file's environment sets it.
  const { sesClient } = await import('../../shared/mail/ses-client.js');
  const rejected = Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' });
  const send = vi.spyOn(sesClient, 'send').mockRejectedValue(rejected as never);
  const email = uniqueEmail('refused');
  const created = await admin.api.post(`/api/v1/orgs/${orgId}/invitations`, { email, role: 'viewer' });
  const statusOf = async () => (await admin.api.get(`/api/v1/orgs/${orgId}/invitations`)).body.data[0].email_status;
  await expect.poll(statusOf, { timeout: 10_000 }).toBe('failed');
  expect(send).toHaveBeenCalledTimes(1);

  send.mockRestore();
  expect((await admin.api.post(`/api/v1/orgs/${orgId}/invitations/${created.body.id}/resend`)).status).toBe(202);
  await expect.poll(statusOf, { timeout: 10_000 }).toBe('sent');
  expect(await emailsTo(email)).toHaveLength(1);
});
