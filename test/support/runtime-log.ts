// Everything the local runtime writes during the run (its handlers' JSON log lines, the stream
// consumers' and schedules', anything on stderr), in one file, so a test can check what was
// logged: no secret a test used may appear in it. It runs in the global setup's process, where the
// runtime runs. Written synchronously, so a test reads what was logged before its own next step.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { divertLogLines } from '../../infra/local/log-lines.js';

export function tapRuntimeLog(): string {
  const file = join(dirname(fileURLToPath(import.meta.url)), '../../.data/test-runtime.log');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, '');
  // Anything else goes to the file and stays on the terminal too...
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      appendFileSync(file, typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array));
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
  // ...but the JSON log lines (one per request) go to the file only: there are thousands.
  divertLogLines((line) => appendFileSync(file, line));
  return file;
}
