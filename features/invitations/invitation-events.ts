// How invitations appear in the audit log: by id, named by the invited address.
import type { AuditTarget } from '../audit/audit-event-entity.js';

export const invitationTarget = (invitation: { id: string; email: string }): AuditTarget => ({
  type: 'invitation',
  id: invitation.id,
  name: invitation.email,
});
