// The SSRF guard against real name resolution: a DNS server of this test's own (dns2, on a free
// port) answers for *.orgspace.test, and the sender resolves through it (WEBHOOK_DNS_SERVER), in a
// local environment of this file's own (on the shared DynamoDB Local, with a table of its own), so
// that its settings (the DNS server, a 2-second timeout) change nothing for the other tests. No
// mock: the names resolve over UDP, the sender connects over TCP, and the receivers are real.
// Nothing from shared/ is imported before that environment has set the configuration.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import dns2 from 'dns2';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, type LocalEnvironment, startLocalEnvironment } from '../../infra/local/environment.js';
import { signUp, type TestUser, useApi } from '../support/api.js';
import { type Delivery, type Receiver, startReceiver, waitForDeliveries } from '../support/webhooks.js';

const { Packet } = dns2;
/** Packet.RCODE.NXDOMAIN, which dns2's type declarations leave out. */
const NXDOMAIN = 3;

/** The zone: names to their A and AAAA records; a name not in it is NXDOMAIN. */
const zone = new Map<string, { A?: string[]; AAAA?: string[] }>();

let dnsServer: ReturnType<typeof dns2.createServer>;
let environment: LocalEnvironment;
let admin: TestUser;
let orgId: string;
let workspaceId: string;

beforeAll(async () => {
  dnsServer = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const records = question ? zone.get(question.name.toLowerCase()) : undefined;
      if (!question || !records) {
        response.header.rcode = NXDOMAIN;
      } else {
        const type = question.type === Packet.TYPE.AAAA ? 'AAAA' : question.type === Packet.TYPE.A ? 'A' : undefined;
        for (const address of type ? (records[type] ?? []) : []) {
          const answer = { name: question.name, type: Packet.TYPE[type!], class: Packet.CLASS.IN, ttl: 1, address };
          response.answers.push(answer as unknown as (typeof response.answers)[number]);
        }
      }
      send(response);
    },
  });
  const { udp } = await dnsServer.listen({ udp: { port: 0, address: '127.0.0.1' } });
  environment = await startLocalEnvironment({
    port: await freePort(),
    dynamoPort: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    sesPort: await freePort(),
    tableName: 'orgspace-webhook-ssrf',
    scheduleIntervalMs: 300,
    env: {
      WEBHOOK_DNS_SERVER: `127.0.0.1:${udp!.port}`,
      WEBHOOK_RETRY_SCHEDULE_SECONDS: '0,1,1',
      WEBHOOK_TIMEOUT_SECONDS: '2',
    },
  });
  useApi(environment.apiUrl);
  admin = await signUp('ssrf-admin');
  orgId = (await admin.api.post('/api/v1/orgs', { name: 'Guarded' })).body.id;
  workspaceId = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'guarded-ws' })).body.id;
}, 60_000);

afterAll(async () => {
  await environment?.stop();
  await dnsServer?.close();
});

const base = () => `/api/v1/orgs/${orgId}`;
const register = (url: string) => admin.api.post(`${base()}/webhooks`, { url, events: ['workspace.updated'] });
async function rename() {
  expect((await admin.api.patch(`${base()}/workspaces/${workspaceId}`, { name: `ws-${Date.now()}` })).status).toBe(200);
}

/** An address of this machine that is not loopback (so the policy refuses it), if it has one. */
function ownInternalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry && !entry.internal && entry.family === 'IPv4')?.address;
}

describe('registration', () => {
  it('refuses a host that resolves to an internal address, naming the address', async () => {
    zone.set('internal.orgspace.test', { A: ['10.1.2.3'] });
    zone.set('metadata.orgspace.test', { A: ['169.254.169.254'] });
    zone.set('v6-internal.orgspace.test', { AAAA: ['fd00::1'] });
    // ::ffff:192.168.0.1, in the hex form dns2 can encode.
    zone.set('mapped.orgspace.test', { AAAA: ['::ffff:c0a8:1'] });
    // One internal address among public ones is enough: the sender could be handed any of them.
    zone.set('mixed.orgspace.test', { A: ['93.184.215.14', '10.0.0.5'] });
    const expected: Record<string, RegExp> = {
      'http://internal.orgspace.test:8080/hooks': /10\.1\.2\.3 is a private address/,
      'http://metadata.orgspace.test/latest/meta-data/': /169\.254\.169\.254 is a link-local address/,
      'http://v6-internal.orgspace.test/': /fd00::1 is a unique-local address/,
      'http://mapped.orgspace.test/': /IPv4-mapped address of a private address/,
      'http://mixed.orgspace.test/': /10\.0\.0\.5 is a private address/,
      'http://nowhere.orgspace.test/': /does not resolve/,
    };
    for (const [url, reason] of Object.entries(expected)) {
      const refused = await register(url);
      expect(refused.status, url).toBe(400);
      expect(refused.body.error.code).toBe('webhook_url_not_allowed');
      expect(refused.body.error.message, url).toMatch(reason);
    }
  });
});

