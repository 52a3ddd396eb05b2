import * as z from 'zod/mini';
import { id, timestamp } from '../../shared/http/schemas.js';
import { DOMAIN_CHECK_RESULTS, DOMAIN_FAILURE_REASONS, DOMAIN_STATUSES } from './domain-states.js';

export const domainParams = z.lazy(() => z.strictObject({ orgId: id, domainId: id }));

export const createDomainBody = z.lazy(() =>
  z.strictObject({
    domain: z
      .string()
      .check(
        z.minLength(1, 'must not be empty'),
        z.maxLength(300, 'must be at most 253 characters'),
        z.describe('acme.com or eu.acme.com; Unicode names (bücher.de) are stored in their ASCII form (xn--bcher-kva.de).'),
      ),
  }),
);

export const domain = z.lazy(() =>
  z.object({
    id,
    org_id: id,
    domain: z.string(),
    status: z
      .enum(DOMAIN_STATUSES)
      .check(
        z.describe(
          '`pending` until the TXT record is found; `verified`; `failed` (see failure_reason: never verified within 7 days, or another org verified it first); `lapsed` while the record has been missing 7 days in a row (members stop joining by it), `verified` again when it returns.',
        ),
      ),
    failure_reason: z.nullable(z.enum(DOMAIN_FAILURE_REASONS)),
    verification: z.object({
      type: z.literal('TXT'),
      name: z.string().check(z.describe('The record to publish: `_orgspace-verification.<domain>`.')),
      value: z.string().check(z.describe('Its value, exactly as given.')),
    }),
    created_by: id,
    created_at: timestamp,
    updated_at: timestamp,
    verified_at: z.nullable(timestamp),
    expires_at: timestamp.check(z.describe('A claim still pending at this time (7 days after it was made) fails as `expired`.')),
    last_check: z.nullable(
      z.object({
        at: timestamp,
        result: z
          .enum(DOMAIN_CHECK_RESULTS)
          .check(
            z.describe(
              '`found`; `missing` (no TXT record at that name); `wrong_value` (records there, none with this value); `dns_error` (DNS did not answer: it is tried again, the claim is unchanged).',
            ),
          ),
      }),
    ),
    next_check_at: z.nullable(timestamp.check(z.describe('When Orgspace looks again by itself; null once the claim has failed.'))),
  }),
);

export type CreateDomainInput = z.infer<typeof createDomainBody>;
export type Domain = z.infer<typeof domain>;
