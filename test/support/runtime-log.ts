// Everything the local runtime writes to stdout and stderr during the run (its handlers' logs, the
// stream consumers', the schedules'), copied into a file, so a test can check what was logged: no
// secret a test used may appear in it. It runs in the global setup's process, where the runtime runs.
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tapRuntimeLog(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'orgspace-runtime-log-')), 'runtime.log');
  appendFileSync(file, '');
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      appendFileSync(file, typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array));
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
  return file;
}
