// How every function is bundled, in one place: the CDK function construct passes it to
// NodejsFunction, and `npm run bench` turns it into the same esbuild options CDK does, so the
// bundles the bench measures are the bundles that deploy.
import { fileURLToPath } from 'node:url';
import { type BundlingOptions, LogLevel, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

export const FUNCTION_BUNDLING = {
  format: OutputFormat.ESM,
  // The Lambda runtime's Node.js (infra/api-function.ts), so esbuild lowers nothing that it runs natively.
  target: 'node24',
  minify: true,
  sourceMap: true,
  // Maps name the file and line of each frame (shared/observability/source-mapped-stack.ts reads one
  // when a stack is logged) without a copy of every source inside them, which made them ~3 times larger.
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // Bundle the AWS SDK too: a pinned, tree-shaken copy loads faster than the runtime's.
  externalModules: [] as string[],
  // ESM bundles have no `require`; some CommonJS dependencies still call it.
  banner: "import{createRequire}from'module';const require=createRequire(import.meta.url);",
  // Warnings and errors only. CDK documents WARNING as its default but passes no --log-level
  // unless one is set, and esbuild's own default then prints a file summary for each of the
  // functions on every synth.
  logLevel: LogLevel.WARNING,
} satisfies BundlingOptions;

/** What the deployer chooses about the bundles, with context (stackPropsFromContext). */
export interface BundlingChoices {
  /** The `traceSdkCalls` context: X-Ray subsegments for every AWS SDK call. */
  traceSdkCalls: boolean;
}

/** Injected into every bundle with traceSdkCalls, and into none without it. */
export const SDK_TRACING_MODULE = fileURLToPath(new URL('../shared/observability/sdk-tracing.ts', import.meta.url));

/**
 * FUNCTION_BUNDLING as chosen. Without tracing it is FUNCTION_BUNDLING itself, so those bundles stay
 * byte for byte what they were before tracing could be chosen.
 */
export function functionBundling(choices: BundlingChoices): typeof FUNCTION_BUNDLING & Pick<BundlingOptions, 'inject'> {
  return choices.traceSdkCalls ? { ...FUNCTION_BUNDLING, inject: [SDK_TRACING_MODULE] } : FUNCTION_BUNDLING;
}

/**
 * The esbuild build options NodejsFunction derives from functionBundling (its `--bundle
 * --platform=node --target --format --minify --sourcemap --sources-content --main-fields
 * --external --banner:js --log-level --inject`), writing `index.mjs` as CDK does for ESM.
 */
export function esbuildOptions(entry: string, outdir: string, choices: BundlingChoices = { traceSdkCalls: false }): BuildOptions {
  const bundling = functionBundling(choices);
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
    inject: bundling.inject,
    metafile: true,
    logLevel: bundling.logLevel,
  };
}

/**
 * CDK's line before each bundle, `Bundling asset Orgspace/<Function>/Code/Stage...`, which it writes
 * to stderr whatever the log level or `-q`.
 */
export const BUNDLING_PROGRESS = /^Bundling asset \S+\.\.\.\n$/;

/**
 * Makes `stream` (the CDK app's stderr) drop CDK's bundling progress lines and nothing else: a quiet
 * synth printed one per function. esbuild's own warnings and errors are untouched (they go to the
 * file descriptor, not through `write`), so are CDK's other messages, such as its switch to Docker
 * when esbuild is missing, and a bundle that fails still names its asset in CDK's error.
 */
export function hideBundlingProgress(stream: NodeJS.WriteStream = process.stderr): void {
  const write = stream.write;
  stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    if (typeof chunk === 'string' && BUNDLING_PROGRESS.test(chunk)) {
      // Dropped as if written: a caller waiting for the write still hears back.
      const callback = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
      if (callback) process.nextTick(callback);
      return true;
    }
    return Reflect.apply(write, this, [chunk, ...rest]) as boolean;
  } as NodeJS.WriteStream['write'];
}
