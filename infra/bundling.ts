// How every function is bundled, in one place: the CDK function construct passes it to
// NodejsFunction, and `npm run bench` turns it into the same esbuild options CDK does, so the
// bundles the bench measures are the bundles that deploy.
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

export const FUNCTION_BUNDLING = {
  format: OutputFormat.ESM,
  // The Lambda runtime's Node.js (infra/api-function.ts), so esbuild lowers nothing that it runs natively.
  target: 'node24',
  minify: true,
  sourceMap: true,
  // Maps name the file and line of each frame without a copy of every source inside them: with
  // --enable-source-maps, Node parses the map at cold start, and the copies made it ~3 times larger
  // (a cold start measured ~15 ms faster without them).
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // Bundle the AWS SDK too: a pinned, tree-shaken copy loads faster than the runtime's.
  externalModules: [] as string[],
  // ESM bundles have no `require`; some CommonJS dependencies still call it.
  banner: "import{createRequire}from'module';const require=createRequire(import.meta.url);",
} satisfies BundlingOptions;

/**
 * The esbuild build options NodejsFunction derives from FUNCTION_BUNDLING (its `--bundle
 * --platform=node --target --format --minify --sourcemap --sources-content --main-fields
 * --external --banner:js`), writing `index.mjs` as CDK does for ESM.
 */
export function esbuildOptions(entry: string, outdir: string): BuildOptions {
  const bundling = FUNCTION_BUNDLING;
  return {
    entryPoints: [entry],
    outfile: `${outdir}/index.mjs`,
    bundle: true,
    platform: 'node',
    target: bundling.target,
    format: bundling.format === OutputFormat.ESM ? 'esm' : 'cjs',
    minify: bundling.minify,
    sourcemap: bundling.sourceMap,
    sourcesContent: bundling.sourcesContent,
    mainFields: bundling.mainFields,
    external: bundling.externalModules,
    banner: { js: bundling.banner },
    metafile: true,
    logLevel: 'warning',
  };
}
