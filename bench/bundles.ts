// Every route bundled exactly as `cdk deploy` bundles it (both read infra/bundling.ts), beside the
// floor they are measured against: a handler with only the document client and one GetItem.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type RouteName, routes } from '../features/routes.js';
import { esbuildOptions } from '../infra/bundling.js';
import { handlerFile } from '../shared/http/route.js';
import { log } from './log.js';
import { BENCH_DIR, REPO_ROOT } from './paths.js';

export interface Bundle {
  file: string;
  /**
   * The code: the bundle less the files it carries as text (`with { type: 'text' }`, Swagger UI's
   * for /docs/assets), which are served on request, never run at init. The budget holds code.
   */
  kb: number;
  /** Those files' share of the bundle. */
  textKb: number;
}

export interface Bundles {
  baseline: Bundle;
  routes: Map<RouteName, Bundle>;
  /** Not a route, but every request whose token API Gateway has not cached yet waits for it. */
  authorizer: Bundle;
}

export async function bundleEverything(outDir: string): Promise<Bundles> {
  log('Bundling every route and the baseline with the CDK options...');
  async function bundle(name: string, entry: string): Promise<Bundle> {
    const dir = join(outDir, name);
    const { metafile } = await build(esbuildOptions(entry, dir));
    const output = Object.values(metafile?.outputs ?? {}).find((out) => out.entryPoint !== undefined);
    const textBytes = Object.entries(output?.inputs ?? {})
      .filter(([path]) => metafile?.inputs[path]?.with?.type === 'text')
      .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
    const totalKb = (await stat(join(dir, 'index.mjs'))).size / 1024;
    return { file: join(dir, 'index.mjs'), kb: totalKb - textBytes / 1024, textKb: textBytes / 1024 };
  }
  const baseline = await bundle('baseline', join(BENCH_DIR, 'baseline-handler.ts'));
  const routeBundles = new Map<RouteName, Bundle>();
  for (const name of Object.keys(routes) as RouteName[])
    routeBundles.set(name, await bundle(routes[name].name, join(REPO_ROOT, handlerFile(routes[name]))));
  const authorizer = await bundle('authorizer', join(REPO_ROOT, 'functions/authorizer.ts'));
  return { baseline, routes: routeBundles, authorizer };
}
