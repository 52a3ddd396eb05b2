// The invitation email as the invitee reads it: who, what, until when, and exactly one link,
// whatever the inviter typed into their name or their org's name.
import { describe, expect, it } from 'vitest';
import {
  headerSafe,
  type InvitationEmailFacts,
  invitationLink,
  renderInvitationEmail,
} from '../../features/invitations/invitation-email.js';

const facts: InvitationEmailFacts = {
  to: 'bob@example.com',
  inviter: { name: 'Alice Smith', email: 'alice@acme.test' },
  orgName: 'Acme',
  role: 'developer',
  workspaces: [{ name: 'staging', role: 'developer' }],
  expiresAt: '2026-11-29T10:00:00.000Z',
  link: invitationLink('https://api.example.com/invite', 'T'.repeat(43)),
};

const links = (text: string) => text.match(/https?:\/\/\S+/g) ?? [];

describe('the invitation email', () => {
  it('names the inviter, the org, the role, the workspaces and the expiry, with one link', () => {
    const email = renderInvitationEmail(facts);
    expect(email.to).toBe('bob@example.com');
    expect(email.subject).toBe('Alice Smith invited you to join Acme');
    expect(email.text).toContain(
      'Alice Smith (alice@acme.test) invited you to join Acme as a developer, with access to staging (developer).',
    );
    expect(email.text).toContain('29 November 2026 at 10:00 UTC');
    expect(links(email.text)).toEqual([`https://api.example.com/invite?token=${'T'.repeat(43)}`]);
    expect(email.html).toContain(`href="https://api.example.com/invite?token=${'T'.repeat(43)}"`);
  });

  it('opens its link in a tab of its own, never inside the mail client that shows it', () => {
    // A webmail (or the local inbox) shows the HTML in a frame, and the page refuses to be framed.
    const anchors = renderInvitationEmail(facts).html.match(/<a\b[^>]*>/g) ?? [];
    expect(anchors).toHaveLength(1);
    expect(anchors[0]).toContain('target="_blank"');
    expect(anchors[0]).toContain('rel="noopener"');
  });

  it('keeps a query the app link already has', () => {
    expect(invitationLink('https://app.example.com/join?src=email', 'abc')).toBe('https://app.example.com/join?src=email&token=abc');
  });

  it('keeps control characters out of the subject and links and markup out of the body', () => {
    const email = renderInvitationEmail({
      ...facts,
      inviter: { name: 'Mallory\r\nBcc: victim@example.com', email: 'm@evil.test' },
      orgName: '<b>Acme</b> see https://evil.example.com/login and www.evil.example.com',
    });
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject.startsWith('Mallory Bcc: victim@example.com invited you')).toBe(true);
    expect(links(email.text)).toHaveLength(1);
    expect(email.text).not.toContain('www.evil');
    expect(email.html).not.toContain('<b>Acme</b>');
    expect(email.html).toContain('&lt;b&gt;Acme&lt;/b&gt;');
  });

  it('falls back to the address for an inviter without a name', () => {
    expect(renderInvitationEmail({ ...facts, inviter: { name: null, email: 'alice@acme.test' } }).subject).toBe(
      'alice@acme.test invited you to join Acme',
    );
    expect(headerSafe('a\u0000b\u200bc')).toBe('a b c');
  });
});
