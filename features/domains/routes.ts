// Rows of the route table (../routes.ts): an org's verified email domains, for its admins.
import { defineRoute, V1 } from '../../shared/http/route.js';
import { orgParams, page, pageQuery } from '../../shared/http/schemas.js';
import { commonErrors } from '../../shared/vocabulary/errors.js';
import { domainErrors } from './errors.js';
import { createDomainBody, domain, domainParams } from './schemas.js';

const DOMAINS = `${V1}/orgs/{orgId}/domains`;

export const routes = {
  createDomain: defineRoute({
    name: 'create-domain',
    method: 'POST',
    path: DOMAINS,
    summary: 'Claim an email domain for the org',
    description:
      'The claim is `pending` until the TXT record in its `verification` is published and found: by `POST .../verify`, or by Orgspace itself (after 1 minute, then with backoff up to every 6 hours); a claim not verified within 7 days fails as `expired`. A registered domain or a subdomain of one, judged by the Public Suffix List; consumer and disposable mail providers are refused (422 `consumer_domain`). At most 10 domains per org. Several orgs may claim one domain; the first to verify it owns it.',
    tag: 'Domains',
    auth: 'user',
    tableAccess: 'write',
    permission: 'domain:manage',
    params: orgParams,
    body: createDomainBody,
    response: domain,
    errorCodes: [
      commonErrors.forbidden,
      domainErrors.alreadyAdded,
      domainErrors.limitReached,
      domainErrors.invalidDomain,
      domainErrors.consumerDomain,
    ],
    records: ['domain.created'],
    successStatus: 201,
    errors: [403, 409, 422],
    dynamoRoundTrips: { count: 1 },
  }),
  listDomains: defineRoute({
    name: 'list-domains',
    method: 'GET',
    path: DOMAINS,
    summary: "The org's domains, in every state",
    tag: 'Domains',
    auth: 'user',
    tableAccess: 'read',
    permission: 'domain:manage',
    params: orgParams,
    query: pageQuery,
    response: page(domain),
    errorCodes: [commonErrors.forbidden],
    successStatus: 200,
    errors: [403],
    dynamoRoundTrips: {
      count: 2,
      sequential: 1,
      reason:
        "the caller's membership and the page of domains, sent in parallel (one round trip of latency): no single key range holds both",
    },
  }),
  getDomain: defineRoute({
    name: 'get-domain',
    method: 'GET',
    path: `${DOMAINS}/{domainId}`,
    summary: 'One domain, with its TXT record and its last check',
    tag: 'Domains',
    auth: 'user',
    tableAccess: 'read',
    permission: 'domain:manage',
    params: domainParams,
    response: domain,
    errorCodes: [commonErrors.forbidden],
    successStatus: 200,
    errors: [403],
    dynamoRoundTrips: { count: 1 },
  }),
  verifyDomain: defineRoute({
    name: 'verify-domain',
    method: 'POST',
    path: `${DOMAINS}/{domainId}/verify`,
    summary: "Look the domain's TXT record up now",
    description:
      'Answers the domain as it then stands: `verified` if the record was found (or `failed` with `claimed_by_other_org` if another org verified it first), otherwise unchanged with `last_check.result` saying what DNS answered (`missing`, `wrong_value`, or `dns_error` when DNS did not answer: a 200 all the same, and Orgspace looks again later). A verified domain is checked again too; a failed one is left as it is.',
    tag: 'Domains',
    auth: 'user',
    tableAccess: 'write',
    permission: 'domain:manage',
    params: domainParams,
    response: domain,
    errorCodes: [commonErrors.forbidden],
    records: ['domain.verified'],
    successStatus: 200,
    errors: [403],
    dynamoRoundTrips: {
      count: 3,
      reason:
        "reads the claim with the caller's membership; after the DNS look-up, one transaction conditioned on what it read (with the owner item); a domain just verified then reads the other orgs' claims on it, to fail them",
    },
  }),
  deleteDomain: defineRoute({
    name: 'delete-domain',
    method: 'DELETE',
    path: `${DOMAINS}/{domainId}`,
    summary: 'Delete a domain claim',
    description: "A verified domain stops being the org's at once: members no longer join by it, and another org may verify it.",
    tag: 'Domains',
    auth: 'user',
    tableAccess: 'write',
    permission: 'domain:manage',
    params: domainParams,
    errorCodes: [commonErrors.forbidden, commonErrors.concurrentModification],
    records: ['domain.deleted'],
    successStatus: 204,
    errors: [403, 409],
    dynamoRoundTrips: {
      count: 2,
      reason: "reads the claim with the caller's membership, then one transaction conditioned on what it read",
    },
  }),
};
