// Sends queued invitation emails. The stream delivers each new outbox item at once; the retry
// pass (a schedule) picks up whatever is still due, so an email that SES refused for a while is
// sent when SES is back, and one that can never be sent ends as `failed` on the invitation.

import { mailConfig } from '../../shared/config.js';
import { sendEmail } from '../../shared/mail/ses-client.js';
import { describeSendError } from '../../shared/mail/ses-errors.js';
import { log } from '../../shared/observability/log.js';
import { businessMetrics } from '../../shared/observability/metrics.js';
import { nowIso } from '../../shared/vocabulary/ids.js';
import type { SystemPrincipal } from '../../shared/vocabulary/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import { invitationLink, renderInvitationEmail } from './invitation-email.js';
import { invitationTarget } from './invitation-events.js';
import { getInvitationView } from './invitation-store.js';
import type { OutboxRecord } from './outbox-entity.js';
import * as outbox from './outbox-store.js';

/** Long enough for one SES call with its retries; a crashed sender's item is retried after it. */
const LEASE_MS = 60_000;
const MAX_RETRY_DELAY_MS = 3_600_000;

export type DeliveryOutcome = 'sent' | 'skipped' | 'superseded' | 'failed' | 'retry_scheduled';

/** Thrown when an email could not be sent yet; the stream's retry and the retry pass will try again. */
export class DeliveryDeferred extends Error {}

const emailEvent = (job: SystemPrincipal, leased: OutboxRecord, action: 'invitation.email_sent' | 'invitation.email_failed') =>
  auditEvent(job, {
    action,
    orgId: leased.org_id,
    targets: [invitationTarget({ id: leased.invitation_id, email: leased.to })],
    changes: { email_status: { from: 'queued', to: action === 'invitation.email_sent' ? 'sent' : 'failed' } },
    source: 'system',
  });

export async function deliverInvitationEmail(orgId: string, sendId: string, job: SystemPrincipal): Promise<DeliveryOutcome> {
  const started = nowIso();
  const leased = await outbox.claim(orgId, sendId, started, new Date(Date.parse(started) + LEASE_MS).toISOString());
  if (!leased) return 'skipped';

  const { invitation, org, workspaces } = await getInvitationView({
    org_id: leased.org_id,
    invitation_id: leased.invitation_id,
    workspaces: leased.workspaces,
  });
  if (!invitation || !org || invitation.send_id !== leased.id || invitation.status !== 'pending' || !leased.token) {
    await outbox.markSuperseded(leased);
    return 'superseded';
  }

  const names = new Map(workspaces.map((workspace) => [workspace.id, workspace.name]));
  const email = renderInvitationEmail({
    to: invitation.email,
    inviter: invitation.invited_by,
    orgName: org.name,
    role: invitation.role,
    workspaces: invitation.workspaces.flatMap((grant) =>
      names.has(grant.workspace_id) ? [{ name: names.get(grant.workspace_id)!, role: grant.role }] : [],
    ),
    expiresAt: invitation.expires_at,
    link: invitationLink(mailConfig().invitationLinkBase, leased.token),
  });

  let messageId: string;
  try {
    messageId = await sendEmail(email);
  } catch (error) {
    return handleSendFailure(leased, error, job);
  }
  await outbox.markSent(leased, messageId, nowIso(), emailEvent(job, leased, 'invitation.email_sent'));
  log(
    'info',
    'invitation_email_sent',
    { outbox_id: leased.id, invitation_id: leased.invitation_id, org_id: leased.org_id, ...businessMetrics({ invitations_sent: 1 }) },
    `email → invitation ${leased.invitation_id} sent`,
  );
  return 'sent';
}

async function handleSendFailure(leased: OutboxRecord, error: unknown, job: SystemPrincipal): Promise<DeliveryOutcome> {
  const { summary, permanent } = describeSendError(error);
  const { maxAttempts, retryBaseSeconds } = mailConfig();
  if (permanent || leased.attempts >= maxAttempts) {
    await outbox.markFailed(leased, summary, nowIso(), emailEvent(job, leased, 'invitation.email_failed'));
    log('error', 'invitation_email_failed', {
      outbox_id: leased.id,
      invitation_id: leased.invitation_id,
      attempts: leased.attempts,
      error: summary,
      ...businessMetrics({ invitation_emails_failed: 1 }),
    });
    return 'failed';
  }
  const delay = Math.min(retryBaseSeconds * 1000 * 2 ** (leased.attempts - 1), MAX_RETRY_DELAY_MS);
  await outbox.scheduleRetry(leased, new Date(Date.now() + delay).toISOString(), summary);
  log('warn', 'invitation_email_deferred', {
    outbox_id: leased.id,
    attempts: leased.attempts,
    retry_in_ms: delay,
    error: summary,
    ...businessMetrics({ emails_retried: 1 }),
  });
  throw new DeliveryDeferred(summary);
}

/** One pass over the due queue; each item is claimed before it is sent, so passes may overlap safely. */
export async function retryDueInvitationEmails(job: SystemPrincipal, limit = 50): Promise<Record<DeliveryOutcome, number>> {
  const counts: Record<DeliveryOutcome, number> = { sent: 0, skipped: 0, superseded: 0, failed: 0, retry_scheduled: 0 };
  for (const due of await outbox.listDue(nowIso(), limit)) {
    try {
      counts[await deliverInvitationEmail(due.org_id, due.id, job)]++;
    } catch (error) {
      if (!(error instanceof DeliveryDeferred)) throw error;
      counts.retry_scheduled++;
    }
  }
  return counts;
}
