// What a handler run in the test's own process logged (shared/observability/log.ts writes each
// line to stdout), kept from the terminal and parsed for assertions.
import { type MockInstance, vi } from 'vitest';

export interface LoggedLines {
  /** Every JSON line written since the spy started, parsed. */
  lines(): Array<Record<string, unknown>>;
}

export function captureLogLines(): LoggedLines {
  const spy: MockInstance = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  return {
    lines: () =>
      spy.mock.calls
        .map(([chunk]) => String(chunk))
        .filter((chunk) => chunk.startsWith('{'))
        .map((chunk) => JSON.parse(chunk) as Record<string, unknown>),
  };
}
