// What an org may claim as a verified domain, and how an address's domain is compared with it.
import { describe, expect, it } from 'vitest';
import { emailDomain, normalizeDomain } from '../../features/domains/domain-name.js';

const problem = (input: string) => {
  const result = normalizeDomain(input);
  return typeof result === 'string' ? undefined : result.code;
};

describe('domain names', () => {
  it('are lowercased, IDNA-encoded and stripped of a trailing dot', () => {
    expect(normalizeDomain(' Acme.COM. ')).toBe('acme.com');
    expect(normalizeDomain('Bücher.de')).toBe('xn--bcher-kva.de');
    expect(normalizeDomain('xn--bcher-kva.de')).toBe('xn--bcher-kva.de');
  });

  it('may be a registrable domain or a subdomain of one, under a public or a private suffix', () => {
    expect(normalizeDomain('eu.acme.co.uk')).toBe('eu.acme.co.uk');
    expect(normalizeDomain('acme.github.io')).toBe('acme.github.io');
  });

  it('are never a public suffix, an address, an unknown top-level domain or no hostname at all', () => {
    for (const input of ['com', 'co.uk', 'github.io', '192.0.2.1', '[::1]', 'acme.internal', 'a..b.com', '-acme.com', '', '.', 'acme com'])
      expect(problem(input), input).toBe('invalid_domain');
    expect(problem(`${'a'.repeat(250)}.com`)).toBe('invalid_domain');
  });

  it('are never a consumer or disposable mail provider, nor a subdomain of one', () => {
    for (const input of ['gmail.com', 'GMAIL.COM', 'mail.gmail.com', 'outlook.com', 'mailinator.com', 'yopmail.com'])
      expect(problem(input), input).toBe('consumer_domain');
  });

  it('of an address are its part after the last @, normalized the same way', () => {
    expect(emailDomain('Ann@Bücher.DE')).toBe('xn--bcher-kva.de');
    expect(emailDomain('"a@b"@Acme.com')).toBe('acme.com');
    expect(emailDomain('no-at-sign')).toBe('');
  });
});
