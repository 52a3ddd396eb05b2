// The invitation email as the invitee reads it: who, what, until when, and exactly one link,
// whatever the inviter typed into their name, their org's name or its workspaces' names (issue 11:
// a name must not become a link, nor pass for the email's own words).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defanged, headerSafe, LABEL_DOTS, NAME_LENGTH_IN_EMAIL, quotedName } from '../../features/invitations/inert-text.js';
import { type InvitationEmailFacts, invitationLink, renderInvitationEmail } from '../../features/invitations/invitation-email.js';

const LINK = invitationLink('https://api.example.com/invite', 'T'.repeat(43));

const facts: InvitationEmailFacts = {
  to: 'bob@example.com',
  inviter: { name: 'Alice Smith', email: 'alice@acme.test' },
  orgName: 'Acme',
  role: 'developer',
  workspaces: [{ name: 'staging', role: 'developer' }],
  expiresAt: '2026-11-29T10:00:00.000Z',
  link: LINK,
};

const DOT = `[${LABEL_DOTS}]`;
const LABEL = '[\\p{L}\\p{M}\\p{N}_-]+';
/**
 * What mail clients make clickable, as generously as any of them: anything with a scheme
 * (`https:`, `mailto:`, `javascript:`), `www.`, and a host name or an address's domain (labels and
 * dots ending in a top-level domain of letters or punycode).
 */
const CLICKABLE = [
  /(?<![\p{L}\p{N}+.-])\p{L}[\p{L}\p{N}+.-]*:[^\s]/u,
  new RegExp(`www${DOT}[\\p{L}\\p{N}]`, 'iu'),
  new RegExp(`${LABEL}(?:${DOT}${LABEL})*${DOT}(?:\\p{L}{2,}|xn--)`, 'iu'),
];
const clickable = (text: string): string[] =>
  CLICKABLE.flatMap((pattern) => [...text.matchAll(new RegExp(pattern, `${pattern.flags}g`))].map((match) => match[0]));

/** The HTML part as a reader sees it: its links, and its text with the markup gone and entities decoded. */
function htmlAsRead(html: string): { hrefs: string[]; text: string } {
  const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]!.replaceAll('&amp;', '&'));
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  const text = html.replace(/<[^>]*>/g, ' ').replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => entities[entity]!);
  return { hrefs, text };
}

/** The invitation link is the only thing in the email a reader can click: text part, HTML part and subject. */
function expectOnlyTheInvitationLink(email: ReturnType<typeof renderInvitationEmail>) {
  expect(email.text.split(LINK)).toHaveLength(2);
  expect(clickable(email.text.replace(LINK, ''))).toEqual([]);
  const html = htmlAsRead(email.html);
  expect(html.hrefs).toEqual([LINK]);
  expect(clickable(html.text)).toEqual([]);
  expect(clickable(email.subject)).toEqual([]);
}

