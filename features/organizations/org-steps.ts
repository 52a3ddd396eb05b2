// The steps that move an org's counters in other features' transactions: each limit is a
// condition on the org item, checked in the same write that would exceed it.
import { conditions, steps } from '../../shared/table/steps.js';
import { type OrgRecord, orgEntity } from './org-entity.js';

const ONE = { ':one': 1 };

export const create = (org: OrgRecord) => steps.put('new_item', orgEntity.item(org), { condition: conditions.isNew });

/**
 * Renames, if the org exists (and, given `unchangedSince`, was last updated then), moving its
 * version on: the stream consumer copies the new name onto the memberships in that order.
 */
export const rename = (orgId: string, name: string, updatedAt: string, unchangedSince: string | undefined) =>
  steps.update(
    'org',
    orgEntity.key({ id: orgId }),
    {
      expression: 'SET #name = :name, updated_at = :updatedAt ADD version :one',
      names: { '#name': 'name' },
      values: { ':name': name, ':updatedAt': updatedAt, ...ONE },
    },
    {
      condition: conditions.all(
        conditions.exists,
        unchangedSince ? { expression: 'updated_at = :unchangedSince', values: { ':unchangedSince': unchangedSince } } : undefined,
      ),
    },
  );

export const workspaceAdded = (orgId: string, limit: number) =>
  steps.update(
    'workspace_limit',
    orgEntity.key({ id: orgId }),
    { expression: 'SET workspace_count = workspace_count + :one', values: ONE },
    { condition: { expression: 'workspace_count < :limit', values: { ':limit': limit } } },
  );

/** An org keeps at least one workspace. */
export const workspaceRemoved = (orgId: string) =>
  steps.update(
    'last_workspace',
    orgEntity.key({ id: orgId }),
    { expression: 'SET workspace_count = workspace_count - :one', values: ONE },
    { condition: { expression: 'workspace_count > :one' } },
  );

export const adminSeatTaken = (orgId: string) =>
  steps.update(
    'org',
    orgEntity.key({ id: orgId }),
    { expression: 'SET admin_count = admin_count + :one', values: ONE },
    { condition: conditions.exists },
  );

/** The last admin's seat cannot be given up. */
export const adminSeatGivenUp = (orgId: string) =>
  steps.update(
    'last_admin',
    orgEntity.key({ id: orgId }),
    { expression: 'SET admin_count = admin_count - :one', values: ONE },
    { condition: { expression: 'admin_count > :one' } },
  );

export const pendingInvitationAdded = (orgId: string, limit: number) =>
  steps.update(
    'pending_limit',
    orgEntity.key({ id: orgId }),
    { expression: 'SET pending_invitations = pending_invitations + :one', values: ONE },
    { condition: { expression: 'pending_invitations < :limit', values: { ':limit': limit } } },
  );

export const pendingInvitationReleased = (orgId: string) =>
  steps.update('pending_limit', orgEntity.key({ id: orgId }), {
    expression: 'SET pending_invitations = pending_invitations - :one',
    values: ONE,
  });

/** Accepting an invitation: the pending count goes down, and an admin's seat comes with an admin role. */
export const invitationAccepted = (orgId: string, admins: 0 | 1) =>
  steps.update(
    'org',
    orgEntity.key({ id: orgId }),
    {
      expression: 'SET pending_invitations = pending_invitations - :one, admin_count = admin_count + :admins',
      values: { ...ONE, ':admins': admins },
    },
    { condition: conditions.exists },
  );

/**
 * Registering a webhook endpoint, while the org is under its limit. Orgs from before webhooks
 * carry no counter yet, which counts as none.
 */
export const webhookAdded = (orgId: string, limit: number) =>
  steps.update(
    'webhook_limit',
    orgEntity.key({ id: orgId }),
    { expression: 'SET webhook_count = if_not_exists(webhook_count, :zero) + :one', values: { ...ONE, ':zero': 0 } },
    {
      condition: conditions.all(conditions.exists, {
        expression: 'attribute_not_exists(webhook_count) OR webhook_count < :limit',
        values: { ':limit': limit },
      }),
    },
  );

export const webhookRemoved = (orgId: string) =>
  steps.update(
    'org',
    orgEntity.key({ id: orgId }),
    { expression: 'SET webhook_count = webhook_count - :one', values: ONE },
    { condition: { expression: 'webhook_count > :none', values: { ':none': 0 } } },
  );
