// Functions run without --enable-source-maps (its cold-start cost is every process's, an error is
// rare), so the logged stack of an error is mapped to our sources when it is logged, from the map
// the bundle ships with: what an operator reads names the file and line to open.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../bench/paths.js';
import { esbuildOptions } from '../../infra/bundling.js';

const run = promisify(execFile);
let outDir: string;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'orgspace-stack-'));
  await build(esbuildOptions(join(REPO_ROOT, 'test/support/failing-entry.ts'), join(outDir, 'mapped')));
  await build({ ...esbuildOptions(join(REPO_ROOT, 'test/support/failing-entry.ts'), join(outDir, 'unmapped')), sourcemap: false });
});

afterAll(() => rm(outDir, { recursive: true, force: true }));

async function loggedStack(bundle: string, nodeOptions = ''): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '-e', `console.log(JSON.stringify((await import(${JSON.stringify(pathToFileURL(bundle).href)})).handler()))`],
    { env: { ...process.env, NODE_OPTIONS: nodeOptions } },
  );
  return JSON.parse(stdout).stack;
}

describe('a logged stack', () => {
  it('names the source file and line of each of our frames, from the bundle’s map', async () => {
    const stack = await loggedStack(join(outDir, 'mapped/index.mjs'));
    expect(stack).toContain('Error: the step failed');
    expect(stack).toContain('(test/support/failing-entry.ts:6:9)');
    expect(stack).not.toContain('index.mjs');
  });

  it('is left as it is without a map, and when Node maps it itself', async () => {
    expect(await loggedStack(join(outDir, 'unmapped/index.mjs'))).toContain('index.mjs:');
    expect(await loggedStack(join(outDir, 'mapped/index.mjs'), '--enable-source-maps')).toMatch(/failing-entry\.ts:6:\d+/);
  });
});
