// Functions run without `--enable-source-maps`: with it, Node reads, parses and indexes the
// bundle's source map at every cold start (about 7 ms of a route's 50 on the bench's machine), for
// the few processes that ever log an error. Here the map is read when the first stack is logged,
// and each frame in the bundle is given its source file and line (`shared/http/pipeline.ts:92:11`).
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const maps = new Map<string, SourceMap | undefined>();

function sourceMapOf(file: string): SourceMap | undefined {
  if (!maps.has(file)) {
    let map: SourceMap | undefined;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      // No map beside it (a test run from source, a bundle built without one): its frames stay as they are.
    }
    maps.set(file, map);
  }
  return maps.get(file);
}

// `file:///var/task/index.mjs:1:2345` or `/var/task/index.mjs:1:2345`, inside a frame.
const BUNDLE_FRAME = /(file:\/\/\/[^\s():]+\.m?js|\/[^\s():]+\.m?js):(\d+):(\d+)/g;

// esbuild writes sources relative to where it built (`../../../home/ci/orgspace/shared/…`): the
// path in the repository, or in node_modules, is what a reader searches for.
const REPOSITORY_PATH = /(?:^|\/)((?:shared|features|functions|infra|bench|test|node_modules)\/.*)$/;
const repositoryPath = (source: string) => REPOSITORY_PATH.exec(source)?.[1] ?? source;

export function sourceMappedStack(stack: string): string {
  if (process.sourceMapsEnabled) return stack;
  return stack.replace(BUNDLE_FRAME, (frame, location: string, line: string, column: string) => {
    const map = sourceMapOf(location.startsWith('file://') ? fileURLToPath(location) : location);
    const entry = map?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry) || !entry.originalSource) return frame;
    return `${repositoryPath(entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}
