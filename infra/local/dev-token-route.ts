// POST /dev/token: a token for any address, so that curl and the tests can act as anyone locally.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import { errorResponse } from '../../shared/http/error-response.js';
import { issueDetails } from '../../shared/http/request-input.js';
import { ValidationError } from '../../shared/vocabulary/errors.js';
import { send } from './gateway-answers.js';
import { LOCAL_TOKEN_LIFETIME_SECONDS, type LocalIssuer } from './oidc-issuer.js';

const tokenRequest = z.strictObject({
  // Any address a provider might verify, Unicode included, so that tests can present look-alikes.
  email: z.email({ pattern: z.regexes.unicodeEmail }),
  /** Longer than the API's 100: an issuer's name claim has no limit of ours, and the API cuts it. */
  name: z.string().trim().min(1).max(1000).optional(),
  /** Lifetime in seconds; a negative value mints an already expired token, for trying error paths. */
  expires_in: z.number().int().min(-86_400).max(86_400).optional(),
  /** The token's `aud`, when it should look minted for another client than orgspace-local. */
  audience: z.string().trim().min(1).max(200).optional(),
  /** false: the token says the provider has not verified the address (no auto-join, no invitations). */
  email_verified: z.boolean().optional(),
});

export async function answerDevToken(issuer: LocalIssuer, request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<void> {
  let parsed: ReturnType<typeof tokenRequest.safeParse>;
  try {
    parsed = tokenRequest.safeParse(JSON.parse(body.toString('utf8') || '{}'));
  } catch {
    parsed = tokenRequest.safeParse(undefined);
  }
  if (!parsed.success) {
    const error = new ValidationError(
      'Send {"email": "you@example.com", "name": "Optional Name"}.',
      issueDetails('body', parsed.error.issues),
    );
    const answer = errorResponse(error, randomUUID());
    send(response, answer.statusCode, answer.body ?? '', answer.headers);
    return;
  }
  const expiresIn = parsed.data.expires_in ?? LOCAL_TOKEN_LIFETIME_SECONDS;
  const token = await issuer.issueToken(parsed.data.email, parsed.data.name, {
    expiresInSeconds: expiresIn,
    audience: parsed.data.audience,
    emailVerified: parsed.data.email_verified,
  });
  // A bare token for TOKEN=$(curl ...), with no JSON to pick apart.
  if ((request.headers.accept ?? '').includes('text/plain'))
    send(response, 200, `${token}\n`, { 'content-type': 'text/plain; charset=utf-8' });
  else send(response, 200, JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: expiresIn }));
}
