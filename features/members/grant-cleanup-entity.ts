// A deleted workspace whose grants may still sit on members' records (#11). The delete writes it
// in its own transaction; whoever drops the grants (the stream consumer, or the sweep when the
// stream record was lost) deletes it afterwards. While it exists it sits in the person index under
// CLEANUP#DUE, sorted by when the sweep should take it over, so a pass reads only what is due.
import { defineEntity } from '../../shared/table/entity.js';
import { type Stored, shape } from '../../shared/table/stored-shape.js';
import { orgPartition, PREFIXES } from '../../shared/table/table-definition.js';

/**
 * How long the stream consumer has before the sweep takes a cleanup over. Either may run it (both
 * only drop grants that are there), so this only spares the sweep work the consumer is doing.
 */
export const GRANT_CLEANUP_GRACE_SECONDS = 60;

const grantCleanupRecord = shape.object({
  org_id: shape.string,
  workspace_id: shape.string,
  deleted_at: shape.string,
  /** From when the sweep takes it: `deleted_at` plus the grace. */
  due_at: shape.string,
});

export type GrantCleanupRecord = Stored<typeof grantCleanupRecord>;

export const grantCleanupEntity = defineEntity({
  type: 'grant_cleanup',
  shape: grantCleanupRecord,
  key: (cleanup: Pick<GrantCleanupRecord, 'org_id' | 'workspace_id'>) => ({
    pk: orgPartition(cleanup.org_id),
    sk: PREFIXES.grantCleanup + cleanup.workspace_id,
  }),
  indexKeys: (cleanup) => ({ gsi1pk: PREFIXES.grantCleanupDue, gsi1sk: `${cleanup.due_at}#${cleanup.workspace_id}` }),
});

/** The cleanup of a workspace deleted at `deletedAt`. */
export function grantCleanupOf(orgId: string, workspaceId: string, deletedAt: string): GrantCleanupRecord {
  const dueAt = new Date(Date.parse(deletedAt) + GRANT_CLEANUP_GRACE_SECONDS * 1000).toISOString();
  return { org_id: orgId, workspace_id: workspaceId, deleted_at: deletedAt, due_at: dueAt };
}

/** Cleanups due by `dueBy` (ISO time), oldest first. */
export const grantCleanupsDueBy = (dueBy: string) => ({ partition: PREFIXES.grantCleanupDue, upTo: `${dueBy}#~` });
