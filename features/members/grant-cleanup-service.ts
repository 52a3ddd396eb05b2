// Removing a deleted workspace from its members' grants, revoking its API keys and erasing its credentials (and their data key), at least once (#11). Deleting the
// workspace cannot drop them in its own transaction (the number of members holding a grant has no
// bound), so it queues a cleanup instead. The stream consumer runs it at once; if its record is
// lost (a local poller restarted at LATEST, a batch in AWS's dead-letter queue), the sweep runs it
// once it is due. Running it twice, or both at once, is harmless: each drop is conditioned on the
// grant being there, and the queue item is deleted only after every grant is gone.
import { errorFields, log } from '../../shared/observability/log.js';
import type { SystemPrincipal } from '../../shared/vocabulary/principal.js';
import { revokeWorkspaceKeys } from '../api-keys/api-key-store.js';
import { eraseWorkspaceCredentials } from '../credentials/credential-store.js';
import * as cleanups from './grant-cleanup-store.js';
import { dropWorkspaceGrants } from './member-store.js';

/**
 * Drops the workspace's grants and revokes its API keys, then its cleanup from the queue; the
 * number of grants dropped.
 */
export async function cleanUpDeletedWorkspace(orgId: string, workspaceId: string, job: SystemPrincipal): Promise<number> {
  const dropped = await dropWorkspaceGrants(orgId, workspaceId, job);
  await revokeWorkspaceKeys(orgId, workspaceId, job);
  await eraseWorkspaceCredentials(orgId, workspaceId, job);
  await cleanups.markDone(orgId, workspaceId);
  return dropped;
}

/** Cleanups per pass: deletions are rare, and a pass that finds a full page leaves the rest to the next. */
const SWEEP_LIMIT = 50;

export interface SweepCounts {
  cleanups: number;
  grants_dropped: number;
  failed: number;
}

/**
 * Runs every cleanup still due by `now` (the consumer had `GRANT_CLEANUP_GRACE_SECONDS` first). One that
 * fails stays queued for the next pass and does not hold up the others.
 */
export async function sweepDueGrantCleanups(now: string, job: SystemPrincipal): Promise<SweepCounts> {
  const counts: SweepCounts = { cleanups: 0, grants_dropped: 0, failed: 0 };
  for (const cleanup of await cleanups.listDue(now, SWEEP_LIMIT)) {
    try {
      counts.grants_dropped += await cleanUpDeletedWorkspace(cleanup.org_id, cleanup.workspace_id, job);
      counts.cleanups++;
    } catch (error) {
      counts.failed++;
      log('error', 'grant_cleanup_sweep_failed', { org_id: cleanup.org_id, workspace_id: cleanup.workspace_id, error: errorFields(error) });
    }
  }
  return counts;
}
