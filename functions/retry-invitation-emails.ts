// Scheduled: one pass over the invitation emails that are due again.
import { retryDueInvitationEmails } from '../features/invitations/invitation-delivery.js';

export const handler = async (): Promise<void> => {
  const counts = await retryDueInvitationEmails();
  if (Object.values(counts).some((count) => count > 0))
    console.log(JSON.stringify({ level: 'info', event: 'invitation_email_retry_pass', ...counts }));
};
