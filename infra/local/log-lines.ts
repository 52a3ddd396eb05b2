// Handlers run in the process that serves them locally, and write their JSON log lines to its
// stdout (shared/observability/log.ts). The test run and the bench need that stdout for
// themselves, so they divert those lines: the tests into a file, the bench nowhere. The lines are
// still built and written, as in Lambda, so what a request costs includes its log line.
export function divertLogLines(sink: (line: string) => void): void {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    if (typeof chunk === 'string' && chunk.startsWith('{"level":')) {
      sink(chunk);
      return true;
    }
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
}
