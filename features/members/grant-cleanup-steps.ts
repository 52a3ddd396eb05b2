// The step that queues a deleted workspace's grant cleanup, composed into the delete's transaction
// so that no workspace is deleted without it.
import { steps } from '../../shared/table/steps.js';
import { grantCleanupEntity, grantCleanupOf } from './grant-cleanup-entity.js';

/** Unconditioned: workspace ids are never reused, and the delete's own conditions decide whether it happens. */
export const queue = (orgId: string, workspaceId: string, deletedAt: string) =>
  steps.put('workspace', grantCleanupEntity.item(grantCleanupOf(orgId, workspaceId, deletedAt)));