describe('the invitation email', () => {
  it('names the inviter, the org, the role, the workspaces and the expiry, with one link', () => {
    const email = renderInvitationEmail(facts);
    expect(email.to).toBe('bob@example.com');
    expect(email.subject).toBe('“Alice Smith” invited you to join “Acme”');
    expect(email.text).toContain(
      '“Alice Smith” (alice@acme[.]test) invited you to join the organization “Acme” as a developer, with access to the workspace “staging” (developer).',
    );
    expect(email.text).toContain('The invitation is for bob@example[.]com and expires on 29 November 2026 at 10:00 UTC.');
    expect(email.html).toContain(`href="${LINK}"`);
    expectOnlyTheInvitationLink(email);
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

  it('falls back to the address for an inviter without a name', () => {
    for (const name of [null, '', '  ']) {
      const email = renderInvitationEmail({ ...facts, inviter: { name, email: 'alice@acme.test' } });
      expect(email.subject).toBe('alice@acme[.]test invited you to join “Acme”');
      expect(email.text).toContain('alice@acme[.]test invited you to join the organization “Acme”');
    }
  });
});

describe('names that reach the email', () => {
  it('renders an org named like a link without a link, in the text, the HTML and the subject', () => {
    const email = renderInvitationEmail({ ...facts, orgName: 'Acme https://evil.example/login' });
    expect(email.subject).toBe('“Alice Smith” invited you to join “Acme https: //evil[.]example/login”');
    expect(email.text).toContain('the organization “Acme https: //evil[.]example/login” as a developer');
    expect(email.html).toContain('the organization “Acme https: //evil[.]example/login” as a developer');
    for (const part of [email.subject, email.text.replace(LINK, ''), email.html.replace(`href="${LINK}"`, '')]) {
      expect(part).not.toContain('://');
      expect(part).not.toContain('evil.example');
    }
    expectOnlyTheInvitationLink(email);
  });

  it('renders a bare domain in a name as text no client makes clickable', () => {
    const email = renderInvitationEmail({ ...facts, orgName: 'Visit evil.example now' });
    expect(email.subject).toBe('“Alice Smith” invited you to join “Visit evil[.]example now”');
    expect(email.text).toContain('“Visit evil[.]example now”');
    expect(email.html).toContain('“Visit evil[.]example now”');
    expectOnlyTheInvitationLink(email);
  });

  it.each([
    ['www.', 'Mallory www.evil.example', 'Mallory www[.]evil[.]example'],
    ['an address', 'Write to support@evil.example', 'Write to support@evil[.]example'],
    ['mailto:', 'mailto:help@evil.example', 'mailto: help@evil[.]example'],
    ['javascript:', 'javascript:alert(1)', 'javascript: alert(1)'],
    ['a scheme in capitals', 'HTTPS://EVIL.EXAMPLE', 'HTTPS: //EVIL[.]EXAMPLE'],
    ['a subdomain and a path', 'refunds at pay.evil.example/claim', 'refunds at pay[.]evil[.]example/claim'],
    ['a punycode domain', 'Acme xn--80ak6aa92e.xn--p1ai', 'Acme xn--80ak6aa92e[.]xn--p1ai'],
    ['an IP address', 'Acme 192.168.0.1', 'Acme 192[.]168[.]0[.]1'],
    ['a fullwidth dot', 'Acme evil\uff0eexample', 'Acme evil[.]example'],
    ['an ideographic dot', 'Acme evil\u3002example', 'Acme evil[.]example'],
    ['a halfwidth ideographic dot', 'Acme evil\uff61example', 'Acme evil[.]example'],
    ['a domain with a combining accent', 'Acme cafe\u0301.example', 'Acme cafe\u0301[.]example'],
    ['a dot hidden by a zero-width space', 'Acme evil\u200b.example', 'Acme evil .example'],
    ['a right-to-left override', 'Acme \u202eelpmaxe.live\u202c', 'Acme elpmaxe[.]live'],
  ])('breaks up %s, wherever the name appears', (_, name, inert) => {
    const email = renderInvitationEmail({
      ...facts,
      inviter: { name, email: 'alice@acme.test' },
      orgName: name,
      workspaces: [{ name, role: 'viewer' }],
    });
    expect(email.subject).toBe(`“${inert}” invited you to join “${inert}”`);
    expect(email.text).toContain(`“${inert}” (alice@acme[.]test) invited you to join the organization “${inert}”`);
    expect(email.text).toContain(`with access to the workspace “${inert}” (viewer)`);
    expectOnlyTheInvitationLink(email);
  });

  it('breaks up the addresses too: an inviter’s and a plus-addressed recipient’s', () => {
    const email = renderInvitationEmail({
      ...facts,
      to: 'victim+www.evil.example@example.com',
      inviter: { name: null, email: 'refunds+claim.evil.example@example.com' },
    });
    expect(email.to).toBe('victim+www.evil.example@example.com');
    expect(email.subject).toBe('refunds+claim[.]evil[.]example@example[.]com invited you to join “Acme”');
    expect(email.text).toContain('The invitation is for victim+www[.]evil[.]example@example[.]com');
    expectOnlyTheInvitationLink(email);
  });

  it('renders ordinary names as typed, escaped in HTML only', () => {
    const ordinary = [
      'Acme Inc.',
      'R&D',
      'Société Générale',
      'Zoë Åström-Núñez',
      'Müller & Söhne GmbH',
      "O'Brien Ltd.",
      'Team 2.0',
      '東京チーム',
    ];
    for (const name of ordinary) {
      const email = renderInvitationEmail({ ...facts, inviter: { name, email: 'alice@acme.test' }, orgName: name });
      const escaped = name.replaceAll('&', '&amp;').replaceAll("'", '&#39;');
      expect(email.subject).toBe(`“${name}” invited you to join “${name}”`);
      expect(email.text).toContain(`“${name}” (alice@acme[.]test) invited you to join the organization “${name}” as`);
      expect(email.html).toContain(`“${escaped}” (alice@acme[.]test) invited you to join the organization “${escaped}” as`);
      expectOnlyTheInvitationLink(email);
    }
    expect(quotedName('Café')).toBe('“Café”');
    expect(quotedName('Cafe\u0301')).toBe('“Cafe\u0301”');
  });

  it('keeps a name from passing for the email’s own words: one line, in quotes it cannot close, cut short', () => {
    const email = renderInvitationEmail({
      ...facts,
      inviter: { name: 'Mallory\r\nBcc: victim@example.com', email: 'm@evil.test' },
      orgName: 'Acme" as an admin.\n\nYour account is locked: reply with your password to unlock it before midnight',
    });
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toBe(
      "“Mallory Bcc: victim@example[.]com” invited you to join “Acme' as an admin. Your account is locked: reply with your…”",
    );
    expect(email.text.split('\n')[0]).toBe(
      "“Mallory Bcc: victim@example[.]com” (m@evil[.]test) invited you to join the organization “Acme' as an admin. Your account is locked: reply with your…” as a developer, with access to the workspace “staging” (developer).",
    );
    expect(email.text).toContain('Names in quotes were typed by the people who chose them');
    expect([...quotedName('x'.repeat(500))]).toHaveLength(NAME_LENGTH_IN_EMAIL + 2);
    expectOnlyTheInvitationLink(email);
  });

  it('escapes markup in the HTML part', () => {
    const email = renderInvitationEmail({ ...facts, orgName: '<b>Acme</b> <a href="https://evil.example">here</a>' });
    expect(email.html).not.toContain('<b>');
    expect(email.html).toContain('&lt;b&gt;Acme&lt;/b&gt;');
    expectOnlyTheInvitationLink(email);
  });
});

describe('inert text', () => {
  it('breaks every character the URL parser reads as a dot between labels', () => {
    // The Basic Multilingual Plane; the other planes hold none (checked once: the loop takes 14 s there).
    const dots: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      if (code >= 0xd800 && code < 0xe000) continue;
      const character = String.fromCharCode(code);
      if (URL.canParse(`http://a${character}b/`) && new URL(`http://a${character}b/`).hostname === 'a.b') dots.push(character);
    }
    expect(dots.join('')).toBe(LABEL_DOTS);
  });

  it('leaves nothing clickable, whatever the name is made of', () => {
    const pieces = ['evil', 'example', 'com', 'www', 'https', 'mailto', 'xn--p1ai', 'é', '\u0301', '2', '0', 'a', '-', '_', '+'];
    const separators = [...LABEL_DOTS, ':', '/', '//', '@', ' ', '\u200b', '\u202e', '\n', '"', '[', ']'];
    const name = fc.array(fc.constantFrom(...pieces, ...separators), { maxLength: 24 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(name, (value) => {
        expect(clickable(defanged(value))).toEqual([]);
        expect(clickable(quotedName(value))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('makes a value safe for a header', () => {
    expect(headerSafe('a\u0000b\u200bc\r\nd\u2028e')).toBe('a b c d e');
    expect(headerSafe('x'.repeat(300), 10)).toBe('x'.repeat(10));
    expect(headerSafe('😀'.repeat(3), 2)).toBe('😀😀');
  });
});
