// Webhooks end to end, through the local runtime: an admin registers a receiver on this machine,
// changes something, and the receiver gets the event signed per the Standard Webhooks spec (checked
// with the spec's own verifier), retried on a schedule a second apart in tests, logged, replayable;
// an endpoint that answers 410 or keeps failing is turned off and its admins are emailed.
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookEntity } from '../../features/webhooks/webhook-entity.js';
import { handler as deliverWebhookEvents } from '../../functions/deliver-webhook-events.js';
import { db, tableName } from '../../shared/clients.js';
import { signUp, type TestUser } from '../support/api.js';
import { waitForEmail } from '../support/mail.js';
import { addMember } from '../support/members.js';
import { itemsOfOrg } from '../support/table.js';
import { type Delivery, type ReceivedDelivery, type Receiver, startReceiver, waitForDeliveries } from '../support/webhooks.js';

let admin: TestUser;
let receiver: Receiver;

const headersOf = (delivery: ReceivedDelivery) => delivery.headers as Record<string, string>;

/**
 * An org of the admin's with a workspace, for one test: its endpoints see only that test's events.
 * `rename` records `workspace.updated`, the event most tests wait for.
 */
async function newOrg(name = 'Hooked') {
  const orgId: string = (await admin.api.post('/api/v1/orgs', { name })).body.id;
  const workspaceId: string = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'hooked-ws' })).body.id;
  const base = `/api/v1/orgs/${orgId}`;
  return {
    orgId,
    workspaceId,
    base,
    async rename(name = `renamed-${randomUUID().slice(0, 6)}`) {
      const renamed = await admin.api.patch(`${base}/workspaces/${workspaceId}`, { name });
      expect(renamed.status).toBe(200);
      return name;
    },
    register: (body: Record<string, unknown>) => register(body, admin, orgId),
  };
}

async function register(body: Record<string, unknown>, as: TestUser, orgId: string) {
  const created = await as.api.post(`/api/v1/orgs/${orgId}/webhooks`, body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; secret: string; url: string; enabled: boolean };
}

/** Waits until the receiver has had `count` requests, and returns all it had. */
async function waitForReceived(target: Receiver, count: number, timeoutMs = 10_000): Promise<ReceivedDelivery[]> {
  await expect.poll(() => target.received.length, { timeout: timeoutMs, interval: 25 }).toBeGreaterThanOrEqual(count);
  return target.received;
}

const auditEvents = async (orgId: string) =>
  (await itemsOfOrg(orgId)).filter((item) => item.type === 'audit_event') as Array<{ action: string; actor: { type: string } }>;

beforeAll(async () => {
  admin = await signUp('hook-admin');
  receiver = await startReceiver();
});

afterAll(() => receiver?.close());

