// Scheduled: one pass over the grant cleanups still due, so that a deleted workspace leaves its
// members' grants even when the stream consumer never got (or gave up on) its record.

import type { Context } from 'aws-lambda';
import { sweepDueGrantCleanups } from '../features/members/grant-cleanup-service.js';
import { backgroundFunction } from '../shared/observability/background-function.js';
import { log } from '../shared/observability/log.js';
import { nowIso } from '../shared/vocabulary/ids.js';
import { systemPrincipal } from '../shared/vocabulary/principal.js';

export const handler = backgroundFunction('sweep-workspace-grants', async (_event?: unknown, context?: Context): Promise<void> => {
  const job = { ...systemPrincipal('sweep-workspace-grants'), origin: { requestId: context?.awsRequestId ?? 'schedule' } };
  const counts = await sweepDueGrantCleanups(nowIso(), job);
  if (Object.values(counts).some((count) => count > 0)) log('info', 'grant_cleanup_sweep', { ...counts });
});
