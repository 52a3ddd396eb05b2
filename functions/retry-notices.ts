// Scheduled: one pass over the notices that are due again.

import { retryDueNotices } from '../features/notices/notice-delivery.js';
import { MAIL_BACKLOG_AGE_FIELD } from '../shared/mail/backlog-age.js';
import { backgroundFunction } from '../shared/observability/background-function.js';
import { log } from '../shared/observability/log.js';

export const handler = backgroundFunction('retry-notices', async (): Promise<void> => {
  const { counts, backlogAgeSeconds } = await retryDueNotices();
  if (Object.values(counts).some((count) => count > 0))
    log('info', 'notice_retry_pass', { ...counts, [MAIL_BACKLOG_AGE_FIELD]: backlogAgeSeconds });
});
