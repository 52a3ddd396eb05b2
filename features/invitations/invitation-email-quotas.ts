// How many invitation emails may go out. Every email (a new invitation or a resend) counts in the
// transaction that queues it, so a refused request sends nothing and concurrent ones cannot
// overshoot a limit. The inviter's and the org's limits (per hour and per day, tighter in an org's
// first day; settings in config.ts) protect the sender's reputation: the emails go out under the
// deployer's identity. Limits per org and address keep one org's emails from holding back
// another's (issue 11: org A inviting and revoking victim@ three times used to block org B for a
// minute); the ceiling across orgs only a flood of several orgs reaches, and protects the recipient.
import { config, type HourAndDay } from '../../shared/config.js';
import type { Step } from '../../shared/table/steps.js';
import { normalizeEmail } from '../../shared/vocabulary/email-address.js';
import { TooManyRequestsError } from '../../shared/vocabulary/errors.js';
import { idCreatedAt } from '../../shared/vocabulary/ids.js';
import type { QuotaWindow } from '../quotas/quota-entity.js';
import { PERIOD, quotaRefusal } from '../quotas/quota-refusal.js';
import * as quotaSteps from '../quotas/quota-steps.js';
import { type MailRate, rateSlot } from './invitation-entity.js';
import * as invitationSteps from './invitation-steps.js';

/**
 * Emails to one address: from one org, 3 in any 60 seconds (a sliding log: a resend is a click
 * away) and 5 in a clock hour; from all orgs together, 10 in a clock hour. One org alone stays
 * under the ceiling, so it cannot use it to block the others.
 */
export const ADDRESS_LIMITS = { perOrgPerMinute: 3, perOrgPerHour: 5, acrossOrgsPerHour: 10 } as const;
const MINUTE_SECONDS = 60;
const DAY_MS = 86_400_000;

export type EmailQuotaLabel = 'inviter_day' | 'inviter_hour' | 'org_day' | 'org_hour' | 'rate' | 'org_address_hour' | 'address_hour';

/** One invitation email about to be queued. */
export interface InvitationEmail {
  orgId: string;
  /** The admin whose request sends it. */
  inviterId: string;
  address: string;
  now: string;
  /** The org's emails to the address so far, if known (see MailRate). */
  knownSends: number | undefined;
}

function mailRate(email: InvitationEmail): MailRate {
  const windowStart = new Date(Date.parse(email.now) - MINUTE_SECONDS * 1000).toISOString();
  return {
    orgId: email.orgId,
    email: email.address,
    knownSends: email.knownSends,
    now: email.now,
    windowStart,
    slots: ADDRESS_LIMITS.perOrgPerMinute,
  };
}

/**
 * An org in its first day gets its own, tighter limits. Its age comes from its id (a UUIDv7 minted
 * with the org), which the invitation's transaction would otherwise have to read first; an id that
 * carries no time counts as new.
 */
function isNewOrg(orgId: string, now: string): boolean {
  const createdAt = idCreatedAt(orgId);
  return createdAt === undefined || Date.parse(now) - createdAt < DAY_MS;
}

function orgLimits(email: InvitationEmail): HourAndDay {
  const { invitationEmailsPerOrg: regular, invitationEmailsPerNewOrg: first } = config();
  if (!isNewOrg(email.orgId, email.now)) return regular;
  return { hour: Math.min(first.hour, regular.hour), day: Math.min(first.day, regular.day) };
}

