// What an org may claim as its domain: a registrable domain (acme.com, acme.co.uk) or a subdomain
// of one (eu.acme.com), judged by the Public Suffix List, so that nobody claims `co.uk` or
// `github.io` and with it everyone beneath. Consumer and disposable mail providers are refused:
// owning gmail.com's TXT record is impossible, but a claim on it would still be a lure, and a
// subdomain of one (a provider's customer-facing hosts) is no org's either.
import consumerProviders from 'email-providers/all.json' with { type: 'json' };
import { parse } from 'tldts';
import { domainConfig } from '../../shared/config.js';
import { asciiHostname } from './hostname.js';

export interface DomainProblem {
  code: 'invalid_domain' | 'consumer_domain';
  message: string;
}

/**
 * `acme.test`: RFC 6761 reserves `.test` for testing, so no public resolver answers for it and the
 * Public Suffix List leaves it out. Accepted only where the deployment says so (the local runtime,
 * whose DNS server does answer for it).
 */
const TEST_DOMAIN = /^([a-z0-9-]+\.)+test$/;

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

/**
 * The domain as it is stored and compared, or what is wrong with it. A provider's subdomain is
 * refused with the provider (mail.gmail.com is gmail.com's).
 */
export function normalizeDomain(input: string): string | DomainProblem {
  const hostname = asciiHostname(input);
  if (hostname && domainConfig().allowTestDomains && TEST_DOMAIN.test(hostname)) return hostname;
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
