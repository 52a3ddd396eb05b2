// What an org may claim as its domain: a registrable domain (acme.com, acme.co.uk) or a subdomain
// of one (eu.acme.com), judged by the Public Suffix List, so that nobody claims `co.uk` or
// `github.io` and with it everyone beneath. Consumer and disposable mail providers are refused:
// owning gmail.com's TXT record is impossible, but a claim on it would still be a lure, and a
// subdomain of one (a provider's customer-facing hosts) is no org's either.
import { domainToASCII } from 'node:url';
import consumerProviders from 'email-providers/all.json' with { type: 'json' };
import { parse } from 'tldts';
import { domainConfig } from '../../shared/config.js';

export interface DomainProblem {
  code: 'invalid_domain' | 'consumer_domain';
  message: string;
}

/** RFC 1035's limit on a name in its dotted form. */
const MAX_DOMAIN_LENGTH = 253;

let consumerDomains: Set<string> | undefined;

/** The package's providers, plus the deployer's additions, less the deployer's exceptions. */
function consumerDomainSet(): Set<string> {
  if (!consumerDomains) {
    const { consumerDomains: added, allowedDomains: removed } = domainConfig();
    consumerDomains = new Set([...consumerProviders, ...added]);
    for (const domain of removed) consumerDomains.delete(domain);
  }
  return consumerDomains;
}

export const isDomainProblem = (value: string | DomainProblem): value is DomainProblem => typeof value !== 'string';

/** Lowercased, IDNA-encoded (bücher.de → xn--bcher-kva.de) and without a trailing dot, or undefined if it is no hostname. */
function asciiHostname(input: string): string | undefined {
  const trimmed = input.trim().replace(/\.$/, '');
  if (trimmed === '' || trimmed.length > MAX_DOMAIN_LENGTH * 4) return undefined;
  const ascii = domainToASCII(trimmed.toLowerCase());
  if (ascii === '' || ascii.length > MAX_DOMAIN_LENGTH) return undefined;
  return ascii;
}

/**
 * The domain as it is stored and compared, or what is wrong with it. A provider's subdomain is
 * refused with the provider (mail.gmail.com is gmail.com's).
 */
export function normalizeDomain(input: string): string | DomainProblem {
  const hostname = asciiHostname(input);
  const parsed = hostname ? parse(hostname, { allowPrivateDomains: true }) : undefined;
  if (!hostname || !parsed || parsed.isIp || parsed.hostname !== hostname || !parsed.domain || !(parsed.isIcann || parsed.isPrivate))
    return {
      code: 'invalid_domain',
      message:
        'The domain must be a registered domain name (acme.com) or a subdomain of one (eu.acme.com), not a public suffix or an address.',
    };
  const consumer = consumerDomainSet();
  if (consumer.has(hostname) || consumer.has(parsed.domain))
    return {
      code: 'consumer_domain',
      message: `${parsed.domain} is a consumer or disposable email provider; an org can claim only a domain it controls.`,
    };
  return hostname;
}

/** The normalized domain part of an address (`Ann@Bücher.DE` → `xn--bcher-kva.de`), or '' if it has none. */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return '';
  return asciiHostname(email.slice(at + 1)) ?? '';
}
