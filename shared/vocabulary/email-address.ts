// Addresses compare the way mail is routed, not the way text is. The domain is case-insensitive and
// has one ASCII form (IDNA: `bücher.example` is `xn--bcher-kva.example`), so it is compared in that
// form. The local part belongs to the receiving server: the only folding every server agrees on is
// ASCII case, so that is the only folding done. Unicode folding (NFKC, full lower-casing) made a
// Kelvin sign `\u212A` equal to `k` and a fullwidth `ｉ` equal to `i`: a different mailbox that an
// identity provider may well verify, passing for the invited one (issue 11).
import { domainToASCII } from 'node:url';

const NON_ASCII = /[^\p{ASCII}]/u;
const asciiLowerCase = (text: string) => text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

// Letters (of any script), digits, hyphens and dots only. Anything else would be quietly rewritten by
// the URL host parser behind domainToASCII (`%41` decoded, `1.2` read as an IPv4 address), and two
// strings that are not the same domain could then compare equal.
const DOMAIN_CHARACTERS = /^[\p{L}\p{M}\p{N}.\-\u3002\uff0e\uff61]+$/u;

/** The part before the last `@` and the part after it; undefined without an `@` between two non-empty parts. */
export function emailParts(email: string): { local: string; domain: string } | undefined {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return undefined;
  return { local: trimmed.slice(0, at), domain: trimmed.slice(at + 1) };
}

export const isAscii = (text: string) => !NON_ASCII.test(text);

/**
 * The domain in the ASCII form mail is routed by, lowercased. An ASCII domain is only lowercased,
 * exactly as before, so keys stored for ASCII addresses keep their form. Undefined for a Unicode
 * domain that IDNA does not accept.
 */
export function asciiDomain(domain: string): string | undefined {
  if (isAscii(domain)) return asciiLowerCase(domain);
  if (!DOMAIN_CHARACTERS.test(domain)) return undefined;
  return domainToASCII(domain) || undefined;
}

/**
 * The form every key holds and every comparison uses: ASCII case folded in the local part, the
 * domain in its ASCII form. An address whose domain has no ASCII form keeps that domain as given
 * (lowercased in ASCII only), so it equals nothing but itself.
 */
export function normalizeEmail(email: string): string {
  const parts = emailParts(email);
  if (!parts) return asciiLowerCase(email.trim());
  return `${asciiLowerCase(parts.local)}@${asciiDomain(parts.domain) ?? asciiLowerCase(parts.domain)}`;
}

/**
 * The address to hand to the mail server: the local part as typed, the domain in its ASCII form
 * (SES refuses a raw Unicode domain). The address as typed, when it has no such form.
 */
export function deliverableAddress(email: string): string {
  const parts = emailParts(email);
  const domain = parts && asciiDomain(parts.domain);
  return parts && domain ? `${parts.local}@${domain}` : email.trim();
}
