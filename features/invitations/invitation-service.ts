// The admin's side of invitations: invite, list, revoke, resend. Sending an email counts against
// its quotas (invitation-email-quotas.ts) in the same transaction; a transaction that failed only
// because of what it assumed (the org's count of emails to the address, or an expired invitation
// holding the address) is tried again, in a loop, with what the failure revealed.
import { config } from '../../shared/config.js';
import type { PageQuery } from '../../shared/http/schemas.js';
import { decodeCursor, encodeCursor } from '../../shared/table/page-cursor.js';
import type { Expression } from '../../shared/table/steps.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/vocabulary/errors.js';
import { newId, nowIso } from '../../shared/vocabulary/ids.js';
import { orgRolesWith } from '../../shared/vocabulary/policy.js';
import { type Principal, requireUser, type UserPrincipal } from '../../shared/vocabulary/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import { membershipFailure, requireOrgPermission } from '../members/access.js';
import { emailQuotaOutcome, emailQuotaSteps, type InvitationEmail, isEmailQuotaLabel } from './invitation-email-quotas.js';
import { type InvitationRecord, pendingInvitationGuard } from './invitation-entity.js';
import { invitationTarget } from './invitation-events.js';
import { closedInvitation, INVITATION_NOT_FOUND, invitationIn, toInvitation } from './invitation-representation.js';
import * as invitations from './invitation-store.js';
import { newInvitationToken } from './invitation-token.js';
import type { OutboxRecord } from './outbox-entity.js';
import type { CreateInvitationInput, Invitation, InvitationStatusFilter } from './schemas.js';

const DAY_MS = 86_400_000;
/** Attempts of a write whose assumptions turned out stale; more means others keep changing the same items. */
const ATTEMPTS = 4;

const tooManyChanges = () => new ConflictError('concurrent_modification', 'Other requests changed this at the same time. Retry.');

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

export async function createInvitation(principal: Principal, orgId: string, input: CreateInvitationInput): Promise<Invitation> {
  const inviter = requireUser(principal);
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
    invited_by: { user_id: inviter.userId, name: inviter.name, email: inviter.email },
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

  let knownSends: number | undefined;
  let replacing: string | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const email: InvitationEmail = { orgId, inviterId: inviter.userId, address: invitation.email, now, knownSends };
    const record = { ...invitation, mail_log_sends: (knownSends ?? 0) + 1 };
    const outbox = newOutbox(record, token, now);
    const event = auditEvent(principal, {
      action: 'invitation.created',
      orgId,
      targets: [invitationTarget(record)],
      changes: { role: { from: null, to: record.role }, workspaces: { from: null, to: record.workspaces } },
      at: now,
    });
    const outcome = await invitations.createInvitation(
      {
        invitation: record,
        outbox,
        actorRoles: orgRolesWith('invitation:manage'),
        pendingLimit,
        quotas: emailQuotaSteps(email),
        events: [event],
      },
      replacing,
    );
    if (outcome.ok) return toInvitation(record, now);
    if (isEmailQuotaLabel(outcome.label)) {
      const quota = emailQuotaOutcome(outcome.label, email, outcome.item);
      if (quota instanceof Error) throw quota;
      knownSends = quota.retryWith;
      continue;
    }
    switch (outcome.label) {
      case 'actor':
        throw membershipFailure(outcome);
      case 'already_member':
        throw new ConflictError('already_member', `${invitation.email} is already a member of this organization.`);
      case 'pending': {
        // The address's last invitation expired unanswered: this one may take its place.
        const guard = pendingInvitationGuard.is(outcome.item) ? pendingInvitationGuard.parse(outcome.item!) : undefined;
        if (replacing !== undefined || !guard || guard.expires_at > now) throw pendingConflict();
        replacing = guard.invitation_id;
        break;
      }
      case 'replaced':
        throw pendingConflict();
      case 'pending_limit':
        throw new ConflictError(
          'pending_invitation_limit',
          `This organization already has ${pendingLimit} open invitations. Revoke some (expired ones count until revoked or replaced) before inviting more.`,
        );
      case 'new_item':
        throw new Error('A freshly generated invitation id collided');
      default:
        throw notAWorkspaceOfTheOrg(input, outcome);
    }
  }
  throw tooManyChanges();
}

