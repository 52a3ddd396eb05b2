// The invitation email: who invited you to what, as what, until when, and the one link that
// accepts. Plain text and HTML carry the same facts; names are escaped for HTML and stripped of
// control characters wherever they could reach a header.
import type { OutgoingEmail } from '../../shared/mail/ses-client.js';
import { deliverableAddress } from '../../shared/vocabulary/email-address.js';
import type { RoleKey } from '../../shared/vocabulary/policy.js';

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

/** One line, no control or invisible formatting characters, bounded: safe in a Subject header. */
export function headerSafe(value: string, maxLength = 100): string {
  return value
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, maxLength);
}

/**
 * Names come from other users, so they must not smuggle a second link into the email (the text
 * part carries exactly one): a scheme or `www.` in a name is broken up.
 */
function defanged(value: string): string {
  return headerSafe(value)
    .replace(/:\/\//g, ': //')
    .replace(/\bwww\./gi, 'www .');
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);

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
  const inviter = defanged(facts.inviter.name ?? '') || headerSafe(facts.inviter.email);
  const org = defanged(facts.orgName);
  const workspaceList = facts.workspaces.map((workspace) => `${defanged(workspace.name)} (${workspace.role})`).join(', ');
  const access = facts.workspaces.length > 0 ? `, with access to ${workspaceList}` : '';
  const expires = formatExpiry(facts.expiresAt);
  const sentence = `${inviter} (${facts.inviter.email}) invited you to join ${org} as ${ROLE_NAMES[facts.role]}${access}.`;

  const text = [
    sentence,
    '',
    'Accept the invitation:',
    facts.link,
    '',
    `The invitation is for ${facts.to} and expires on ${expires}. Sign in with this address to accept it.`,
    'If you were not expecting it, ignore this email: nothing happens unless you accept.',
    '',
  ].join('\n');

  const html = `<!doctype html>
<html lang="en"><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2328;">
<p>${escapeHtml(sentence)}</p>
<p><a href="${escapeHtml(facts.link)}" style="display: inline-block; padding: 10px 18px; background: #1f6feb; color: #fff; border-radius: 6px; text-decoration: none;">Accept the invitation</a></p>
<p>The invitation is for ${escapeHtml(facts.to)} and expires on ${escapeHtml(expires)}. Sign in with this address to accept it.</p>
<p style="color: #656d76;">If you were not expecting it, ignore this email: nothing happens unless you accept.</p>
</body></html>`;

  return { to: deliverableAddress(facts.to), subject: headerSafe(`${inviter} invited you to join ${org}`, 200), text, html };
}
