// The short email an org's admins get when Orgspace turns one of its webhook endpoints off. What
// other people typed (the org's name, the endpoint's description and URL) reaches it inert, as in
// invitation emails (../invitations/inert-text.ts): the email holds no link at all.
import type { OutgoingEmail } from '../../shared/mail/ses-client.js';
import { deliverableAddress } from '../../shared/vocabulary/email-address.js';
import { defanged, escapeHtml, headerSafe, quotedName } from '../invitations/inert-text.js';
import type { DisabledReason } from './webhook-entity.js';

export interface DisabledEmailFacts {
  to: string;
  orgName: string;
  orgId: string;
  webhook: { id: string; url: string; description: string | null };
  reason: DisabledReason;
}

const REASONS: Record<DisabledReason, string> = {
  gone: 'its receiver answered 410 Gone, which says it no longer wants deliveries',
  failing: 'no delivery to it has succeeded for 5 days',
};

export function renderDisabledEmail(facts: DisabledEmailFacts): OutgoingEmail {
  const org = quotedName(facts.orgName);
  const endpoint = `${facts.webhook.description ? `${quotedName(facts.webhook.description)} ` : ''}(${defanged(facts.webhook.url)}, id ${facts.webhook.id})`;
  const lines = [
    `Orgspace turned off the webhook endpoint ${endpoint} of the organization ${org}: ${REASONS[facts.reason]}.`,
    'No events are sent to it until an admin turns it on again:',
    `PATCH /api/v1/orgs/${facts.orgId}/webhooks/${facts.webhook.id} with {"enabled": true}.`,
    'Its delivery log lists what it missed; each delivery there can be sent again.',
  ];
  return {
    to: deliverableAddress(facts.to),
    subject: headerSafe(`A webhook endpoint of ${org} was turned off`, 200),
    text: `${lines.join('\n')}\n`,
    html: `<!doctype html>
<html lang="en"><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2328;">
${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
</body></html>`,
  };
}
