// PUT /dev/dns/txt: sets a TXT record in the local DNS server, as a domain's owner would at their
// DNS provider, so that a claim can be verified locally. `{"name", "values": []}` removes the
// records; `{"name", "fail": true}` makes its look-ups answer SERVFAIL.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import * as z from 'zod';
import { errorResponse } from '../../shared/http/error-response.js';
import { issueDetails } from '../../shared/http/request-input.js';
import { ValidationError } from '../../shared/vocabulary/errors.js';
import type { LocalDnsServer } from './dns-server.js';
import { send } from './gateway-answers.js';

const txtRequest = z.union([
  z.strictObject({
    name: z.string().trim().min(1).max(253),
    /** Each value at most 255 bytes, as one TXT string holds (a longer one is split by real providers; not here). */
    values: z.array(z.string().max(255)).max(20),
  }),
  z.strictObject({ name: z.string().trim().min(1).max(253), fail: z.literal(true) }),
]);

export function answerDevDns(dns: LocalDnsServer, response: ServerResponse, body: Buffer): void {
  let parsed: ReturnType<typeof txtRequest.safeParse>;
  try {
    parsed = txtRequest.safeParse(JSON.parse(body.toString('utf8') || '{}'));
  } catch {
    parsed = txtRequest.safeParse(undefined);
  }
  if (!parsed.success) {
    const error = new ValidationError(
      'Send {"name": "_orgspace-verification.acme.com", "values": ["orgspace-verification=..."]}.',
      issueDetails('body', parsed.error.issues),
    );
    const answer = errorResponse(error, randomUUID());
    send(response, answer.statusCode, answer.body ?? '', answer.headers);
    return;
  }
  const { name } = parsed.data;
  dns.setTxt(name, 'fail' in parsed.data ? { fail: true } : { values: parsed.data.values });
  send(response, 200, JSON.stringify(parsed.data));
}
