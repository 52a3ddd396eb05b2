// `cdk synth -q` as a deployer runs it, with real esbuild bundles of every function: it must print
// nothing but errors (and warnings, of which this deployment has none). It used to print CDK's
// progress line and an esbuild file summary per function.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { routeList } from '../../features/routes.js';
import { BUNDLING_PROGRESS, esbuildOptions, FUNCTION_BUNDLING, hideBundlingProgress } from '../../infra/bundling.js';
import { REPO_ROOT } from '../../infra/orgspace-stack.js';
import { schedules, streamConsumers } from '../../shared/events/background-functions.js';

const run = promisify(execFile);

/**
 * The CLI's own warning about the feature flags cdk.json leaves at their defaults. It is about the
 * CLI's configuration, not this synth, and adopting the recommended flags would change the template.
 */
const FEATURE_FLAGS_ADVICE = /^\d+ feature flags are not configured\. Run 'cdk flags --unstable=flags' to learn more\.$/;

describe('cdk synth -q', () => {
  it('bundles every function and prints nothing but errors', { timeout: 600_000 }, async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'orgspace-synth-'));
    try {
      // Without vitest's NODE_ENV=test, as in a shell (CDK reports validation differently in tests).
      // The version check and notices are the CLI talking about itself, over the network.
      const { NODE_ENV: _testMode, ...environment } = process.env;
      const { stdout, stderr } = await run(
        join(REPO_ROOT, 'node_modules/.bin/cdk'),
        // With a sender: without one, the stack's warning that emails cannot be sent is printed, as it should be.
        ['synth', '-q', '--no-notices', '-o', outdir, '-c', 'sesFromAddress=noreply@example.org'],
        { cwd: REPO_ROOT, env: { ...environment, CDK_DISABLE_VERSION_CHECK: 'true' }, maxBuffer: 16 * 1024 * 1024 },
      );
      const printed = `${stdout}\n${stderr}`.split('\n').filter((line) => line.trim() !== '' && !FEATURE_FLAGS_ADVICE.test(line));
      expect(printed).toEqual([]);

      // Quiet because bundling ran quietly, not because it did not run: each function's code is an
      // esbuild bundle (the routes', the authorizer's and the background functions'), in the stack
      // or in the nested stack of the route's feature.
      const templates = readdirSync(outdir).filter((file) => file.endsWith('.template.json'));
      const bundled = templates.flatMap((file) => {
        const template = JSON.parse(readFileSync(join(outdir, file), 'utf8')) as {
          Resources: Record<string, { Type: string; Metadata?: Record<string, unknown> }>;
        };
        return Object.values(template.Resources).filter(
          ({ Type, Metadata }) =>
            Type === 'AWS::Lambda::Function' &&
            Metadata?.['aws:asset:is-bundled'] === true &&
            existsSync(join(outdir, String(Metadata['aws:asset:path']), 'index.mjs')),
        );
      });
      expect(bundled).toHaveLength(routeList.length + 1 + streamConsumers.length + schedules.length);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('bundling output', () => {
  it('has esbuild log warnings and errors only, in CDK and in the bench alike', () => {
    expect(FUNCTION_BUNDLING.logLevel).toBe('warning');
    expect(esbuildOptions('entry.ts', 'out').logLevel).toBe(FUNCTION_BUNDLING.logLevel);
  });

  it("drops CDK's bundling progress line and lets everything else through", async () => {
    const written: unknown[] = [];
    const stream = { write: (chunk: unknown) => written.push(chunk) > 0 } as unknown as NodeJS.WriteStream;
    hideBundlingProgress(stream);

    const progress = 'Bundling asset Orgspace/CreateWorkspace/Code/Stage...\n';
    expect(BUNDLING_PROGRESS.test(progress)).toBe(true);
    let called = false;
    expect(stream.write(progress, () => (called = true))).toBe(true);

    const kept = [
      'esbuild cannot run locally. Switching to Docker bundling.\n',
      '▲ [WARNING] Duplicate key "id" in object literal [duplicate-object-key]\n',
      `${progress}and more in the same write\n`,
      Buffer.from(progress),
    ];
    for (const chunk of kept) stream.write(chunk);
    expect(written).toEqual(kept);
    // A dropped write still calls back, as a real one would.
    await new Promise((resolve) => setImmediate(resolve));
    expect(called).toBe(true);
  });
});