function notAWorkspaceOfTheOrg(input: CreateInvitationInput, failure: { label: string }): Error {
  const index = input.workspaces.findIndex((grant) => `workspace:${grant.workspace_id}` === failure.label);
  return new ValidationError('Every workspace in the invitation must belong to this organization.', [
    { field: `body.workspaces.${index}.workspace_id`, message: 'is not a workspace of this organization' },
  ]);
}

function statusFilter(status: InvitationStatusFilter, now: string): Expression | undefined {
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

export async function listInvitations(principal: Principal, orgId: string, query: PageQuery & { status?: InvitationStatusFilter }) {
  const scope = ['invitations', orgId, query.status ?? 'all'];
  const now = nowIso();
  const result = await invitations.listInvitationsWithMembership(
    orgId,
    requireUser(principal).userId,
    query.limit,
    decodeCursor(query.cursor, scope),
    statusFilter(query.status, now),
  );
  requireOrgPermission(result.member, 'invitation:manage');
  return { data: result.items.map((record) => toInvitation(record, now)), next_cursor: encodeCursor(result.lastId, scope) };
}

async function invitationForAdmin(admin: UserPrincipal, orgId: string, invitationId: string) {
  const { member, invitation } = await invitations.getInvitationWithMembership(orgId, invitationId, admin.userId);
  requireOrgPermission(member, 'invitation:manage');
  if (!invitation) throw new NotFoundError(INVITATION_NOT_FOUND);
  return invitation;
}

export async function revokeInvitation(principal: Principal, orgId: string, invitationId: string): Promise<void> {
  const admin = requireUser(principal);
  const invitation = await invitationForAdmin(admin, orgId, invitationId);
  if (invitation.status === 'revoked') return;
  if (invitation.status !== 'pending') throw closedInvitation(invitation);
  const now = nowIso();
  const event = auditEvent(principal, {
    action: 'invitation.revoked',
    orgId,
    targets: [invitationTarget(invitation)],
    changes: { status: { from: 'pending', to: 'revoked' } },
    at: now,
  });
  await invitations.revokeInvitation(invitation, admin.userId, orgRolesWith('invitation:manage'), now, [event], (failure) =>
    failure.label === 'actor' ? membershipFailure(failure) : closedInvitation(invitationIn(failure.item)),
  );
}

export async function resendInvitation(principal: Principal, orgId: string, invitationId: string): Promise<Invitation> {
  const admin = requireUser(principal);
  const current = await invitationForAdmin(admin, orgId, invitationId);
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
  let knownSends = current.mail_log_sends;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const email: InvitationEmail = { orgId, inviterId: admin.userId, address: next.email, now, knownSends };
    const record = { ...next, mail_log_sends: (knownSends ?? 0) + 1 };
    const outcome = await invitations.resendInvitation(
      current,
      record,
      newOutbox(record, token, now),
      admin.userId,
      orgRolesWith('invitation:manage'),
      emailQuotaSteps(email),
      [
        auditEvent(principal, {
          action: 'invitation.resent',
          orgId,
          targets: [invitationTarget(record)],
          changes: { expires_at: { from: current.expires_at, to: record.expires_at } },
          at: now,
        }),
      ],
    );
    if (outcome.ok) return toInvitation(next, now);
    if (isEmailQuotaLabel(outcome.label)) {
      const quota = emailQuotaOutcome(outcome.label, email, outcome.item);
      if (quota instanceof Error) throw quota;
      knownSends = quota.retryWith;
      continue;
    }
    switch (outcome.label) {
      case 'actor':
        throw membershipFailure(outcome);
      case 'invitation':
        throw closedInvitation(invitationIn(outcome.item));
      case 'new_item':
        throw new Error('A freshly generated outbox id collided');
    }
  }
  throw tooManyChanges();
}
