// Which addresses a webhook may connect to: public unicast only. Everything that reaches inside a
// network is refused: private and carrier-grade NAT ranges, loopback, link-local (169.254.169.254,
// the instance metadata service, included), unique-local IPv6, multicast, unspecified and reserved
// addresses, and each of them written as IPv6 (IPv4-mapped `::ffff:10.0.0.1`, NAT64, 6to4). The
// sender checks the address it actually connects to (webhook-address-guard.ts), and registration
// checks the same rules for a clear 400. Loopback is allowed only where the deployment says so (the
// local runtime and the tests, whose receivers listen on 127.0.0.1).

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEX_WORD = /^[0-9a-f]{1,4}$/i;

interface Range {
  bytes: number[];
  bits: number;
  why: string;
}

const LOOPBACK = 'a loopback address';

function range(cidr: string, why: string): Range {
  const [address, bits] = cidr.split('/') as [string, string];
  return { bytes: [...parseAddress(address)!], bits: Number(bits), why };
}

const IPV4_REFUSED: Range[] = [
  range('0.0.0.0/8', 'an unspecified address'),
  range('10.0.0.0/8', 'a private address'),
  range('100.64.0.0/10', 'a carrier-grade NAT address'),
  range('127.0.0.0/8', LOOPBACK),
  range('169.254.0.0/16', 'a link-local address'),
  range('172.16.0.0/12', 'a private address'),
  range('192.0.0.0/24', 'a reserved address'),
  range('192.0.2.0/24', 'a documentation address'),
  range('192.88.99.0/24', 'a reserved address'),
  range('192.168.0.0/16', 'a private address'),
  range('198.18.0.0/15', 'a reserved address'),
  range('198.51.100.0/24', 'a documentation address'),
  range('203.0.113.0/24', 'a documentation address'),
  range('224.0.0.0/4', 'a multicast address'),
  range('240.0.0.0/4', 'a reserved address'),
];

/** IPv6 ranges that carry an IPv4 address: judged by that address. `at` is where its 4 bytes start. */
const IPV4_CARRIERS: Array<Range & { at: number }> = [
  { ...range('::ffff:0:0/96', 'an IPv4-mapped address'), at: 12 },
  { ...range('64:ff9b::/96', 'a NAT64 address'), at: 12 },
  { ...range('2002::/16', 'a 6to4 address'), at: 2 },
];

const IPV6_REFUSED: Range[] = [
  range('::/128', 'an unspecified address'),
  range('::1/128', LOOPBACK),
  range('::/96', 'an IPv4-compatible address'),
  range('64:ff9b:1::/48', 'a local NAT64 address'),
  range('100::/64', 'a discard-only address'),
  range('2001::/23', 'a reserved address'),
  range('2001:db8::/32', 'a documentation address'),
  range('fc00::/7', 'a unique-local address'),
  range('fe80::/10', 'a link-local address'),
  range('fec0::/10', 'a site-local address'),
  range('ff00::/8', 'a multicast address'),
];

const inRange = (bytes: Uint8Array, { bytes: prefix, bits }: Range) => {
  for (let bit = 0; bit < bits; bit++) {
    const mask = 0x80 >> (bit % 8);
    if ((bytes[Math.floor(bit / 8)]! & mask) !== (prefix[Math.floor(bit / 8)]! & mask)) return false;
  }
  return true;
};

/**
 * Why the sender must not connect to `address` (a sentence fragment: "a private address"), or
 * undefined when it may. Anything that is not an IP address is refused too.
 */
export function addressRefusal(address: string, options: { allowLoopback: boolean }): string | undefined {
  const bytes = parseAddress(address);
  if (!bytes) return 'not an IP address';
  if (bytes.length === 4) return refusalOf(bytes, IPV4_REFUSED, options);
  for (const carrier of IPV4_CARRIERS) {
    if (!inRange(bytes, carrier)) continue;
    const inner = refusalOf(bytes.subarray(carrier.at, carrier.at + 4), IPV4_REFUSED, options);
    return inner && `${carrier.why} of ${inner}`;
  }
  return refusalOf(bytes, IPV6_REFUSED, options);
}

function refusalOf(bytes: Uint8Array, ranges: Range[], { allowLoopback }: { allowLoopback: boolean }): string | undefined {
  const why = ranges.find((candidate) => inRange(bytes, candidate))?.why;
  return why === LOOPBACK && allowLoopback ? undefined : why;
}

/**
 * 4 bytes for IPv4, 16 for IPv6 (a zone id, `%eth0`, is dropped; brackets too); undefined for
 * anything else. Parsed here rather than with node:net, whose import alone costs a route's cold
 * start more than 10 ms.
 */
export function parseAddress(text: string): Uint8Array | undefined {
  const address = text.replace(/^\[(.*)\]$/, '$1').replace(/%[^%]*$/, '');
  if (IPV4.test(address)) return Uint8Array.from(address.split('.').map(Number));
  if (!address.includes(':')) return undefined;
  // An IPv4 address may end it (`::ffff:10.0.0.1`): it counts as the last two words.
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  const v4 = tail.includes('.') ? (IPV4.test(tail) ? tail.split('.').map(Number) : undefined) : [];
  if (!v4) return undefined;
  const head = address.slice(0, lastColon + 1);
  const groups = v4.length === 0 ? address : head.endsWith('::') ? head : head.slice(0, -1);
  const halves = groups.split('::');
  if (halves.length > 2) return undefined;
  const words = (part: string) => (part === '' ? [] : part.split(':'));
  const left = words(halves[0]!);
  const right = halves.length === 2 ? words(halves[1]!) : [];
  if ([...left, ...right].some((word) => !HEX_WORD.test(word))) return undefined;
  const wanted = v4.length ? 6 : 8;
  const missing = wanted - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...left, ...new Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right].map((word) =>
    Number.parseInt(word, 16),
  );
  const bytes = new Uint8Array(16);
  all.forEach((word, i) => {
    bytes[2 * i] = word >> 8;
    bytes[2 * i + 1] = word & 0xff;
  });
  if (v4.length) bytes.set(v4, 12);
  return bytes;
}

/** 4 or 6 for an IP address, 0 for anything else (a host name). */
export const ipVersion = (text: string): 0 | 4 | 6 => {
  const bytes = parseAddress(text);
  return bytes ? (bytes.length === 4 ? 4 : 6) : 0;
};
