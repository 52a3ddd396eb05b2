// Idempotency-Key on POST routes: a client that retries a POST (a timeout, a dropped connection)
// with the same key and the same request gets the first response again, and nothing is written
// twice. The key is kept for 24 hours per caller; reusing it for another request is a 422.

import { createHash } from 'node:crypto';
import { errorFields, log } from '../observability/log.js';
import { AppError } from '../vocabulary/errors.js';
import { canonicalJson } from '../vocabulary/preconditions.js';
import * as store from './idempotency-store.js';
import type { HttpResponse } from './response.js';

const KEEP_SECONDS = 24 * 60 * 60;
/** Longer than a function's timeout: a claim older than this belongs to a request that died. */
const LOCK_SECONDS = 30;
/** Headers a replay repeats; the request id and the like belong to the replay itself. */
const REPLAYED_HEADERS = ['content-type', 'etag', 'location'];

export interface IdempotentRequest {
  key: string;
  /** Whose key it is: a user id, or `public`. */
  caller: string;
  /** What was asked: the route and its parsed input; the same key with another request is refused. */
  request: unknown;
}

export type IdempotentRunner = typeof runIdempotently;

export async function runIdempotently(request: IdempotentRequest, run: () => Promise<HttpResponse>): Promise<HttpResponse> {
  const keyHash = createHash('sha256').update(request.key).digest('base64url');
  const fingerprint = createHash('sha256').update(canonicalJson(request.request)).digest('base64url');
  const claim = await store.claim(request.caller, keyHash, fingerprint, new Date(), KEEP_SECONDS, LOCK_SECONDS);
  if (!claim.claimed) {
    const { existing } = claim;
    if (existing.fingerprint !== fingerprint) {
      throw new AppError(
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was used for a different request in the last 24 hours. Use a new key for a new request.',
        [{ field: 'header.idempotency-key', message: 'was already used with another request' }],
      );
    }
    if (existing.status === 'completed' && existing.response) {
      const { statusCode, headers, body } = existing.response;
      return { statusCode, headers: { ...headers, 'idempotent-replayed': 'true' }, ...(body === undefined ? {} : { body }) };
    }
    throw new AppError(
      409,
      'idempotency_key_in_use',
      'A request with this Idempotency-Key is still being processed. Retry after the delay in Retry-After.',
      [],
      { 'Retry-After': '1' },
    );
  }
  let response: HttpResponse;
  try {
    response = await run();
  } catch (error) {
    await store.release(request.caller, keyHash).catch(() => undefined);
    throw error;
  }
  const headers = Object.fromEntries(REPLAYED_HEADERS.flatMap((name) => (response.headers[name] ? [[name, response.headers[name]!]] : [])));
  try {
    await store.complete(request.caller, keyHash, {
      statusCode: response.statusCode,
      headers,
      ...(typeof response.body === 'string' ? { body: response.body } : {}),
    });
  } catch (error) {
    // The write is done and this response says so; failing it now would invite the very retry the key guards against.
    log('warn', 'idempotency_record_not_completed', { error: errorFields(error) });
  }
  return response;
}
