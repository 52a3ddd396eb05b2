// The error codes of verified domains, as their route rows list them (and the OpenAPI document shows them).
import type { ErrorCodeSpec } from '../../shared/vocabulary/errors.js';

export const domainErrors = {
  invalidDomain: {
    status: 422,
    code: 'invalid_domain',
    message:
      'The domain must be a registered domain name (acme.com) or a subdomain of one (eu.acme.com), not a public suffix or an address.',
  },
  consumerDomain: {
    status: 422,
    code: 'consumer_domain',
    message: 'gmail.com is a consumer or disposable email provider; an org can claim only a domain it controls.',
  },
  alreadyAdded: {
    status: 409,
    code: 'domain_already_added',
    message: 'This organization already has acme.com among its domains.',
  },
  limitReached: {
    status: 409,
    code: 'domain_limit_reached',
    message: 'This organization already has the maximum of 10 domains. Delete one first.',
  },
} as const satisfies Record<string, ErrorCodeSpec>;
