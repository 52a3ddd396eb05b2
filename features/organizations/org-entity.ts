// The organization: one item per org at the head of its partition. It carries the counters that
// other features move in their own transactions (workspaces, admin seats, pending invitations),
// so each limit is a condition on this one item; the steps below are how they move them.
import { defineEntity } from '../../shared/table/entity.js';
import { type Stored, shape } from '../../shared/table/stored-shape.js';
import { orgPartition } from '../../shared/table/table-definition.js';

const orgRecord = shape.object({
  id: shape.string,
  name: shape.string,
  personal: shape.boolean,
  created_by: shape.string,
  created_at: shape.string,
  updated_at: shape.string,
  workspace_count: shape.number,
  /** Kept in step with member roles by the same transactions, so the last admin cannot go. */
  admin_count: shape.number,
  /** Invitations holding a PENDING# guard (open or expired, not yet replaced, revoked or used). */
  pending_invitations: shape.number,
  /**
   * Moved on by every change to what members' copies hold (a rename): the copies are written only
   * over an older version, so a late or replayed rename never undoes a newer one. Orgs from before
   * it have none, and read as version 0.
   */
  version: shape.optional(shape.number),
});

export type OrgRecord = Stored<typeof orgRecord>;

export const orgEntity = defineEntity({
  type: 'org',
  shape: orgRecord,
  key: (org: Pick<OrgRecord, 'id'>) => ({ pk: orgPartition(org.id), sk: 'ORG' }),
});

/** What a membership keeps of its org (member-entity.ts `org_copy`), as of this record. */
export const orgCopyOf = (org: OrgRecord) => ({
  name: org.name,
  personal: org.personal,
  created_at: org.created_at,
  updated_at: org.updated_at,
  version: org.version ?? 0,
});
