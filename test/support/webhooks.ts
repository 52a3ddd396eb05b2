// A webhook receiver on this machine (a plain node:http server, as a customer's would be) and
// helpers to register endpoints and wait for their deliveries through the API. The local runtime
// allows loopback receivers (WEBHOOK_ALLOW_LOOPBACK); nothing else internal.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestUser } from './api.js';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as sent: what a signature covers. */
  body: string;
  at: number;
}

export interface Receiver {
  url: string;
  port: number;
  received: ReceivedDelivery[];
  /** How to answer the next requests: a status per request (the `n`-th received, from 1). */
  answer(respond: (n: number, request: ReceivedDelivery) => number): void;
  close(): Promise<void>;
}

/** Starts a receiver on `host` (127.0.0.1 unless told), answering 204 until told otherwise. */
export async function startReceiver(options: { host?: string; path?: string } = {}): Promise<Receiver> {
  const received: ReceivedDelivery[] = [];
  let respond: (n: number, request: ReceivedDelivery) => number = () => 204;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const delivery = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      received.push(delivery);
      response.statusCode = respond(received.length, delivery);
      response.end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  // A fixture's receiver lives as long as its process; it must not keep that process alive.
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}${options.path ?? '/hooks'}`,
    port,
    received,
    answer(next) {
      respond = next;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let sharedReceiver: Promise<Receiver> | undefined;
/** One receiver answering 204 for every fixture of a test file (or of the bench). */
export const fixtureReceiver = (): Promise<Receiver> => {
  sharedReceiver ??= startReceiver({ path: '/fixture' });
  return sharedReceiver;
};

export interface Delivery {
  id: string;
  event_id: string;
  action: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  last_response_code: number | null;
  last_duration_ms: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
}

/** Polls an endpoint's delivery log until `done` holds for it (newest first), and returns the log. */
export async function waitForDeliveries(
  admin: TestUser,
  orgId: string,
  webhookId: string,
  done: (deliveries: Delivery[]) => boolean,
  timeoutMs = 15_000,
): Promise<Delivery[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await admin.api.get<{ data: Delivery[] }>(`/api/v1/orgs/${orgId}/webhooks/${webhookId}/deliveries?limit=100`);
    if (list.status !== 200) throw new Error(`deliveries: ${list.status} ${JSON.stringify(list.body)}`);
    if (done(list.body.data)) return list.body.data;
    if (Date.now() > deadline) throw new Error(`deliveries of ${webhookId} never got there: ${JSON.stringify(list.body.data)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * An endpoint of the org on the fixture receiver, subscribed to `webhook.*`, whose own
 * `webhook.created` has been delivered: an endpoint with a settled delivery, and no more to come
 * unless something changes a webhook of the org.
 */
export async function settledWebhook(admin: TestUser, orgId: string): Promise<{ webhookId: string; deliveryId: string }> {
  const receiver = await fixtureReceiver();
  const created = await admin.api.post(`/api/v1/orgs/${orgId}/webhooks`, { url: receiver.url, events: ['webhook.*'] });
  if (created.status !== 201) throw new Error(`webhook: ${created.status} ${JSON.stringify(created.body)}`);
  const webhookId: string = created.body.id;
  const [delivery] = await waitForDeliveries(
    admin,
    orgId,
    webhookId,
    (deliveries) => deliveries.length > 0 && deliveries.every((item) => item.status === 'succeeded'),
  );
  return { webhookId, deliveryId: delivery!.id };
}
