// Looking a TXT record up over real DNS: the system's resolver in Lambda, or the servers named in
// DNS_SERVERS (the local runtime's own authoritative server). "No such record" and "DNS did not
// answer" are different outcomes: the first means not there yet, the second means ask again later.
import type { promises as dnsPromises } from 'node:dns';
import { domainConfig } from '../config.js';

export type TxtLookup = { outcome: 'records'; values: string[] } | { outcome: 'none' } | { outcome: 'failed'; code: string };

// Loaded at the first look-up, not at import: the routes that never look one up would pay for it at cold start.
const dns = () => import('node:dns');

let resolver: Promise<dnsPromises.Resolver> | undefined;

function configuredResolver(): Promise<dnsPromises.Resolver> {
  resolver ??= dns().then(({ promises }) => {
    // A few seconds at most: an API call waits for it, and an unanswered look-up is retried later anyway.
    const configured = new promises.Resolver({ timeout: 2_000, tries: 2 });
    const { dnsServers } = domainConfig();
    if (dnsServers.length > 0) configured.setServers(dnsServers);
    return configured;
  });
  return resolver;
}

/** The name has no record of this type, or does not exist at all. */
const NO_RECORD = new Set(['ENODATA', 'ENOTFOUND', 'ENONAME', 'NXDOMAIN']);

/** The TXT records of `name`, each one's strings joined (a long value is split into 255-byte strings). */
export async function lookUpTxt(name: string): Promise<TxtLookup> {
  try {
    const records = await (await configuredResolver()).resolveTxt(name);
    return { outcome: 'records', values: records.map((chunks) => chunks.join('')) };
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'UNKNOWN';
    return NO_RECORD.has(code) ? { outcome: 'none' } : { outcome: 'failed', code };
  }
}
