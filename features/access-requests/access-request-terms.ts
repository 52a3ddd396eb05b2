// The terms of access requests that their schemas, errors and entity share: statuses, the roles
// one may ask for, how long a request lives and how many one person may have pending.
export const ACCESS_REQUEST_STATUSES = ['pending', 'approved', 'denied', 'cancelled', 'expired'] as const;
export type AccessRequestStatus = (typeof ACCESS_REQUEST_STATUSES)[number];
export const REQUESTABLE_ROLES = ['viewer', 'developer'] as const;

export const ACCESS_REQUEST_LIFETIME_DAYS = 30;
/** Pending requests one person may have across an org. */
export const PENDING_ACCESS_REQUEST_LIMIT = 20;
