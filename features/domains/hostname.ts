// A domain as it is stored and compared: lowercased, IDNA-encoded, without a trailing dot. Apart
// from domain-name.ts so that what only compares addresses (sign-in, joining) carries no Public
// Suffix List.
import { domainToASCII } from 'node:url';

/** RFC 1035's limit on a name in its dotted form. */
const MAX_DOMAIN_LENGTH = 253;

/** Lowercased, IDNA-encoded (bücher.de → xn--bcher-kva.de) and without a trailing dot, or undefined if it is no hostname. */
export function asciiHostname(input: string): string | undefined {
  const trimmed = input.trim().replace(/\.$/, '');
  if (trimmed === '' || trimmed.length > MAX_DOMAIN_LENGTH * 4) return undefined;
  const ascii = domainToASCII(trimmed.toLowerCase());
  if (ascii === '' || ascii.length > MAX_DOMAIN_LENGTH) return undefined;
  return ascii;
}

/** The normalized domain part of an address (`Ann@Bücher.DE` → `xn--bcher-kva.de`), or '' if it has none. */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return '';
  return asciiHostname(email.slice(at + 1)) ?? '';
}
