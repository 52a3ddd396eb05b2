/** An invitation's states, shared by its stored record and its API representation. */
export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'revoked', 'expired'] as const;
