// Scheduled: one pass over the notices that are due again.

import { retryDueNotices } from '../features/notices/notice-delivery.js';
import { log } from '../shared/observability/log.js';

export const handler = async (): Promise<void> => {
  const counts = await retryDueNotices();
  if (Object.values(counts).some((count) => count > 0)) log('info', 'notice_retry_pass', { ...counts });
};
