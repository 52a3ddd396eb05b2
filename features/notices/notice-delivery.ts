// Sends queued notices. The stream delivers each new notice at once; the retry pass (a schedule)
// picks up whatever is still due. A group notice is first expanded into one copy per recipient,
// which the stream then sends, each on its own. SES's permanent errors end a copy as `failed`;
// anything else is retried with backoff for as long as it takes, never dropped.

import { mailConfig } from '../../shared/config.js';
import { sendEmail } from '../../shared/mail/ses-client.js';
import { describeSendError } from '../../shared/mail/ses-errors.js';
import { log } from '../../shared/observability/log.js';
import { businessMetrics } from '../../shared/observability/metrics.js';
import { deliverableAddress, normalizeEmail } from '../../shared/vocabulary/email-address.js';
import { nowIso } from '../../shared/vocabulary/ids.js';
import { adminAddresses } from '../members/admin-addresses.js';
import { type NoticeRecord, recipientNoticeId } from './notice-entity.js';
import { recipientNotice } from './notice-steps.js';
import * as notices from './notice-store.js';

/** Long enough for one SES call with its retries, or an expansion; a crashed sender's notice is retried after it. */
const LEASE_MS = 60_000;
const MAX_RETRY_DELAY_MS = 3_600_000;
/** Copies written at once while expanding a group. */
const PARALLEL_PUTS = 10;

export type NoticeOutcome = 'sent' | 'expanded' | 'skipped' | 'failed' | 'retry_scheduled';

export async function deliverNotice(key: Pick<NoticeRecord, 'org_id' | 'id'>): Promise<NoticeOutcome> {
  const started = nowIso();
  const leased = await notices.claim(key, started, new Date(Date.parse(started) + LEASE_MS).toISOString());
  if (!leased) return 'skipped';
  if (leased.audience !== 'address') return expand(leased);
  return send(leased);
}

/**
 * Writes one copy per recipient as the group stands now, then ends the group notice. A copy's id
 * derives from the address, so an expansion that is run again (a crash before the group was ended)
 * adds copies only for new recipients and sends nobody a second one.
 */
async function expand(group: NoticeRecord): Promise<NoticeOutcome> {
  const addresses = await adminAddresses(group.org_id, group.audience === 'workspace_admins' ? group.workspace_id : null);
  const unique = [...new Map(addresses.map((address) => [normalizeEmail(address), address])).values()];
  const now = nowIso();
  const copies = unique.map((to) => recipientNotice(group, recipientNoticeId(group.id, to), to, now));
  for (let i = 0; i < copies.length; i += PARALLEL_PUTS) {
    await Promise.all(copies.slice(i, i + PARALLEL_PUTS).map(notices.putRecipientNotice));
  }
  await notices.markExpanded(group, copies.length, nowIso());
  log('info', 'notice_expanded', { notice_id: group.id, kind: group.kind, recipients: copies.length });
  return 'expanded';
}

async function send(leased: NoticeRecord): Promise<NoticeOutcome> {
  let messageId: string;
  try {
    messageId = await sendEmail({ to: deliverableAddress(leased.to ?? ''), subject: leased.subject, text: leased.text, html: leased.html });
  } catch (error) {
    return handleSendFailure(leased, error);
  }
  await notices.markSent(leased, messageId, nowIso());
  log(
    'info',
    'notice_sent',
    { notice_id: leased.id, kind: leased.kind, ...businessMetrics({ notices_sent: 1 }) },
    `email → ${leased.kind} notice sent`,
  );
  return 'sent';
}

async function handleSendFailure(leased: NoticeRecord, error: unknown): Promise<NoticeOutcome> {
  const { summary, permanent } = describeSendError(error);
  if (permanent) {
    await notices.markFailed(leased, summary, nowIso());
    log('error', 'notice_failed', {
      notice_id: leased.id,
      kind: leased.kind,
      attempts: leased.attempts,
      error: summary,
      ...businessMetrics({ notice_emails_failed: 1 }),
    });
    return 'failed';
  }
  const delay = Math.min(mailConfig().retryBaseSeconds * 1000 * 2 ** (leased.attempts - 1), MAX_RETRY_DELAY_MS);
  await notices.scheduleRetry(leased, new Date(Date.now() + delay).toISOString(), summary);
  log('warn', 'notice_deferred', {
    notice_id: leased.id,
    kind: leased.kind,
    attempts: leased.attempts,
    retry_in_ms: delay,
    error: summary,
    ...businessMetrics({ emails_retried: 1 }),
  });
  return 'retry_scheduled';
}

/** One pass over the due queue; each notice is claimed before it is sent, so passes may overlap safely. */
export async function retryDueNotices(limit = 50): Promise<Record<NoticeOutcome, number>> {
  const counts: Record<NoticeOutcome, number> = { sent: 0, expanded: 0, skipped: 0, failed: 0, retry_scheduled: 0 };
  for (const due of await notices.listDue(nowIso(), limit)) counts[await deliverNotice(due)]++;
  return counts;
}
