// The words of joining by domain, shared by the stored records and the API's schemas.

export const JOIN_MODES = ['off', 'suggest', 'auto'] as const;
export type JoinMode = (typeof JOIN_MODES)[number];

/** Who joins by domain joins as one of these; an admin approving a request may pick any role. */
export const JOIN_ROLES = ['viewer', 'developer'] as const;

export const JOIN_REQUEST_STATUSES = ['pending', 'approved', 'denied', 'cancelled', 'expired'] as const;
export type JoinRequestStatus = (typeof JOIN_REQUEST_STATUSES)[number];

/** A request nobody answered is closed after this long. */
export const JOIN_REQUEST_LIFETIME_DAYS = 30;