/** The steps that count the email against every limit it is under. */
export function emailQuotaSteps(email: InvitationEmail): Step<EmailQuotaLabel>[] {
  const address = normalizeEmail(email.address);
  const inviter = config().invitationEmailsPerInviter;
  const org = orgLimits(email);
  const sender = (label: EmailQuotaLabel, scope: string, subject: string, window: QuotaWindow, limit: number) =>
    quotaSteps.count(label, { scope, subject, window, limit }, email.now);
  return [
    sender('inviter_day', 'inviter', email.inviterId, 'day', inviter.day),
    sender('inviter_hour', 'inviter', email.inviterId, 'hour', inviter.hour),
    sender('org_day', 'org', email.orgId, 'day', org.day),
    sender('org_hour', 'org', email.orgId, 'hour', org.hour),
    invitationSteps.countEmail(mailRate(email)),
    quotaSteps.count(
      'org_address_hour',
      { scope: 'org_address', subject: `${email.orgId}#${address}`, window: 'hour', limit: ADDRESS_LIMITS.perOrgPerHour },
      email.now,
    ),
    quotaSteps.count(
      'address_hour',
      { scope: 'address', subject: address, window: 'hour', limit: ADDRESS_LIMITS.acrossOrgsPerHour },
      email.now,
    ),
  ];
}

const QUOTA_LABELS = new Set<string>([
  'inviter_day',
  'inviter_hour',
  'org_day',
  'org_hour',
  'rate',
  'org_address_hour',
  'address_hour',
] satisfies EmailQuotaLabel[]);

const tooMany = quotaRefusal;

export const isEmailQuotaLabel = (label: string): label is EmailQuotaLabel => QUOTA_LABELS.has(label);

/**
 * What a refused quota step means: a 429 saying which limit and how long to wait, or (for the
 * sliding log, whose step assumed a count) the count to try again with.
 */
export function emailQuotaOutcome(
  label: EmailQuotaLabel,
  email: InvitationEmail,
  item: Record<string, unknown> | undefined,
): { retryWith: number | undefined } | Error {
  switch (label) {
    case 'inviter_day':
    case 'inviter_hour': {
      const window = label === 'inviter_day' ? 'day' : 'hour';
      const limit = config().invitationEmailsPerInviter[window];
      return tooMany(
        'too_many_invitations_from_inviter',
        window,
        email.now,
        `You have sent ${limit} invitation emails ${PERIOD[window]}, the most one person may send.`,
      );
    }
    case 'org_day':
    case 'org_hour': {
      const window = label === 'org_day' ? 'day' : 'hour';
      const limit = orgLimits(email)[window];
      const org = isNewOrg(email.orgId, email.now) ? 'This organization is less than a day old and' : 'This organization';
      return tooMany(
        'too_many_invitations_from_org',
        window,
        email.now,
        `${org} has sent ${limit} invitation emails ${PERIOD[window]}, its most.`,
      );
    }
    case 'rate':
      return minuteLogOutcome(mailRate(email), item);
    case 'org_address_hour':
      return tooMany(
        'too_many_invitation_emails',
        'hour',
        email.now,
        `This organization sent ${email.address} ${ADDRESS_LIMITS.perOrgPerHour} invitation emails this hour.`,
      );
    case 'address_hour':
      return tooMany(
        'too_many_invitations_to_address',
        'hour',
        email.now,
        `${email.address} has had as many invitation emails this hour as it may get.`,
      );
  }
}

/**
 * What a failed sliding-log step met: the log as it is. Either the oldest of the last emails is
 * older than the window (the guess about the count was stale: try again knowing it), or the org
 * sent the address its emails for this window (429, with the time until the oldest leaves it).
 */
function minuteLogOutcome(rate: MailRate, log: Record<string, unknown> | undefined): { retryWith: number | undefined } | Error {
  const sends = typeof log?.sends === 'number' ? log.sends : undefined;
  if (sends === undefined) return { retryWith: undefined };
  const oldest = log?.[rateSlot(sends, rate.slots)];
  if (typeof oldest !== 'string' || oldest <= rate.windowStart) return { retryWith: sends };
  const retryAfter = Math.max(1, Math.ceil((Date.parse(oldest) + MINUTE_SECONDS * 1000 - Date.parse(rate.now)) / 1000));
  return new TooManyRequestsError(
    'too_many_invitation_emails',
    `This organization sent ${rate.email} ${rate.slots} invitation emails in the last ${MINUTE_SECONDS} seconds. Try again in ${retryAfter} seconds.`,
    retryAfter,
  );
}
