import { config } from '../config.js';
import * as invitations from '../data/invitation-store.js';
import { normalizeEmail } from '../data/keys.js';
import { getOrgs } from '../data/org-store.js';
import { decodeCursor, encodeCursor } from '../data/page-cursor.js';
import type { RangeFilter } from '../data/query-page.js';
import type { InvitationRecord, InvitationTokenRecord, MemberRecord, OutboxRecord } from '../data/records.js';
import { ConflictError, ForbiddenError, GoneError, NotFoundError, TooManyRequestsError, ValidationError } from '../errors.js';
import type { Caller } from '../http/caller.js';
import { newId, nowIso } from '../ids.js';
import type { PageQuery } from '../schemas/common.js';
import type { CreateInvitationInput, Invitation, InvitationStatusFilter, MyInvitation, PublicInvitation } from '../schemas/invitations.js';
import type { Member } from '../schemas/members.js';
import { membershipFailure, requireOrgPermission } from './access.js';
import { hashInvitationToken, newInvitationToken } from './invitation-token.js';
import { toMember } from './member-service.js';
import { orgRolesWith } from './roles.js';

const INVITATION_NOT_FOUND = 'Invitation';
const DAY_MS = 86_400_000;
/** Invitation emails to one address: at most this many per window, across all orgs. */
export const INVITATION_EMAILS_PER_WINDOW = 3;
export const INVITATION_EMAIL_WINDOW_SECONDS = 60;

const isExpired = (invitation: Pick<InvitationRecord, 'expires_at'>, now: string) => invitation.expires_at <= now;

export function toInvitation(record: InvitationRecord, now = nowIso()): Invitation {
  return {
    id: record.id,
    org_id: record.org_id,
    email: record.email,
    role: record.role,
    workspaces: record.workspaces,
    status: record.status === 'pending' && isExpired(record, now) ? 'expired' : record.status,
    expires_at: record.expires_at,
    invited_by: record.invited_by,
    email_status: record.email_status,
    created_at: record.created_at,
    updated_at: record.updated_at,
  };
}

function mailRate(email: string, now: string, knownSends: number | undefined): invitations.MailRate {
  const windowStart = new Date(Date.parse(now) - INVITATION_EMAIL_WINDOW_SECONDS * 1000).toISOString();
  return { email, knownSends, now, windowStart, slots: INVITATION_EMAILS_PER_WINDOW };
}

/**
 * What a failed rate step met: the log as it is. Either the oldest of the last emails is older
 * than the window (the guess about the count was stale: retry knowing it), or the address had its
 * emails for this window (429, with the time until the oldest leaves it).
 */
function rateOutcome(rate: invitations.MailRate, item: Record<string, unknown> | undefined): RetryWith | Error {
  const sends = typeof item?.sends === 'number' ? item.sends : undefined;
  if (sends === undefined) return new RetryWith({ knownSends: undefined });
  const oldest = item?.[invitations.rateSlot(sends, rate.slots)];
  if (typeof oldest !== 'string' || oldest <= rate.windowStart) return new RetryWith({ knownSends: sends });
  const retryAfter = Math.max(1, Math.ceil((Date.parse(oldest) + INVITATION_EMAIL_WINDOW_SECONDS * 1000 - Date.parse(rate.now)) / 1000));
  return new TooManyRequestsError(
    'too_many_invitation_emails',
    `${rate.email} was sent ${rate.slots} invitation emails in the last ${INVITATION_EMAIL_WINDOW_SECONDS} seconds. Try again in ${retryAfter} seconds.`,
    retryAfter,
  );
}

/** A transaction lost only because of what it assumed; it is tried again with what the failure revealed. */
class RetryWith extends Error {
  constructor(readonly change: { knownSends?: number | undefined; replacing?: string }) {
    super('Retry with what the failed attempt revealed');
  }
}

/** Runs a write that may need another attempt with corrected assumptions (a handful at most). */
async function withRetries<S>(
  initial: S,
  attempt: (state: S) => Promise<void>,
  apply: (state: S, change: RetryWith['change']) => S,
): Promise<S> {
  let state = initial;
  for (let tries = 1; ; tries++) {
    try {
      await attempt(state);
      return state;
    } catch (error) {
      if (!(error instanceof RetryWith) || tries >= 4)
        throw error instanceof RetryWith
          ? new ConflictError('concurrent_modification', 'Other requests changed this at the same time. Retry.')
          : error;
      state = apply(state, error.change);
    }
  }
}

