// The invitation email: who invited you to what, as what, until when, and the one link that
// accepts. Plain text and HTML carry the same facts. Everything other users chose reaches it
// inert (inert-text.ts): names quoted, cut short and defanged, addresses defanged, in the subject
// as in the body; the HTML part escapes it besides, and the subject stays plain text on one line.
import type { OutgoingEmail } from '../../shared/mail/ses-client.js';
import { deliverableAddress } from '../../shared/vocabulary/email-address.js';
import type { RoleKey } from '../../shared/vocabulary/policy.js';
import { defanged, escapeHtml, headerSafe, quotedName } from './inert-text.js';

export interface InvitationEmailFacts {
  to: string;
  inviter: { name: string | null; email: string };
  orgName: string;
  role: RoleKey;
  workspaces: Array<{ name: string; role: RoleKey }>;
  expiresAt: string;
  link: string;
}

const ROLE_NAMES: Record<RoleKey, string> = { admin: 'an admin', developer: 'a developer', viewer: 'a viewer' };

function formatExpiry(iso: string): string {
  return `${new Date(iso).toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' })} UTC`;
}

/** The link with the token in its query; the deployer's app URL may carry a query of its own. */
export function invitationLink(base: string, token: string): string {
  const url = new URL(base);
  url.searchParams.set('token', token);
  return url.toString();
}

export function renderInvitationEmail(facts: InvitationEmailFacts): OutgoingEmail {
  const inviterAddress = defanged(facts.inviter.email);
  const inviterName = facts.inviter.name?.trim() ? quotedName(facts.inviter.name) : undefined;
  const inviter = inviterName ? `${inviterName} (${inviterAddress})` : inviterAddress;
  const workspaces = facts.workspaces.map((workspace) => `${quotedName(workspace.name)} (${workspace.role})`).join(', ');
  const access =
    facts.workspaces.length === 0 ? '' : `, with access to the workspace${facts.workspaces.length > 1 ? 's' : ''} ${workspaces}`;
  const expires = formatExpiry(facts.expiresAt);
  const to = defanged(facts.to);
  const org = quotedName(facts.orgName);
  const sentence = `${inviter} invited you to join the organization ${org} as ${ROLE_NAMES[facts.role]}${access}.`;
  const quoted = 'Names in quotes were typed by the people who chose them; anything in them that looks like a web address is broken up.';
  // Who and what, as in the body, in plain text: the inviter's name or else their address.
  const subject = headerSafe(`${inviterName ?? inviterAddress} invited you to join ${org}`, 200);

  const text = [
    sentence,
    '',
    'Accept the invitation:',
    facts.link,
    '',
    `The invitation is for ${to} and expires on ${expires}. Sign in with this address to accept it.`,
    quoted,
    'If you were not expecting it, ignore this email: nothing happens unless you accept.',
    '',
  ].join('\n');

  const html = `<!doctype html>
<html lang="en"><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2328;">
<p>${escapeHtml(sentence)}</p>
<p><a href="${escapeHtml(facts.link)}" target="_blank" rel="noopener" style="display: inline-block; padding: 10px 18px; background: #1f6feb; color: #fff; border-radius: 6px; text-decoration: none;">Accept the invitation</a></p>
<p>The invitation is for ${escapeHtml(to)} and expires on ${escapeHtml(expires)}. Sign in with this address to accept it. ${quoted}</p>
<p style="color: #656d76;">If you were not expecting it, ignore this email: nothing happens unless you accept.</p>
</body></html>`;

  return { to: deliverableAddress(facts.to), subject, text, html };
}
