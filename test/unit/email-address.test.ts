// How addresses compare: as mail is routed. Look-alike local parts are other mailboxes; a domain's
// Unicode and punycode forms are one domain; and every ASCII address keeps the key it had.
import { describe, expect, it } from 'vitest';
import { deliverableAddress, normalizeEmail } from '../../shared/vocabulary/email-address.js';

/** The normalization before issue 11, which stored keys were made with. */
const previous = (email: string) => email.trim().normalize('NFKC').toLowerCase();

describe('comparing email addresses', () => {
  it('folds ASCII case only, so a look-alike local part is another mailbox', () => {
    expect(normalizeEmail(' Kate@Example.COM ')).toBe('kate@example.com');
    expect(normalizeEmail('\u212Aate@example.com')).not.toBe(normalizeEmail('kate@example.com'));
    expect(normalizeEmail('\uff49bob@example.com')).not.toBe(normalizeEmail('ibob@example.com'));
    expect(normalizeEmail('\u0130stanbul@example.com')).not.toBe(normalizeEmail('istanbul@example.com'));
    // Nothing is composed or decomposed either: what the identity provider verified is what compares.
    expect(normalizeEmail('jose\u0301@example.com')).not.toBe(normalizeEmail('jos\u00e9@example.com'));
  });

  it('compares a domain in its Unicode and punycode forms as one', () => {
    expect(normalizeEmail('bob@bücher.example')).toBe('bob@xn--bcher-kva.example');
    expect(normalizeEmail('bob@BÜCHER.Example')).toBe(normalizeEmail('bob@xn--bcher-kva.example'));
    expect(normalizeEmail('bob@XN--BCHER-KVA.example')).toBe('bob@xn--bcher-kva.example');
    expect(normalizeEmail('ivan@пример.рф')).toBe('ivan@xn--e1afmkfd.xn--p1ai');
  });

  it('keeps the key of every ASCII address exactly as it was', () => {
    for (const email of [
      'kate@example.com',
      '  Mixed.Case+tag@Sub.Example.ORG ',
      "o'brien_1@xn--bcher-kva.example",
      'a%41@ex%41mple.com',
      'user@1.2',
      'no-at-sign',
      'two@at@signs.example',
      'user@[127.0.0.1]',
    ])
      expect(normalizeEmail(email), email).toBe(previous(email));
  });

  it('does not let the URL host parser rewrite a Unicode domain into another', () => {
    // `%41` is `A` to the URL parser; in a domain it is no character at all.
    expect(normalizeEmail('bob@ex%41mplé.com')).not.toBe(normalizeEmail('bob@examplé.com'));
  });

  it('hands the mail server the domain in ASCII and the local part as typed', () => {
    expect(deliverableAddress(' Bob@bücher.example ')).toBe('Bob@xn--bcher-kva.example');
    expect(deliverableAddress('Kate@Example.com')).toBe('Kate@example.com');
  });
});
