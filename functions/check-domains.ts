// Scheduled: one pass over the domain claims whose DNS check is due.

import type { Context } from 'aws-lambda';
import { checkDueDomains } from '../features/domains/domain-verification.js';
import { backgroundFunction } from '../shared/observability/background-function.js';
import { log } from '../shared/observability/log.js';
import { systemPrincipal } from '../shared/vocabulary/principal.js';

export const handler = backgroundFunction('check-domains', async (_event?: unknown, context?: Context): Promise<void> => {
  const job = { ...systemPrincipal('check-domains'), origin: { requestId: context?.awsRequestId ?? 'schedule' } };
  const counts = await checkDueDomains(job);
  if (Object.values(counts).some((count) => count > 0)) log('info', 'domain_check_pass', { ...counts });
});
