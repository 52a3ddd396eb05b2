// Scheduled: one pass over the grant cleanups still due, so that a deleted workspace leaves its
// members' grants even when the stream consumer never got (or gave up on) its record.
import { sweepDueGrantCleanups } from '../features/members/grant-cleanup-service.js';
import { nowIso } from '../shared/vocabulary/ids.js';

export const handler = async (): Promise<void> => {
  const counts = await sweepDueGrantCleanups(nowIso());
  if (Object.values(counts).some((count) => count > 0))
    console.log(JSON.stringify({ level: 'info', event: 'grant_cleanup_sweep', ...counts }));
};