function newOutbox(invitation: InvitationRecord, token: string, now: string): OutboxRecord {
  return {
    id: invitation.send_id,
    org_id: invitation.org_id,
    invitation_id: invitation.id,
    workspaces: invitation.workspaces,
    to: invitation.email,
    token,
    status: 'pending',
    attempts: 0,
    next_attempt_at: new Date(Date.parse(now) + config().mailStreamGraceSeconds * 1000).toISOString(),
    created_at: now,
  };
}

function tokenRecord(invitation: InvitationRecord): InvitationTokenRecord {
  const { org_id, id, email, role, workspaces, expires_at } = invitation;
  return { org_id, invitation_id: id, email, role, workspaces, expires_at };
}

export async function createInvitation(caller: Caller, orgId: string, input: CreateInvitationInput): Promise<Invitation> {
  const now = nowIso();
  const { token, hash } = newInvitationToken();
  const invitation: InvitationRecord = {
    id: newId(),
    org_id: orgId,
    email: input.email,
    role: input.role,
    workspaces: input.workspaces,
    status: 'pending',
    expires_at: new Date(Date.parse(now) + input.expires_in_days * DAY_MS).toISOString(),
    invited_by: { user_id: caller.userId, name: caller.name, email: caller.email },
    email_status: 'queued',
    send_id: newId(),
    token_hash: hash,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  const pendingLimit = config().pendingInvitationLimit;
  const pendingConflict = () =>
    new ConflictError(
      'invitation_pending',
      `${invitation.email} already has a pending invitation to this organization. Resend it instead.`,
    );

  const final = await withRetries(
    { knownSends: undefined as number | undefined, replacing: undefined as string | undefined },
    async ({ knownSends, replacing }) => {
      const rate = mailRate(invitation.email, now, knownSends);
      const record = { ...invitation, mail_log_sends: (knownSends ?? 0) + 1 };
      const plan = {
        invitation: record,
        token: { hash, record: tokenRecord(record) },
        outbox: newOutbox(record, token, now),
        actorRoles: orgRolesWith('invitation:manage'),
        pendingLimit,
        rate,
      };
      await invitations.createInvitation(plan, replacing, (label, failure) => {
        if (label.startsWith('workspace:')) {
          const index = input.workspaces.findIndex((grant) => `workspace:${grant.workspace_id}` === label);
          return new ValidationError('Every workspace in the invitation must belong to this organization.', [
            { field: `body.workspaces.${index}.workspace_id`, message: 'is not a workspace of this organization' },
          ]);
        }
        switch (label) {
          case 'actor':
            return membershipFailure(failure);
          case 'already_member':
            return new ConflictError('already_member', `${invitation.email} is already a member of this organization.`);
          case 'pending': {
            // The address's last invitation expired unanswered: this one may take its place.
            const guard = failure.item as { invitation_id?: string; expires_at?: string } | undefined;
            return replacing === undefined && guard?.invitation_id && guard.expires_at && guard.expires_at <= now
              ? new RetryWith({ replacing: guard.invitation_id })
              : pendingConflict();
          }
          case 'replaced':
            return pendingConflict();
          case 'pending_limit':
            return new ConflictError(
              'pending_invitation_limit',
              `This organization already has ${pendingLimit} open invitations. Revoke some (expired ones count until revoked or replaced) before inviting more.`,
            );
          case 'rate':
            return rateOutcome(rate, failure.item);
          default:
            return new Error(`Unexpected condition failure: ${label}`);
        }
      });
    },
    (state, change) => ({ ...state, ...change }),
  );
  return toInvitation({ ...invitation, mail_log_sends: (final.knownSends ?? 0) + 1 }, now);
}

function statusFilter(status: InvitationStatusFilter, now: string): RangeFilter | undefined {
  switch (status) {
    case undefined:
      return undefined;
    case 'pending':
      return {
        expression: '#status = :pending AND expires_at > :now',
        names: { '#status': 'status' },
        values: { ':pending': 'pending', ':now': now },
      };
    case 'expired':
      return {
        expression: '#status = :expired OR (#status = :pending AND expires_at <= :now)',
        names: { '#status': 'status' },
        values: { ':pending': 'pending', ':expired': 'expired', ':now': now },
      };
    default:
      return { expression: '#status = :status', names: { '#status': 'status' }, values: { ':status': status } };
  }
}

export async function listInvitations(caller: Caller, orgId: string, query: PageQuery & { status?: InvitationStatusFilter }) {
  const scope = ['invitations', orgId, query.status ?? 'all'];
  const now = nowIso();
  const result = await invitations.listInvitationsWithMembership(
    orgId,
    caller.userId,
    query.limit,
    decodeCursor(query.cursor, scope),
    statusFilter(query.status, now),
  );
  requireOrgPermission(result.member, 'invitation:manage');
  return { data: result.items.map((record) => toInvitation(record, now)), next_cursor: encodeCursor(result.lastId, scope) };
}

async function invitationForAdmin(caller: Caller, orgId: string, invitationId: string) {
  const { member, invitation } = await invitations.getInvitationWithMembership(orgId, invitationId, caller.userId);
  requireOrgPermission(member, 'invitation:manage');
  if (!invitation) throw new NotFoundError(INVITATION_NOT_FOUND);
  return invitation;
}

/** Why a closed invitation cannot be resent or revoked. */
function closedInvitation(invitation: Pick<InvitationRecord, 'status'>): Error {
  switch (invitation.status) {
    case 'accepted':
      return new ConflictError('invitation_already_accepted', 'This invitation was already accepted.');
    case 'declined':
      return new ConflictError('invitation_declined', 'This invitation was declined. Send a new invitation instead.');
    case 'revoked':
      return new ConflictError('invitation_revoked', 'This invitation was revoked. Send a new invitation instead.');
    case 'expired':
      return new ConflictError('invitation_replaced', 'A newer invitation to this address replaced this one.');
    default:
      return new ConflictError(
        'concurrent_modification',
        'The invitation was changed by another request at the same time. Read it again and retry.',
      );
  }
}

export async function revokeInvitation(caller: Caller, orgId: string, invitationId: string): Promise<void> {
  const invitation = await invitationForAdmin(caller, orgId, invitationId);
  if (invitation.status === 'revoked') return;
  if (invitation.status !== 'pending') throw closedInvitation(invitation);
  await invitations.revokeInvitation(invitation, caller.userId, orgRolesWith('invitation:manage'), nowIso(), (label, failure) =>
    label === 'actor'
      ? membershipFailure(failure)
      : closedInvitation((failure.item as InvitationRecord | undefined) ?? { status: 'pending' }),
  );
}

export async function resendInvitation(caller: Caller, orgId: string, invitationId: string): Promise<Invitation> {
  const current = await invitationForAdmin(caller, orgId, invitationId);
  if (current.status !== 'pending') throw closedInvitation(current);
  const now = nowIso();
  const lifetime = Date.parse(current.expires_at) - Date.parse(current.created_at);
  const { token, hash } = newInvitationToken();
  const next: InvitationRecord = {
    ...current,
    expires_at: new Date(Date.parse(now) + lifetime).toISOString(),
    email_status: 'queued',
    send_id: newId(),
    token_hash: hash,
    updated_at: now,
    version: current.version + 1,
  };
  await withRetries(
    current.mail_log_sends,
    async (knownSends) => {
      const rate = mailRate(next.email, now, knownSends);
      const record = { ...next, mail_log_sends: (knownSends ?? 0) + 1 };
      await invitations.resendInvitation(
        current,
        record,
        { hash, record: tokenRecord(record) },
        newOutbox(record, token, now),
        caller.userId,
        orgRolesWith('invitation:manage'),
        rate,
        (label, failure) => {
          switch (label) {
            case 'actor':
              return membershipFailure(failure);
            case 'rate':
              return rateOutcome(rate, failure.item);
            case 'invitation':
              return closedInvitation((failure.item as InvitationRecord | undefined) ?? { status: 'pending' });
          }
        },
      );
    },
    (_known, change) => change.knownSends,
  );
  return toInvitation(next, now);
}

async function tokenItem(token: string): Promise<{ record: InvitationTokenRecord; hash: string }> {
  const hash = hashInvitationToken(token);
  const record = await invitations.getInvitationToken(hash);
  if (!record) throw new NotFoundError(INVITATION_NOT_FOUND);
  return { record, hash };
}

export async function getInvitationByToken(token: string): Promise<PublicInvitation> {
  const { record, hash } = await tokenItem(token);
  const { invitation, org, workspaces } = await invitations.getInvitationView(record);
  // A resent invitation's old link is dead: it answers as if it never existed.
  if (!invitation || !org || invitation.token_hash !== hash) throw new NotFoundError(INVITATION_NOT_FOUND);
  const names = new Map(workspaces.map((workspace) => [workspace.id, workspace.name]));
  return {
    org: { id: org.id, name: org.name },
    invited_by: { name: invitation.invited_by.name, email: invitation.invited_by.email },
    email: invitation.email,
    role: invitation.role,
    workspaces: invitation.workspaces.flatMap((grant) => {
      const name = names.get(grant.workspace_id);
      return name === undefined ? [] : [{ workspace_id: grant.workspace_id, name, role: grant.role }];
    }),
    status: toInvitation(invitation).status,
    expires_at: invitation.expires_at,
  };
}

/** What a failed accept or decline met: the invitation as it was tells used, revoked, expired or replaced. */
function unusableInvitation(item: Record<string, unknown> | undefined, hash: string, now: string): Error {
  const invitation = item as InvitationRecord | undefined;
  if (!invitation || invitation.token_hash !== hash) return new NotFoundError(INVITATION_NOT_FOUND);
  switch (invitation.status) {
    case 'accepted':
      return new ConflictError('invitation_already_accepted', 'This invitation has already been accepted.');
    case 'declined':
      return new GoneError('invitation_declined', 'This invitation was declined. Ask for a new one.');
    case 'revoked':
      return new GoneError('invitation_revoked', 'This invitation was revoked by the organization. Ask for a new one.');
    case 'expired':
      return new GoneError('invitation_expired', 'This invitation has expired. Ask for a new one.');
    case 'pending':
      return isExpired(invitation, now)
        ? new GoneError('invitation_expired', 'This invitation has expired. Ask for a new one.')
        : new ConflictError('concurrent_modification', 'The invitation changed while it was being answered. Retry.');
  }
}

export async function acceptInvitation(caller: Caller, token: string): Promise<Member> {
  const { record, hash } = await tokenItem(token);
  if (!caller.emailVerified) {
    throw new ForbiddenError(
      'Your email address is not verified. Verify it with your identity provider, then accept again.',
      'email_not_verified',
    );
  }
  if (normalizeEmail(caller.email) !== normalizeEmail(record.email)) {
    throw new ForbiddenError(
      `This invitation is for another email address. Sign in as ${record.email} to accept it.`,
      'invitation_email_mismatch',
    );
  }
  const now = nowIso();
  const member: MemberRecord = {
    org_id: record.org_id,
    user_id: caller.userId,
    role: record.role,
    workspaces: Object.fromEntries(record.workspaces.map((grant) => [grant.workspace_id, grant.role])),
    email: caller.email,
    name: caller.name,
    joined_at: now,
  };
  // A workspace deleted since the invitation was sent is dropped from the grants, not a reason to refuse.
  for (;;) {
    try {
      await invitations.acceptInvitation(record, hash, member, now, (label, failure) => {
        if (label.startsWith('workspace:')) return new MissingWorkspace(label.slice('workspace:'.length));
        switch (label) {
          case 'invitation':
            return unusableInvitation(failure.item, hash, now);
          case 'member':
            return new ConflictError('already_member', 'You are already a member of this organization.');
          default:
            return new NotFoundError('Organization');
        }
      });
      return toMember(member);
    } catch (error) {
      if (!(error instanceof MissingWorkspace)) throw error;
      delete member.workspaces[error.workspaceId];
    }
  }
}

class MissingWorkspace extends Error {
  constructor(readonly workspaceId: string) {
    super('A granted workspace no longer exists');
  }
}

export async function declineInvitation(token: string): Promise<void> {
  const { record, hash } = await tokenItem(token);
  const now = nowIso();
  await invitations.declineInvitation(record, hash, now, (failure) => unusableInvitation(failure.item, hash, now));
}

/** Only a verified address may see what was sent to it. */
export async function listMyInvitations(caller: Caller, page: PageQuery): Promise<{ data: MyInvitation[]; next_cursor: string | null }> {
  if (!caller.emailVerified)
    throw new ForbiddenError('Your email address is not verified, so its invitations cannot be shown.', 'email_not_verified');
  const scope = ['my-invitations', normalizeEmail(caller.email)];
  const after = decodeCursor(page.cursor, scope, (value) => /^[0-9a-f-]{36}\/[0-9a-f-]{36}$/.test(value));
  const [orgId, invitationId] = after?.split('/') ?? [];
  const now = nowIso();
  const result = await invitations.listOpenInvitationsOfInvitee(
    caller.email,
    now,
    page.limit,
    orgId && invitationId ? { orgId, invitationId } : undefined,
  );
  const orgs = await getOrgNames(result.items.map((invitation) => invitation.org_id));
  return {
    data: result.items.flatMap((invitation) => {
      const name = orgs.get(invitation.org_id);
      if (name === undefined) return [];
      return [
        {
          id: invitation.id,
          org: { id: invitation.org_id, name },
          invited_by: { name: invitation.invited_by.name, email: invitation.invited_by.email },
          role: invitation.role,
          workspaces: invitation.workspaces,
          expires_at: invitation.expires_at,
          created_at: invitation.created_at,
        },
      ];
    }),
    next_cursor: encodeCursor(result.after ? `${result.after.orgId}/${result.after.invitationId}` : undefined, scope),
  };
}

async function getOrgNames(orgIds: string[]): Promise<Map<string, string>> {
  if (orgIds.length === 0) return new Map();
  const records = await getOrgs([...new Set(orgIds)]);
  return new Map([...records.values()].map((org) => [org.id, org.name]));
}
