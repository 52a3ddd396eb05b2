// POST /dev/token: a token for any address, so that curl and the tests can act as anyone locally.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import * as z from 'zod';
import { ValidationError } from '../../shared/errors.js';
import { errorResponse } from '../../shared/http/error-response.js';
import { issueDetails } from '../../shared/http/request-input.js';
import { send } from './gateway-answers.js';
import { LOCAL_TOKEN_LIFETIME_SECONDS, type LocalIssuer } from './oidc-issuer.js';

const tokenRequest = z.strictObject({
  email: z.email(),
  name: z.string().trim().min(1).max(100).optional(),
  /** Lifetime in seconds; a negative value mints an already expired token, for trying error paths. */
  expires_in: z.number().int().min(-86_400).max(86_400).optional(),
});

export async function answerDevToken(issuer: LocalIssuer, response: ServerResponse, body: Buffer): Promise<void> {
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
  const token = await issuer.issueToken(parsed.data.email, parsed.data.name, { expiresInSeconds: expiresIn });
  send(response, 200, JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: expiresIn }));
}
