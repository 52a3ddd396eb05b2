// The SSRF guard. A webhook URL is the customer's to choose, so the sender would otherwise post to
// whatever it names: the metadata service, a database on the VPC, localhost. Two checks, one rule
// (address-policy.ts):
// - at registration (and on a URL change), so that a bad URL is a clear 400;
// - at the moment of connecting: the HTTP request resolves its host through `guardedLookup`, which
//   refuses an internal address, so the address checked is the address connected to. A name that
//   resolved to a public address at registration and to 10.0.0.1 now (DNS rebinding) gets nowhere.
// Hosts are resolved by the system's resolver, or by WEBHOOK_DNS_SERVER where a test sets one.
import type { promises as dnsPromises, LookupAddress } from 'node:dns';
import { webhookConfig } from '../../shared/config.js';
import { addressRefusal, ipVersion } from './address-policy.js';

const RESOLVE_TIMEOUT_MS = 5_000;

/** An address the policy refuses, or a host that does not resolve: the attempt (or registration) fails with this. */
export class AddressRefusedError extends Error {
  override name = 'AddressRefusedError';
  readonly code = 'EWEBHOOKADDRESS';
}

// Loaded when a host is first resolved, not at import: the routes that register endpoints would
// otherwise pay for it in every cold start.
const dns = () => import('node:dns');

let resolver: Promise<dnsPromises.Resolver> | undefined;

function configuredResolver(server: string): Promise<dnsPromises.Resolver> {
  resolver ??= dns().then(({ promises }) => {
    const configured = new promises.Resolver({ timeout: 2_000, tries: 2 });
    configured.setServers([server]);
    return configured;
  });
  return resolver;
}

const NO_ANSWER = new Set(['ENODATA', 'ENOTFOUND', 'ENONAME', 'NXDOMAIN']);

async function resolveWith(server: string, hostname: string): Promise<LookupAddress[]> {
  const dnsResolver = await configuredResolver(server);
  const family = async (resolve: Promise<string[]>, version: 4 | 6) => {
    try {
      return (await resolve).map((address) => ({ address, family: version }));
    } catch (error) {
      if (NO_ANSWER.has((error as { code?: string }).code ?? '')) return [];
      throw error;
    }
  };
  const [v4, v6] = await Promise.all([family(dnsResolver.resolve4(hostname), 4), family(dnsResolver.resolve6(hostname), 6)]);
  return [...v4, ...v6];
}

async function resolveWithSystem(hostname: string): Promise<LookupAddress[]> {
  const { promises } = await dns();
  return promises.lookup(hostname, { all: true, verbatim: true });
}

/** Every address the host resolves to (an IP literal is its own), within a few seconds. */
export async function resolveHost(hostname: string): Promise<LookupAddress[]> {
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  const family = ipVersion(host);
  if (family) return [{ address: host, family }];
  const { dnsServer } = webhookConfig();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AddressRefusedError(`${host} did not resolve within ${RESOLVE_TIMEOUT_MS / 1000} s`)),
      RESOLVE_TIMEOUT_MS,
    );
  });
  try {
    const addresses = await Promise.race([dnsServer ? resolveWith(dnsServer, host) : resolveWithSystem(host), timeout]);
    if (addresses.length === 0) throw new AddressRefusedError(`${host} does not resolve to any address`);
    return addresses;
  } catch (error) {
    if (error instanceof AddressRefusedError) throw error;
    throw new AddressRefusedError(`${host} does not resolve (${(error as { code?: string }).code ?? 'lookup failed'})`);
  } finally {
    clearTimeout(timer);
  }
}

/** The host's addresses if the policy allows every one of them; otherwise the refusal, naming the address. */
export async function allowedAddresses(hostname: string): Promise<LookupAddress[]> {
  const addresses = await resolveHost(hostname);
  const { allowLoopback } = webhookConfig();
  for (const { address } of addresses) {
    const refusal = addressRefusal(address, { allowLoopback });
    if (refusal) throw new AddressRefusedError(`${address} is ${refusal}`);
  }
  return addresses;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * For the `lookup` option of an HTTP request: the socket connects only to addresses resolved and
 * allowed here. (A URL whose host is an IP literal is not looked up by Node: the sender checks it
 * with `allowedAddresses` before the request, which for a literal is the same check.)
 */
export function guardedLookup(hostname: string, options: { family?: number | string; all?: boolean }, callback: LookupCallback): void {
  allowedAddresses(hostname).then(
    (addresses) => {
      const wanted = Number(String(options.family ?? 0).replace(/\D/g, '')) || 0;
      const usable = wanted ? addresses.filter((address) => address.family === wanted) : addresses;
      if (usable.length === 0) {
        callback(Object.assign(new AddressRefusedError(`${hostname} has no IPv${wanted} address`), { errno: -1 }), []);
        return;
      }
      if (options.all) callback(null, usable);
      else callback(null, usable[0]!.address, usable[0]!.family);
    },
    (error: NodeJS.ErrnoException) => callback(error, []),
  );
}
