// What the audit log can say happened: every change Orgspace makes is one of these, recorded in
// the change's own transaction. Route rows name the ones their call records (`records`), and a
// test holds each write route to them. A new capability adds its actions here.

export const AUDIT_ACTIONS = [
  'organization.created',
  'organization.updated',
  'workspace.created',
  'workspace.updated',
  'workspace.deleted',
  'member.added',
  'member.role_changed',
  'member.removed',
  'member.left',
  'workspace_member.added',
  'workspace_member.role_changed',
  'workspace_member.removed',
  'invitation.created',
  'invitation.resent',
  'invitation.revoked',
  'invitation.accepted',
  'invitation.declined',
  'invitation.email_sent',
  'invitation.email_failed',
  'webhook.created',
  'webhook.updated',
  'webhook.deleted',
  'webhook.secret_rotated',
  'webhook.disabled',
  'webhook.delivery_retried',
  'api_key.created',
  'api_key.updated',
  'api_key.rotated',
  'api_key.revoked',
  'access_request.created',
  'access_request.cancelled',
  'access_request.approved',
  'access_request.denied',
  'access_request.expired',
  'domain.created',
  'domain.verified',
  'domain.failed',
  'domain.lapsed',
  'domain.deleted',
  'domain_settings.updated',
  'join_request.created',
  'join_request.cancelled',
  'join_request.approved',
  'join_request.denied',
  'join_request.expired',
  'credential.created',
  'credential.secret_replaced',
  'credential.rolled_back',
  'credential.revealed',
  'credential.moved',
  'credential.deleted',
  'personal_credential.created',
  'personal_credential.secret_replaced',
  'personal_credential.rolled_back',
  'personal_credential.revealed',
  'personal_credential.deleted',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who can act: a person, a workspace API key, or Orgspace's own background work. */
export const ACTOR_TYPES = ['user', 'api_key', 'system'] as const;

/** How a change came about, when it matters: through the API, an invitation, a domain's auto-join... */
export const EVENT_SOURCES = ['api', 'invitation', 'domain_auto_join', 'access_request', 'system'] as const;
