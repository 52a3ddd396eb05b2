// Scheduled: one pass over the invitation emails that are due again.

import type { Context } from 'aws-lambda';
import { retryDueInvitationEmails } from '../features/invitations/invitation-delivery.js';
import { log } from '../shared/observability/log.js';
import { systemPrincipal } from '../shared/vocabulary/principal.js';

export const handler = async (_event?: unknown, context?: Context): Promise<void> => {
  const job = { ...systemPrincipal('retry-invitation-emails'), origin: { requestId: context?.awsRequestId ?? 'schedule' } };
  const counts = await retryDueInvitationEmails(job);
  if (Object.values(counts).some((count) => count > 0)) log('info', 'invitation_email_retry_pass', { ...counts });
};