describe('at the moment of connecting', () => {
  let receiver: Receiver;
  let listener: Server;
  let port: number;
  const arrived: string[] = [];

  beforeAll(async () => {
    // A receiver on every interface: reachable on loopback and on this machine's other addresses alike.
    listener = createServer((request, response) => {
      arrived.push(request.url ?? '');
      request.resume();
      request.on('end', () => {
        response.statusCode = 204;
        response.end();
      });
    });
    await new Promise<void>((resolve) => listener.listen(0, '0.0.0.0', resolve));
    port = (listener.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => listener.close(resolve));
    await receiver?.close();
  });

  it('refuses a name that resolved to loopback at registration and to an internal address now (DNS rebinding)', async () => {
    zone.set('rebind.orgspace.test', { A: ['127.0.0.1'] });
    const created = await register(`http://rebind.orgspace.test:${port}/hooks`);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const webhookId: string = created.body.id;
    await rename();
    await waitForDeliveries(admin, orgId, webhookId, (list) => list[0]?.status === 'succeeded');
    expect(arrived.filter((path) => path === '/hooks')).toHaveLength(1);

    // Now the name points at another address of this machine, where the same receiver listens.
    const internal = ownInternalAddress() ?? '10.1.2.3';
    zone.set('rebind.orgspace.test', { A: [internal] });
    if (ownInternalAddress()) {
      // Without the guard the delivery would get through: that address does reach the receiver.
      expect((await fetch(`http://${internal}:${port}/direct`)).status).toBe(204);
    }
    await rename();
    const [refused] = await waitForDeliveries(admin, orgId, webhookId, (list) => list.length === 2 && list[0]!.last_error !== null);
    expect(refused).toMatchObject({ last_response_code: null });
    expect(refused!.last_error).toMatch(new RegExp(`^refused: ${internal.replace(/\./g, '\\.')} is an? [a-z -]+ address$`));
    // Retried on the schedule, refused every time, and in the end failed; the receiver saw none of it.
    const [failed] = await waitForDeliveries(admin, orgId, webhookId, (list) => list[0]?.status === 'failed', 10_000);
    expect(failed!.attempts).toBe(3);
    expect(arrived.filter((path) => path === '/hooks')).toHaveLength(1);
  });

  it('gives up on a receiver that does not answer within the timeout, and retries it', async () => {
    const silent = createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const created = await register(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/hooks`);
    await rename();
    const [timedOut] = await waitForDeliveries(
      admin,
      orgId,
      created.body.id,
      (list) => (list[0]?.attempts ?? 0) >= 1 && list[0]!.last_error !== null,
    );
    expect(timedOut).toMatchObject({ last_error: 'no answer within 2 s', last_response_code: null });
    expect(timedOut!.status).not.toBe('succeeded');
    expect(timedOut!.last_duration_ms).toBeGreaterThanOrEqual(1_900);
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('does not follow a redirect: a 3xx is an answer like any other that is not 2xx', async () => {
    receiver = await startReceiver();
    const redirecting = createServer((request, response) => {
      request.resume();
      response.writeHead(307, { location: receiver.url }).end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    const created = await register(`http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/hooks`);
    await rename();
    const [redirected]: Delivery[] = await waitForDeliveries(admin, orgId, created.body.id, (list) => list[0]?.last_response_code === 307);
    expect(redirected).toMatchObject({ last_error: 'answered 307' });
    expect(redirected!.status).not.toBe('succeeded');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.received).toHaveLength(0);
    await new Promise((resolve) => redirecting.close(resolve));
  });
});
