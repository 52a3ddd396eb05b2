// DynamoDB Local as the local runtime starts it (the one the global setup runs): reachable from
// this machine only, and sending no telemetry. Read from the kernel's own tables of sockets and
// processes, so Linux only.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';

const LISTEN = '0A';
const LOOPBACK = new Set([
  '0100007F', // 127.0.0.1
  '0000000000000000FFFF00000100007F', // ::ffff:127.0.0.1
  '00000000000000000000000001000000', // ::1
]);

/** The local address (as the kernel writes it, in hex) of every socket listening on `port`. */
function listeningAddresses(port: number): string[] {
  const addresses: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      const [address, hexPort] = (local ?? '').split(':');
      if (state === LISTEN && hexPort && Number.parseInt(hexPort, 16) === port) addresses.push(address!);
    }
  }
  return addresses;
}

function commandLineOfJavaOn(port: number): string[] | undefined {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let args: string[];
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const at = args.indexOf('-port');
    if (at > 0 && args[at + 1] === String(port) && args.some((arg) => arg.includes('DynamoDBLocal'))) return args;
  }
  return undefined;
}

const port = () => Number(new URL(inject('dynamoEndpoint')).port);

describe.skipIf(!existsSync('/proc/net/tcp'))('DynamoDB Local', () => {
  it('listens on the loopback interface only', () => {
    const addresses = listeningAddresses(port());
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(LOOPBACK.has(address), `listening on ${address}`).toBe(true);
  });

  it('runs with its telemetry off', () => {
    expect(commandLineOfJavaOn(port())).toContain('-disableTelemetry');
  });
});
