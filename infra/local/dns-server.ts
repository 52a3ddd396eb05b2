// A small authoritative DNS server for the local runtime (dns2, over UDP): it answers TXT
// questions from a zone held in memory, set through PUT /dev/dns/txt, so that domain verification
// runs its real look-up path on a laptop and in the tests. A name not in the zone is NXDOMAIN; a
// name set to fail answers SERVFAIL, which is how a test sees DNS being down for one domain.
import dns2 from 'dns2';

const { Packet } = dns2;
/** Packet.RCODE values, which dns2's type declarations leave out. */
const SERVFAIL = 2;
const NXDOMAIN = 3;

export type TxtZoneEntry = { values: string[] } | { fail: true };

export interface LocalDnsServer {
  /** `127.0.0.1:<port>`: what DNS_SERVERS is set to. */
  address: string;
  /** Sets a name's TXT records (none removes them), or makes its look-ups fail. */
  setTxt(name: string, entry: TxtZoneEntry): void;
  stop(): Promise<void>;
}

/** Starts on `port` (0 for any free one) on 127.0.0.1. */
export async function startLocalDnsServer(port: number): Promise<LocalDnsServer> {
  const zone = new Map<string, TxtZoneEntry>();
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const entry = question ? zone.get(question.name.toLowerCase()) : undefined;
      if (!question || !entry) response.header.rcode = NXDOMAIN;
      else if ('fail' in entry) response.header.rcode = SERVFAIL;
      else if (question.type === Packet.TYPE.TXT)
        for (const data of entry.values) {
          const answer = { name: question.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 1, data };
          response.answers.push(answer as unknown as (typeof response.answers)[number]);
        }
      send(response);
    },
  });
  const { udp } = await server.listen({ udp: { port, address: '127.0.0.1' } });
  return {
    address: `127.0.0.1:${udp!.port}`,
    setTxt(name, entry) {
      const key = name.toLowerCase().replace(/\.$/, '');
      if ('values' in entry && entry.values.length === 0) zone.delete(key);
      else zone.set(key, entry);
    },
    stop: async () => {
      await server.close();
    },
  };
}
