// The docs routes as Lambda runs them: bundled exactly as `cdk deploy` bundles them
// (infra/bundling.ts), then called in a fresh process from a folder with no node_modules, as in
// /var/task. The asset route must answer from the copies esbuild embedded, byte for byte; and no
// other route's bundle may carry them.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../infra/bundling.js';
import { DOCS_ASSET_FILES, DOCS_ASSET_TYPES } from '../../shared/http/docs-asset-files.js';

const run = promisify(execFile);
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const swaggerUiDist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
/** Our code (middy, zod, the pipeline) on top of the files themselves. */
const CODE_KB_BUDGET = 100;

let outDir: string;
const bundleOf = async (name: string) => {
  const dir = join(outDir, name);
  await build(esbuildOptions(join(REPO_ROOT, `functions/${name}.ts`), dir));
  return join(dir, 'index.mjs');
};

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'orgspace-docs-bundle-'));
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('the docs asset route, bundled for Lambda', () => {
  it('serves each allowed file from its bundle, byte for byte, with its media type', async () => {
    const bundle = await bundleOf('get-docs-asset');
    const files = await Promise.all(DOCS_ASSET_FILES.map((file) => readFile(join(swaggerUiDist, file), 'utf8')));
    const filesKb = files.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1024;
    expect((await stat(bundle)).size / 1024 - filesKb).toBeLessThanOrEqual(CODE_KB_BUDGET);

    const script = `
      const { handler } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
      const answers = {};
      for (const file of ${JSON.stringify(DOCS_ASSET_FILES)}) {
        const event = { version: '2.0', rawPath: '/docs/assets/' + file, headers: {}, pathParameters: { file }, requestContext: { requestId: 'bundle-test' } };
        const { statusCode, headers, body } = await handler(event, { awsRequestId: 'bundle-test' });
        answers[file] = { statusCode, type: headers['content-type'], body };
      }
      process.stdout.write('\\n' + JSON.stringify(answers));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dirname(bundle),
      env: { PATH: process.env.PATH ?? '' },
      maxBuffer: 64 * 1024 * 1024,
    });
    // The last line: the handler logs its request lines before it.
    const answers = JSON.parse(stdout.slice(stdout.lastIndexOf('\n') + 1)) as Record<
      string,
      { statusCode: number; type: string; body: string }
    >;
    DOCS_ASSET_FILES.forEach((file, index) => {
      expect(answers[file]!.statusCode, file).toBe(200);
      expect(answers[file]!.type, file).toBe(DOCS_ASSET_TYPES[file]);
      expect(answers[file]!.body === files[index], `${file}: the bundle's copy is the installed file`).toBe(true);
    });
  }, 60_000);

  it("leaves the docs page's and the document's bundles small", async () => {
    // Far under Swagger UI's 1.9 MB, which only the asset route carries. The document's bundle holds
    // every route's row and schemas, so it grows by about a kilobyte with each new route.
    for (const name of ['get-docs', 'get-openapi']) {
      const kb = (await stat(await bundleOf(name))).size / 1024;
      expect(kb, name).toBeLessThan(250);
    }
  }, 60_000);
});
