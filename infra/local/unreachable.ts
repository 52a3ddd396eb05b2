// Telling "nothing answered at that address" apart from a real failure, so that the local
// runtime says the first in one line (DynamoDB Local stopped, e.g. by a terminal's Ctrl-C, which
// reaches Java first) and keeps stack traces for the second.
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

export function isUnreachable(error: unknown): boolean {
  for (let cause = error; cause && typeof cause === 'object'; cause = (cause as { cause?: unknown }).cause) {
    if (UNREACHABLE_CODES.has(String((cause as { code?: unknown }).code))) return true;
  }
  return false;
}

/** Says once per outage that an endpoint is not answering, until `recovered` is called. */
export function outageReporter(what: string): { failed(error: unknown): void; recovered(): void } {
  let reported = false;
  return {
    failed(error) {
      if (reported) return;
      reported = true;
      console.warn(`${what}: ${(error as { code?: string }).code ?? 'unreachable'}; retrying quietly until it answers again`);
    },
    recovered() {
      reported = false;
    },
  };
}
