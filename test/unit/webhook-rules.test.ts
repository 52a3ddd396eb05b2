// The pure rules behind webhooks: which addresses the sender may connect to (the SSRF policy, in
// every spelling of an address), which events a subscription names, and the delivery ids that
// make a replayed stream record harmless.
import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressRefusal, parseAddress } from '../../features/webhooks/address-policy.js';
import { eventPatternProblem, matchesEventPatterns } from '../../features/webhooks/event-patterns.js';
import { deliveryIdFor } from '../../features/webhooks/webhook-delivery-entity.js';
import { idCreatedAt, newId } from '../../shared/vocabulary/ids.js';

const strict = { allowLoopback: false };
const local = { allowLoopback: true };

describe('the address policy', () => {
  it('refuses every internal range, in IPv4 and IPv6, and the IPv6 spellings of internal IPv4 addresses', () => {
    const refused: Record<string, RegExp> = {
      '10.0.0.1': /private/,
      '172.16.0.1': /private/,
      '172.31.255.255': /private/,
      '192.168.1.1': /private/,
      '127.0.0.1': /loopback/,
      '127.255.0.9': /loopback/,
      '169.254.169.254': /link-local/,
      '100.64.0.1': /carrier-grade NAT/,
      '100.127.255.254': /carrier-grade NAT/,
      '0.0.0.0': /unspecified/,
      '224.0.0.251': /multicast/,
      '239.255.255.250': /multicast/,
      '255.255.255.255': /reserved/,
      '198.18.0.1': /reserved/,
      '192.0.2.2': /documentation/,
      '::': /unspecified/,
      '::1': /loopback/,
      'fc00::1': /unique-local/,
      'fd12:3456:789a::1': /unique-local/,
      'fe80::1%eth0': /link-local/,
      'ff02::1': /multicast/,
      '::ffff:10.1.2.3': /IPv4-mapped address of a private address/,
      '::ffff:a9fe:a9fe': /IPv4-mapped address of a link-local address/,
      '::ffff:127.0.0.1': /IPv4-mapped address of a loopback address/,
      '0:0:0:0:0:ffff:c0a8:0101': /IPv4-mapped address of a private address/,
      '64:ff9b::10.0.0.1': /NAT64 address of a private address/,
      '2002:a00:1::': /6to4 address of a private address/,
      '::10.0.0.1': /IPv4-compatible/,
      '2001:db8::1': /documentation/,
      '[::1]': /loopback/,
      'not-an-address': /not an IP address/,
    };
    for (const [address, why] of Object.entries(refused)) expect(addressRefusal(address, strict), address).toMatch(why);
  });

  it('allows public unicast addresses, IPv4-mapped ones included', () => {
    for (const address of [
      '93.184.215.14',
      '8.8.8.8',
      '1.1.1.1',
      '172.32.0.1',
      '100.128.0.1',
      '2606:4700:4700::1111',
      '::ffff:8.8.8.8',
      '2002:808:808::',
    ])
      expect(addressRefusal(address, strict), address).toBeUndefined();
  });

  it('allows loopback only where the deployment says so, and nothing else internal with it', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(addressRefusal(address, local), address).toBeUndefined();
    for (const address of ['10.0.0.1', '169.254.169.254', 'fd00::2', '::ffff:192.168.0.1', '0.0.0.0'])
      expect(addressRefusal(address, local), address).toBeDefined();
  });

  it('reads every spelling of an IPv6 address as the same bytes', () => {
    const bytes = (text: string) => Buffer.from(parseAddress(text)!).toString('hex');
    expect(bytes('::ffff:10.1.2.3')).toBe(bytes('0:0:0:0:0:ffff:0a01:0203'));
    expect(bytes('::1')).toBe(bytes('0000:0000:0000:0000:0000:0000:0000:0001'));
    expect(bytes('fd00::2')).toBe('fd000000000000000000000000000002');
    expect(bytes('64:ff9b::10.0.0.1')).toBe('0064ff9b00000000000000000a000001');
    expect(bytes('1:2:3:4:5:6:1.2.3.4')).toBe('00010002000300040005000601020304');
    expect(parseAddress('1.2.3')).toBeUndefined();
    expect(parseAddress('1::2::3')).toBeUndefined();
  });

  it("takes exactly the addresses Node's own parser takes (it parses them itself to keep node:net out of cold starts)", () => {
    const text = fc.array(fc.constantFrom('0', '1', '9', 'a', 'f', 'ff', 'fff0', ':', '::', '.', '255', '256'), { maxLength: 24 });
    fc.assert(
      fc.property(text, (units) => {
        const candidate = units.join('');
        return (isIP(candidate) !== 0) === (parseAddress(candidate) !== undefined);
      }),
      { numRuns: 20_000 },
    );
    // And each as the bytes the URL parser's normal form has.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }), (words) => {
        const written = words.map((word) => word.toString(16)).join(':');
        const normal = new URL(`http://[${written}]/`).hostname;
        return Buffer.from(parseAddress(written)!).equals(Buffer.from(parseAddress(normal)!));
      }),
    );
  });

  it('refuses any address in 10.0.0.0/8 and fc00::/7, whatever it is', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), (n) => {
        const address = `10.${n >> 16}.${(n >> 8) & 0xff}.${n & 0xff}`;
        return addressRefusal(address, local) !== undefined && addressRefusal(`::ffff:${address}`, local) !== undefined;
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 7, maxLength: 7 }), fc.boolean(), (words, d) => {
        const address = [(d ? 0xfd00 : 0xfc00) | (words[0]! & 0xff), ...words.slice(1)].map((word) => word.toString(16)).join(':');
        return addressRefusal(`${address}:1`, local) !== undefined;
      }),
    );
  });
});

describe('event patterns', () => {
  it('take an action of the catalogue, a group with .*, or *, and nothing else', () => {
    for (const pattern of ['*', 'member.removed', 'member.*', 'webhook.*', 'workspace_member.*'])
      expect(eventPatternProblem(pattern), pattern).toBeUndefined();
    for (const pattern of ['member.', 'member', 'members.*', '*.*', 'workspace.renamed', 'member.**', ''])
      expect(eventPatternProblem(pattern), pattern).toBeDefined();
  });

  it('match an action exactly, by its group, or always', () => {
    expect(matchesEventPatterns(['member.*'], 'member.removed')).toBe(true);
    expect(matchesEventPatterns(['member.*'], 'workspace_member.added')).toBe(false);
    expect(matchesEventPatterns(['workspace.*'], 'workspace_member.added')).toBe(false);
    expect(matchesEventPatterns(['workspace.updated'], 'workspace.updated')).toBe(true);
    expect(matchesEventPatterns(['workspace.updated'], 'workspace.deleted')).toBe(false);
    expect(matchesEventPatterns(['*'], 'webhook.disabled')).toBe(true);
  });
});

describe('delivery ids', () => {
  it('are the same for an event and an endpoint whenever computed, different per endpoint, and sort with the event', () => {
    const event = newId(Date.parse('2026-12-01T10:00:00Z'));
    const later = newId(Date.parse('2026-12-01T10:00:01Z'));
    const [a, b] = [newId(), newId()];
    expect(deliveryIdFor(event, a!)).toBe(deliveryIdFor(event, a!));
    expect(deliveryIdFor(event, a!)).not.toBe(deliveryIdFor(event, b!));
    expect(deliveryIdFor(event, a!) < deliveryIdFor(later, a!)).toBe(true);
    expect(idCreatedAt(deliveryIdFor(event, a!))).toBe(idCreatedAt(event));
    expect(deliveryIdFor(event, a!)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
