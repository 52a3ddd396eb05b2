// Scheduled: one pass over the invitation emails that are due again.

import type { Context } from 'aws-lambda';
import { retryDueInvitationEmails } from '../features/invitations/invitation-delivery.js';
import { MAIL_BACKLOG_AGE_FIELD } from '../shared/mail/backlog-age.js';
import { backgroundFunction } from '../shared/observability/background-function.js';
import { log } from '../shared/observability/log.js';
import { systemPrincipal } from '../shared/vocabulary/principal.js';

export const handler = backgroundFunction('retry-invitation-emails', async (_event?: unknown, context?: Context): Promise<void> => {
  const job = { ...systemPrincipal('retry-invitation-emails'), origin: { requestId: context?.awsRequestId ?? 'schedule' } };
  const { counts, backlogAgeSeconds } = await retryDueInvitationEmails(job);
  if (Object.values(counts).some((count) => count > 0))
    log('info', 'invitation_email_retry_pass', { ...counts, [MAIL_BACKLOG_AGE_FIELD]: backlogAgeSeconds });
});
