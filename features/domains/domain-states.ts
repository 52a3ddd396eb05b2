// The states of a domain claim and what a check can find: shared by the stored record and the API
// schemas, which must not load the entity (the OpenAPI document reads schemas with no table).

export const DOMAIN_STATUSES = ['pending', 'verified', 'failed', 'lapsed'] as const;
export type DomainStatus = (typeof DOMAIN_STATUSES)[number];

export const DOMAIN_FAILURE_REASONS = ['expired', 'claimed_by_other_org'] as const;
export type DomainFailureReason = (typeof DOMAIN_FAILURE_REASONS)[number];

/** What the last look-up found: the record, no record, records without ours, or no answer from DNS at all. */
export const DOMAIN_CHECK_RESULTS = ['found', 'missing', 'wrong_value', 'dns_error'] as const;
export type DomainCheckResult = (typeof DOMAIN_CHECK_RESULTS)[number];