describe('a delivery', () => {
  it('reaches a receiver on this machine within a couple of seconds, signed so that the Standard Webhooks verifier accepts it', async () => {
    const org = await newOrg();
    const own = await startReceiver();
    const endpoint = await org.register({ url: own.url, events: ['workspace.*'], description: 'Local receiver' });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const renamedAt = Date.now();
    const name = await org.rename();
    const [delivery] = await waitForReceived(own, 1, 5_000);
    // Usually a few hundred milliseconds (the local stream poller reads every 250 ms); the bound leaves room for a busy machine.
    const latency = delivery!.at - renamedAt;
    expect(latency).toBeLessThan(5_000);

    const verified = new Webhook(endpoint.secret).verify(delivery!.body, headersOf(delivery!)) as Record<string, any>;
    expect(verified.type).toBe('workspace.updated');
    expect(verified.data).toMatchObject({
      org_id: org.orgId,
      workspace_id: org.workspaceId,
      action: 'workspace.updated',
      actor: { type: 'user', id: admin.id, email: admin.email },
      targets: [{ type: 'workspace', id: org.workspaceId, name }],
      changes: { name: { from: 'hooked-ws', to: name } },
      schema_version: 1,
    });
    expect(verified.timestamp).toBe(verified.data.occurred_at);
    expect(verified.data).not.toHaveProperty('retention_days');
    expect(verified.data).not.toHaveProperty('target_ids');
    expect(delivery!.headers['content-type']).toBe('application/json');
    expect(delivery!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    // Signed by nobody else's secret, and not for another body.
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(delivery!.body, headersOf(delivery!))).toThrow();
    expect(() => new Webhook(endpoint.secret).verify(`${delivery!.body} `, headersOf(delivery!))).toThrow();

    const [logged] = await waitForDeliveries(admin, org.orgId, endpoint.id, (list) => list[0]?.status === 'succeeded');
    expect(logged).toMatchObject({
      id: delivery!.headers['webhook-id'],
      event_id: verified.data.id,
      action: 'workspace.updated',
      status: 'succeeded',
      attempts: 1,
      last_response_code: 204,
      last_error: null,
      next_attempt_at: null,
    });
    expect(logged!.last_duration_ms).toBeGreaterThanOrEqual(0);
    console.log(`webhook delivery latency: ${latency} ms after the rename was answered`);
    await own.close();
  });

  it('is retried after a 500 with the same webhook-id, until the receiver takes it; the log shows each attempt', async () => {
    const org = await newOrg();
    const flaky = await startReceiver();
    flaky.answer((n) => (n <= 2 ? 500 : 200));
    const endpoint = await org.register({ url: flaky.url, events: ['workspace.updated'] });
    await org.rename();
    const received = await waitForReceived(flaky, 3);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // no fourth attempt after the success
    expect(received).toHaveLength(3);
    const ids = new Set(received.map((delivery) => delivery.headers['webhook-id']));
    expect(ids.size).toBe(1);
    expect(new Set(received.map((delivery) => delivery.body)).size).toBe(1);
    for (const delivery of received) expect(() => new Webhook(endpoint.secret).verify(delivery.body, headersOf(delivery))).not.toThrow();
    // The schedule (a second apart in tests) spaces them out.
    expect(received[1]!.at - received[0]!.at).toBeGreaterThanOrEqual(900);
    const [logged] = await waitForDeliveries(admin, org.orgId, endpoint.id, (list) => list[0]?.status === 'succeeded');
    expect(logged).toMatchObject({ id: [...ids][0], status: 'succeeded', attempts: 3, last_response_code: 200, next_attempt_at: null });
    await flaky.close();
  });

  it('fails after the last attempt of the schedule, and an admin can send it again', async () => {
    const org = await newOrg();
    const down = await startReceiver();
    down.answer(() => 503);
    const endpoint = await org.register({ url: down.url, events: ['workspace.updated'] });
    await org.rename();
    const pending = await waitForDeliveries(admin, org.orgId, endpoint.id, (list) => list[0]?.last_response_code === 503);
    expect(pending[0]).toMatchObject({ status: 'pending', last_error: 'answered 503' });
    expect(pending[0]!.next_attempt_at).not.toBeNull();
    const [failed] = await waitForDeliveries(admin, org.orgId, endpoint.id, (list) => list[0]?.status === 'failed', 20_000);
    expect(failed).toMatchObject({ attempts: 8, last_response_code: 503, next_attempt_at: null });
    expect(down.received).toHaveLength(8);

    down.answer(() => 200);
    const retried = await admin.api.post(`${org.base}/webhooks/${endpoint.id}/deliveries/${failed!.id}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ id: failed!.id, status: 'pending' });
    const [replayed] = await waitForDeliveries(admin, org.orgId, endpoint.id, (list) => list[0]?.status === 'succeeded', 5_000);
    expect(replayed).toMatchObject({ id: failed!.id, attempts: 9, last_response_code: 200 });
    expect(down.received.at(-1)!.headers['webhook-id']).toBe(failed!.id);
    expect((await auditEvents(org.orgId)).map((event) => event.action)).toContain('webhook.delivery_retried');
    await down.close();
  }, 40_000);

  it('is not made twice for a stream record delivered twice', async () => {
    const org = await newOrg();
    const once = await startReceiver();
    const endpoint = await org.register({ url: once.url, events: ['workspace.updated'] });
    await org.rename();
    await waitForReceived(once, 1);
    const [delivered] = await waitForDeliveries(admin, org.orgId, endpoint.id, (list) => list[0]?.status === 'succeeded');
    // The same INSERT record again, as Lambda would hand it over after a retry of the batch.
    const event = (await itemsOfOrg(org.orgId)).find((item) => item.type === 'audit_event' && item.id === delivered!.event_id)!;
    const { marshall } = await import('@aws-sdk/util-dynamodb');
    const response = await deliverWebhookEvents({
      Records: [{ eventName: 'INSERT', dynamodb: { SequenceNumber: '1', NewImage: marshall(event) as never } }],
    });
    expect(response.batchItemFailures).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(once.received).toHaveLength(1);
    expect(await waitForDeliveries(admin, org.orgId, endpoint.id, () => true)).toHaveLength(1);
    await once.close();
  });
});

describe('turning endpoints off', () => {
  it('sends nothing to an endpoint an admin turned off, and resumes when it is on again', async () => {
    const org = await newOrg();
    const [off, on] = await Promise.all([startReceiver(), startReceiver()]);
    const endpoint = await org.register({ url: off.url, events: ['workspace.updated'] });
    await org.register({ url: on.url, events: ['workspace.updated'] });
    const disabled = await admin.api.patch(`${org.base}/webhooks/${endpoint.id}`, { enabled: false });
    expect(disabled.body).toMatchObject({ enabled: false, disabled_reason: null });
    await org.rename();
    await waitForReceived(on, 1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(off.received).toHaveLength(0);
    expect(await waitForDeliveries(admin, org.orgId, endpoint.id, () => true)).toEqual([]);

    expect((await admin.api.patch(`${org.base}/webhooks/${endpoint.id}`, { enabled: true })).body.enabled).toBe(true);
    await org.rename();
    await waitForReceived(off, 1);
    await Promise.all([off.close(), on.close()]);
  });

  it('turns an endpoint off at once when it answers 410 Gone, records it as the system, and emails the admins', async () => {
    const org = await newOrg();
    const gone = await startReceiver();
    gone.answer(() => 410);
    const endpoint = await org.register({ url: gone.url, events: ['workspace.updated'], description: 'Retired service' });
    await org.rename();
    await expect
      .poll(async () => (await admin.api.get(`${org.base}/webhooks/${endpoint.id}`)).body.enabled, { timeout: 10_000 })
      .toBe(false);
    const shown = (await admin.api.get(`${org.base}/webhooks/${endpoint.id}`)).body;
    expect(shown).toMatchObject({ enabled: false, disabled_reason: 'gone' });
    const [delivery] = await waitForDeliveries(admin, org.orgId, endpoint.id, (list) => list[0]?.status === 'failed');
    expect(delivery).toMatchObject({ attempts: 1, last_response_code: 410 });
    const disabledEvents = (await auditEvents(org.orgId)).filter((event) => event.action === 'webhook.disabled');
    expect(disabledEvents.at(-1)?.actor.type).toBe('system');
    const email = await waitForEmail(admin.email);
    expect(email.subject).toMatch(/webhook endpoint .*Hooked.* was turned off/);
    expect(email.body.text).toContain('410 Gone');
    expect(email.body.text).toContain(endpoint.id);
    expect(email.body.text).not.toContain(endpoint.secret);
    // Nothing more reaches it.
    await org.rename();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(gone.received).toHaveLength(1);
    // A replay of its delivery is refused while it is off.
    const replay = await admin.api.post(`${org.base}/webhooks/${endpoint.id}/deliveries/${delivery!.id}/retry`);
    expect(replay.status).toBe(409);
    expect(replay.body.error.code).toBe('webhook_disabled');
    await gone.close();
  });

  it('turns off an endpoint that has had no success for 5 days', async () => {
    const [failing, owner] = await Promise.all([startReceiver(), signUp('failing-owner')]);
    const failingOrg: string = (await owner.api.post('/api/v1/orgs', { name: 'Failing' })).body.id;
    const failingWorkspace: string = (await owner.api.post(`/api/v1/orgs/${failingOrg}/workspaces`, { name: 'w' })).body.id;
    failing.answer(() => 500);
    const endpoint = await register({ url: failing.url, events: ['workspace.updated'] }, owner, failingOrg);
    // Its first failure was 5 days and a minute ago (nobody waits 5 days in a test).
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: webhookEntity.key({ org_id: failingOrg, id: endpoint.id }),
        UpdateExpression: 'SET failing_since = :then',
        ExpressionAttributeValues: { ':then': new Date(Date.now() - 5 * 86_400_000 - 60_000).toISOString() },
      }),
    );
    expect((await owner.api.get(`/api/v1/orgs/${failingOrg}/webhooks/${endpoint.id}`)).body.failing_since).not.toBeNull();
    expect((await owner.api.patch(`/api/v1/orgs/${failingOrg}/workspaces/${failingWorkspace}`, { name: 'w2' })).status).toBe(200);
    await expect
      .poll(async () => (await owner.api.get(`/api/v1/orgs/${failingOrg}/webhooks/${endpoint.id}`)).body.disabled_reason, {
        timeout: 10_000,
      })
      .toBe('failing');
    const email = await waitForEmail(owner.email);
    expect(email.body.text).toContain('for 5 days');
    // Turned on again, its failing streak starts afresh.
    const enabled = await owner.api.patch(`/api/v1/orgs/${failingOrg}/webhooks/${endpoint.id}`, { enabled: true });
    expect(enabled.body).toMatchObject({ enabled: true, disabled_reason: null, failing_since: null });
    await failing.close();
  });
});

describe('rotating the secret', () => {
  it('signs with the new secret and, for a day, the old one too: both signatures verify', async () => {
    const org = await newOrg();
    const rotating = await startReceiver();
    const endpoint = await org.register({ url: rotating.url, events: ['workspace.updated'] });
    const rotated = await admin.api.post(`${org.base}/webhooks/${endpoint.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const { secret } = rotated.body as { secret: string };
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(endpoint.secret);
    const graceEnds = Date.parse(rotated.body.previous_secret_expires_at);
    expect(graceEnds - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    await org.rename();
    const [delivery] = await waitForReceived(rotating, 1);
    const signatures = String(delivery!.headers['webhook-signature']).split(' ');
    expect(signatures).toHaveLength(2);
    const headers = headersOf(delivery!);
    expect(() => new Webhook(secret).verify(delivery!.body, headers)).not.toThrow();
    expect(() => new Webhook(endpoint.secret).verify(delivery!.body, headers)).not.toThrow();
    // Each signature is one secret's: each verifies alone with its own.
    const alone = (signature: string) => ({ ...headers, 'webhook-signature': signature });
    expect(() => new Webhook(secret).verify(delivery!.body, alone(signatures[0]!))).not.toThrow();
    expect(() => new Webhook(endpoint.secret).verify(delivery!.body, alone(signatures[1]!))).not.toThrow();
    expect(() => new Webhook(secret).verify(delivery!.body, alone(signatures[1]!))).toThrow();
    await rotating.close();
  });
});

describe('registering', () => {
  it('refuses URLs that point inside a network, or carry credentials, with a 400 naming the reason', async () => {
    const org = await newOrg();
    const refusals: Record<string, RegExp> = {
      'http://10.1.2.3/hooks': /10\.1\.2\.3 is a private address/,
      'http://169.254.169.254/latest/meta-data/': /link-local/,
      'http://[::ffff:10.0.0.1]/': /IPv4-mapped address of a private address/,
      'http://[::ffff:a9fe:a9fe]/': /IPv4-mapped address of a link-local address/,
      'http://[fd00::1]/': /unique-local/,
      'http://[fe80::1]/': /link-local/,
      'http://100.64.0.1/': /carrier-grade NAT/,
      'http://0.0.0.0/': /unspecified/,
      'http://[::]/': /unspecified/,
      'http://224.0.0.1/': /multicast/,
      'http://192.168.1.10:8080/': /private/,
      'http://172.16.0.5/': /private/,
      'http://user:secret@127.0.0.1/hooks': /user name or password/,
    };
    for (const [url, reason] of Object.entries(refusals)) {
      const refused = await admin.api.post(`${org.base}/webhooks`, { url, events: ['*'] });
      expect(refused.status, url).toBe(400);
      expect(refused.body.error.code, url).toBe('webhook_url_not_allowed');
      expect(refused.body.error.details[0].field).toBe('body.url');
      expect(refused.body.error.message, url).toMatch(reason);
    }
    const endpoint = await org.register({ url: receiver.url, events: ['*'] });
    const patched = await admin.api.patch(`${org.base}/webhooks/${endpoint.id}`, { url: 'http://10.0.0.8/' });
    expect(patched.status).toBe(400);
    expect(patched.body.error.code).toBe('webhook_url_not_allowed');
    expect((await admin.api.get(`${org.base}/webhooks/${endpoint.id}`)).body.url).toBe(receiver.url);
    expect((await admin.api.delete(`${org.base}/webhooks/${endpoint.id}`)).status).toBe(204);
  });

  it('tells only an admin why a URL is refused: others get the answer their role gets', async () => {
    const org = await newOrg();
    const [developer, outsider] = await Promise.all([signUp('hook-dev'), signUp('hook-outsider')]);
    await addMember(org.orgId, developer, 'developer');
    const privateUrl = { url: 'http://10.9.9.9/', events: ['*'] };
    expect((await developer.api.post(`${org.base}/webhooks`, privateUrl)).status).toBe(403);
    expect((await outsider.api.post(`${org.base}/webhooks`, privateUrl)).status).toBe(404);
  });

  it('refuses events that are not in the catalogue', async () => {
    const org = await newOrg();
    for (const events of [[], ['workspace.renamed'], ['nothing.*'], ['*', '*'], 'workspace.*']) {
      const refused = await admin.api.post(`${org.base}/webhooks`, { url: receiver.url, events });
      expect(refused.status, JSON.stringify(events)).toBe(400);
    }
  });

  it('holds an org to 10 endpoints: the 11th is a 409 with its own code, and a deleted one frees its place', async () => {
    const owner = await signUp('limit-owner');
    const org: string = (await owner.api.post('/api/v1/orgs', { name: 'Limited' })).body.id;
    const created = [];
    for (let n = 0; n < 10; n++) created.push(await register({ url: receiver.url, events: ['member.*'] }, owner, org));
    const eleventh = await owner.api.post(`/api/v1/orgs/${org}/webhooks`, { url: receiver.url, events: ['member.*'] });
    expect(eleventh.status).toBe(409);
    expect(eleventh.body.error.code).toBe('webhook_limit_reached');
    expect(eleventh.body.error.message).toMatch(/maximum of 10 webhook endpoints/);
    expect((await owner.api.delete(`/api/v1/orgs/${org}/webhooks/${created[0]!.id}`)).status).toBe(204);
    await register({ url: receiver.url, events: ['member.*'] }, owner, org);
    const listed = await owner.api.get(`/api/v1/orgs/${org}/webhooks?limit=4`);
    expect(listed.body.data).toHaveLength(4);
    const rest = await owner.api.get(`/api/v1/orgs/${org}/webhooks?limit=100&cursor=${encodeURIComponent(listed.body.next_cursor)}`);
    expect(listed.body.data.length + rest.body.data.length).toBe(10);
    expect(rest.body.next_cursor).toBeNull();
  });
});

describe('who sees what', () => {
  it('lets only admins of the org in, and answers 404 for another org’s endpoint', async () => {
    const org = await newOrg();
    const [viewer, otherAdmin] = await Promise.all([signUp('hook-viewer'), signUp('other-admin')]);
    await addMember(org.orgId, viewer, 'viewer');
    const endpoint = await org.register({ url: receiver.url, events: ['member.*'] });
    expect((await viewer.api.get(`${org.base}/webhooks`)).status).toBe(403);
    expect((await viewer.api.get(`${org.base}/webhooks/${endpoint.id}`)).status).toBe(403);
    expect((await viewer.api.post(`${org.base}/webhooks`, { url: receiver.url, events: ['*'] })).status).toBe(403);
    const otherOrg: string = (await otherAdmin.api.post('/api/v1/orgs', { name: 'Other' })).body.id;
    const theirs = await otherAdmin.api.get(`/api/v1/orgs/${otherOrg}/webhooks/${endpoint.id}`);
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.message).toBe('Webhook was not found.');
    expect((await otherAdmin.api.delete(`/api/v1/orgs/${otherOrg}/webhooks/${endpoint.id}`)).status).toBe(404);
    expect((await otherAdmin.api.get(`/api/v1/orgs/${otherOrg}/webhooks/${endpoint.id}/deliveries`)).status).toBe(404);
  });

  it('shows the secret in the answers of create and rotate-secret only: not in lists, reads, logs, events or deliveries', async () => {
    const org = await newOrg();
    const quiet = await startReceiver();
    const endpoint = await org.register({ url: quiet.url, events: ['*'] });
    const rotated = (await admin.api.post(`${org.base}/webhooks/${endpoint.id}/rotate-secret`)).body.secret as string;
    await org.rename();
    await waitForReceived(quiet, 1);
    const answers = await Promise.all([
      admin.api.get(`${org.base}/webhooks?limit=100`),
      admin.api.get(`${org.base}/webhooks/${endpoint.id}`),
      admin.api.patch(`${org.base}/webhooks/${endpoint.id}`, { description: 'Still quiet' }),
      admin.api.get(`${org.base}/webhooks/${endpoint.id}/deliveries`),
    ]);
    const deliveries: Delivery[] = answers[3]!.body.data;
    const items = await itemsOfOrg(org.orgId);
    const stored = items.filter((item) => item.type !== 'webhook').map((item) => JSON.stringify(item));
    for (const secret of [endpoint.secret, rotated]) {
      const key = secret.slice('whsec_'.length);
      for (const answer of answers) expect(JSON.stringify(answer.body)).not.toContain(key);
      for (const item of stored) expect(item).not.toContain(key);
      for (const delivery of quiet.received) expect(delivery.body).not.toContain(key);
    }
    expect(answers[1]!.body).not.toHaveProperty('secret');
    expect(deliveries.length).toBeGreaterThan(0);
    await quiet.close();
  });

  it("keeps a receiver's own token in its URL out of the events: they name scheme, host and path only", async () => {
    const org = await newOrg();
    const receiver = await startReceiver();
    const token = `tok${randomUUID().replace(/-/g, '')}`;
    const endpoint = await org.register({ url: `${receiver.url}?token=${token}#${token}`, events: ['workspace.*'] });
    await admin.api.patch(`${org.base}/webhooks/${endpoint.id}`, { url: `${receiver.url}?token=${token}2` });
    const log = await admin.api.get(`${org.base}/audit-log?action=webhook.*`);
    expect(log.body.data.map((event: { action: string }) => event.action)).toEqual(['webhook.updated', 'webhook.created']);
    expect(log.body.data[1].changes.url.to).toBe(new URL(receiver.url).origin + new URL(receiver.url).pathname);
    expect(JSON.stringify(log.body)).not.toContain(token);
    await receiver.close();
  });
});
