import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_DIR } from './paths.js';

/** Runs bench/local-environment.ts in its own process and waits for the environment it prints. */
export async function startEnvironment() {
  const child: ChildProcess = spawn(process.execPath, [...process.execArgv, join(BENCH_DIR, 'local-environment.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const ready = await new Promise<{ apiUrl: string; sesEndpoint: string; env: Record<string, string> }>((resolveReady, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line && output.includes('\n')) resolveReady(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`The local environment exited (code ${code}) before it was ready`)));
  });
  return {
    ...ready,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.stdin!.end();
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  };
}

export type Environment = Awaited<ReturnType<typeof startEnvironment>>;
