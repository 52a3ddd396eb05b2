// The short emails an org's admins get about its domains: one lapsed (members stop joining by it),
// or a claim lost to another org. Sent through the notices outbox (../notices/notice-steps.ts), in
// the transaction of the change. The domain is shown defanged (no mail client makes it a link),
// and the other org is never named: who owns a domain is that org's business.
import { defanged, headerSafe } from '../invitations/inert-text.js';
import { queueNotice } from '../notices/notice-steps.js';
import { verificationRecordName } from './domain-checks.js';
import type { DomainRecord } from './domain-entity.js';

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);

function notice(claim: DomainRecord, kind: string, subject: string, lines: string[]) {
  return queueNotice(
    {
      orgId: claim.org_id,
      kind,
      audience: { orgAdmins: true },
      subject: headerSafe(subject, 200),
      text: `${lines.join('\n')}\n`,
      html: `<!doctype html>
<html lang="en"><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2328;">
${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
</body></html>`,
    },
    claim.updated_at,
  );
}

/** To the org's admins: the record has been missing a week, so the domain no longer lets people join. */
export function lapsedNotice(claim: DomainRecord) {
  const domain = defanged(claim.domain);
  return notice(claim, 'domain.lapsed', `The domain ${domain} of your organization has lapsed`, [
    `Orgspace has not found the TXT record ${defanged(verificationRecordName(claim.domain))} of your organization's domain ${domain} for 7 days in a row, so the domain has lapsed: people with addresses at it no longer join your organization by it.`,
    'Publish the record again, with the value shown for the domain, and it is verified again at the next daily check (or at once with POST /api/v1/orgs/' +
      `${claim.org_id}/domains/${claim.id}/verify).`,
  ]);
}

/** To the org's admins: another org verified the domain first, so this claim has failed. */
export function claimLostNotice(claim: DomainRecord) {
  const domain = defanged(claim.domain);
  return notice(claim, 'domain.claim_lost', `Your organization's claim on ${domain} has failed`, [
    `Another organization verified the domain ${domain} before yours did, so your organization's claim on it has failed. A domain belongs to one organization at a time.`,
    'If the domain is yours, check who controls its DNS records. Once the other organization no longer holds it, delete this claim and add the domain again.',
  ]);
}
