// One attempt of a delivery: a signed POST to the endpoint. The socket connects only to an address
// the SSRF policy allows (webhook-address-guard.ts); redirects are not followed (a 3xx is an
// answer like any other non-2xx); the receiver has the configured time (15 s) to answer. The
// signature headers are the Standard Webhooks ones, made by the spec's own library.
import http from 'node:http';
import https from 'node:https';
import { Webhook } from 'standardwebhooks';
import { webhookConfig } from '../../shared/config.js';
import { ipVersion } from './address-policy.js';
import { AddressRefusedError, allowedAddresses, guardedLookup } from './webhook-address-guard.js';

/** How an attempt went: the receiver's status, or what kept it from answering (in our words). */
export interface AttemptResult {
  status: number | null;
  durationMs: number;
  error: string | null;
}

/** The response body is not used; reading stops here, so a receiver cannot keep the sender busy. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface SignedRequest {
  url: string;
  /** `webhook-id`: the delivery's id, the same on every attempt. */
  messageId: string;
  body: string;
  /** One signature per secret (two during a rotation), space-separated in `webhook-signature`. */
  secrets: readonly string[];
}

export function signatureHeaders(request: Pick<SignedRequest, 'messageId' | 'body' | 'secrets'>, at: Date): Record<string, string> {
  return {
    'webhook-id': request.messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': request.secrets.map((secret) => new Webhook(secret).sign(request.messageId, at, request.body)).join(' '),
  };
}

/** Our words for what went wrong; never the receiver's body, and never the URL (it may carry a token). */
function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof AddressRefusedError) return `refused: ${error.message}`;
  const { name, code } = error as { name?: string; code?: string };
  if (name === 'TimeoutError' || name === 'AbortError' || code === 'ABORT_ERR') return `no answer within ${timeoutMs / 1000} s`;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
      return 'connection reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    default:
      return code?.startsWith('ERR_TLS') || code?.includes('CERT') ? `TLS: ${code}` : `network error${code ? `: ${code}` : ''}`;
  }
}

export async function sendSignedRequest(request: SignedRequest): Promise<AttemptResult> {
  const { timeoutMs, allowLoopback } = webhookConfig();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const url = new URL(request.url);
    if (url.protocol !== 'https:' && !(allowLoopback && url.protocol === 'http:')) throw new AddressRefusedError('the URL must use https');
    // Node does not look up a host that is an IP literal, so the guarded lookup would not see it: check it here.
    if (ipVersion(url.hostname)) await allowedAddresses(url.hostname);
    const body = Buffer.from(request.body);
    const status = await post(url, body, signatureHeaders(request, new Date()), timeoutMs);
    return { status, durationMs: elapsed(), error: status >= 200 && status < 300 ? null : `answered ${status}` };
  } catch (error) {
    return { status: null, durationMs: elapsed(), error: describe(error, timeoutMs) };
  }
}

function post(url: URL, body: Buffer, signature: Record<string, string>, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, {
      method: 'POST',
      agent: false,
      lookup: guardedLookup as never,
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'content-length': String(body.length),
        'user-agent': 'Orgspace-Webhooks/1.0',
        ...signature,
      },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_RESPONSE_BYTES) response.destroy();
      });
      response.on('error', () => resolve(status));
      response.on('close', () => resolve(status));
    });
    request.end(body);
  });
}
