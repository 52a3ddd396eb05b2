// What the table stores for each entity, apart from its keys. Attribute names are the API's
// snake_case, so a record maps to a response by picking fields, never by renaming them.
import type { RoleKey } from '../domain/roles.js';

export interface UserRecord {
  id: string;
  email: string;
  name: string | null;
  personal_org_id: string;
  created_at: string;
}

export interface OrgRecord {
  id: string;
  name: string;
  personal: boolean;
  created_by: string;
  created_at: string;
  updated_at: string;
  workspace_count: number;
  /** Kept in step with member roles by the same transactions, so the last admin cannot go. */
  admin_count: number;
  /** Invitations holding a PENDING# guard (open or expired, not yet replaced, revoked or used). */
  pending_invitations: number;
}

export interface MemberRecord {
  org_id: string;
  user_id: string;
  role: RoleKey;
  /** Workspace grants, by workspace id; kept on the membership so that leaving an org drops them atomically. */
  workspaces: Record<string, RoleKey>;
  email: string;
  name: string | null;
  joined_at: string;
}

export interface WorkspaceRecord {
  id: string;
  org_id: string;
  name: string;
  icon_url: string | null;
  status: 'active' | 'inactive';
  created_by: string;
  created_at: string;
  updated_at: string;
  /** Incremented by every write; updates are conditioned on the version they read. */
  version: number;
}

export interface WorkspaceGrant {
  workspace_id: string;
  role: RoleKey;
}

export type InvitationStatus = 'pending' | 'accepted' | 'declined' | 'revoked' | 'expired';
export type EmailStatus = 'queued' | 'sent' | 'failed';

export interface InvitationRecord {
  id: string;
  org_id: string;
  /** As the inviter typed it (trimmed); compared through normalizeEmail. */
  email: string;
  role: RoleKey;
  workspaces: WorkspaceGrant[];
  /** `expired` is stored only when a new invitation replaced an expired one; otherwise it is derived from expires_at. */
  status: InvitationStatus;
  expires_at: string;
  invited_by: { user_id: string; name: string | null; email: string };
  email_status: EmailStatus;
  /** The outbox item of the latest email; an older one still queued is dropped, not sent. */
  send_id: string;
  /** SHA-256 of the token in the latest email; the token itself is never stored. */
  token_hash: string;
  /** The address's email count (see MailRate) after this invitation's latest email: a resend's first guess. */
  mail_log_sends?: number;
  created_at: string;
  updated_at: string;
  responded_at?: string;
  accepted_by?: string;
  version: number;
}

/** What accepting or declining needs, found from the link's token in one read. */
export interface InvitationTokenRecord {
  org_id: string;
  invitation_id: string;
  email: string;
  role: RoleKey;
  workspaces: WorkspaceGrant[];
  expires_at: string;
}

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'superseded';

export interface OutboxRecord {
  id: string;
  org_id: string;
  invitation_id: string;
  /** The grants at the time of sending, so the mailer reads the workspaces' names with the invitation. */
  workspaces: WorkspaceGrant[];
  to: string;
  /**
   * The invitation token, held only until the email is sent (the mailer needs it to build the
   * link); removed by the same write that records the send.
   */
  token?: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  /** While a mailer is sending, other deliveries of the same item stand back until this passes. */
  lease_until?: string;
  last_error?: string;
  ses_message_id?: string;
  created_at: string;
  sent_at?: string;
}
