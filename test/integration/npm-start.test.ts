// `npm start` as a newcomer runs it: it comes up, prints what to do next, keeps data across a
// restart, stops every child on Ctrl-C, and says plainly what is missing when Java is not there.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { freePort } from '../../infra/local/environment.js';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const dataDir = mkdtempSync(join(tmpdir(), 'orgspace-start-'));
const children: ChildProcess[] = [];
// A failed assertion must not leave a server (and its DynamoDB Local) running behind the suite.
afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) continue;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group has gone by itself meanwhile
    }
  }
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>, command: [string, ...string[]] = [TSX, 'infra/local/start.ts']): Started {
  // Its own process group, so that a kill reaches the DynamoDB Local it started too.
  // Without the SDK's warning switch that this test process inherited: `npm start` must set it itself.
  // And without the test workers' LOG_LEVEL (worker-env.ts): a person's shell has none.
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _inherited, LOG_LEVEL: _quiet, ...inherited } = process.env;
  const child = spawn(command[0], command.slice(1), {
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(started: Started, text: string, ms = 45_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!started.output().includes(text)) {
    if (started.child.exitCode !== null || Date.now() > deadline) throw new Error(`never printed "${text}":\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function groupAlive(groupId: number): boolean {
  try {
    process.kill(-groupId, 0);
    return true;
  } catch {
    return false;
  }
}

async function isListening(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}`).then(
    () => true,
    () => false,
  );
}

describe('npm start', () => {
  it('serves the API, keeps data across a restart and stops cleanly on Ctrl-C', async () => {
    const ports = { PORT: String(await freePort()), DDB_PORT: String(await freePort()), SES_PORT: String(await freePort()) };
    const env = { ...ports, DATA_DIR: dataDir };
    const api = `http://localhost:${ports.PORT}`;

    const first = start(env);
    await waitFor(first, 'Press Ctrl-C to stop.');
    expect(first.output()).toContain(`${api}/docs`);
    expect(first.output()).toContain(`${api}/local/event-bus`);
    expect(first.output()).toContain('curl');
    expect(first.output()).not.toContain('NodeVersionSupportWarning');
    const { access_token: token } = (await (
      await fetch(`${api}/dev/token`, { method: 'POST', body: JSON.stringify({ email: 'keep@example.com' }) })
    ).json()) as { access_token: string };
    const org = (await (
      await fetch(`${api}/api/v1/orgs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Kept' }),
      })
    ).json()) as { id: string; name: string };
    expect(org.name).toBe('Kept');
    // One readable line per request, with what it cost in DynamoDB.
    await expect.poll(() => first.output()).toMatch(/^POST \/api\/v1\/orgs 201 [\d.]+ ms · \d+ DynamoDB requests? \([\d.]+ units\)/m);
    expect(first.output()).toMatch(/^ {2}authorizer: authenticated \d+ ms/m);

    // `npm run token` finds this instance on its port with no PORT exported: npm start left its address in DATA_DIR.
    const { PORT: _unset, ...withoutPort } = process.env;
    const { stdout } = await promisify(execFile)('npm', ['run', '-s', 'token', '--', 'keep@example.com'], {
      env: { ...withoutPort, DATA_DIR: dataDir },
    });
    const me = await fetch(`${api}/api/v1/me`, { headers: { authorization: `Bearer ${stdout.trim()}` } });
    expect(me.status).toBe(200);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    for (const port of Object.values(ports)) expect(await isListening(Number(port)), `port ${port} still served`).toBe(false);

    const second = start(env);
    await waitFor(second, 'Press Ctrl-C to stop.');
    // The same token still works (the signing key is kept) and the org is still there.
    const again = await fetch(`${api}/api/v1/orgs/${org.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(again.status).toBe(200);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  }, 120_000);

  it('stops quietly and completely on Ctrl-C in a terminal, which signals the whole process group', async () => {
    const ports = { PORT: String(await freePort()), DDB_PORT: String(await freePort()), SES_PORT: String(await freePort()) };
    const ctrlCDataDir = mkdtempSync(join(tmpdir(), 'orgspace-ctrl-c-'));
    onTestFinished(() => rmSync(ctrlCDataDir, { recursive: true, force: true }));
    const started = start({ ...ports, DATA_DIR: ctrlCDataDir }, ['npm', 'start']);
    await waitFor(started, 'Press Ctrl-C to stop.');
    // Let the stream poller and the schedules run a few rounds, as they would in a session.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    // A terminal sends SIGINT to every process of the foreground group: npm, sh, tsx, node and Java at once.
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      started.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    process.kill(-started.child.pid!, 'SIGINT');

    // npm passes the interrupt on as its own way out, as it does for any script a terminal stops.
    expect([
      { code: 0, signal: null },
      { code: null, signal: 'SIGINT' },
    ]).toContainEqual(await ended);
    const afterStop = started.output().slice(started.output().indexOf('SIGINT: stopping'));
    expect(afterStop, 'no stack traces on the way out').not.toMatch(/^\s+at /m);
    expect(afterStop).not.toMatch(/ECONNREFUSED|Error/);
    for (const port of Object.values(ports)) expect(await isListening(Number(port)), `port ${port} still served`).toBe(false);
    // Nothing of the group is left, DynamoDB Local's JVM included.
    await expect.poll(() => groupAlive(started.child.pid!), { timeout: 5_000 }).toBe(false);
  }, 120_000);

  it('says in one line what to install when Java is missing', async () => {
    // A PATH with node on it and nothing else, so java cannot be found.
    const bin = mkdtempSync(join(tmpdir(), 'orgspace-nojava-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const started = start({
      PATH: bin,
      PORT: String(await freePort()),
      DDB_PORT: String(await freePort()),
      SES_PORT: String(await freePort()),
    });
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(/DynamoDB Local needs Java 17 or newer: install it/);
    rmSync(bin, { recursive: true, force: true });
  }, 30_000);

  it('names the variable to change when a port is taken', async () => {
    const taken = await freePort();
    const blocker = (await import('node:net')).createServer().listen(taken, '127.0.0.1');
    try {
      const started = start({ PORT: String(taken), DDB_PORT: String(await freePort()), SES_PORT: String(await freePort()) });
      expect(await started.exited).toBe(1);
      expect(started.output()).toContain(`Port ${taken} is already in use: set PORT to a free port.`);
    } finally {
      blocker.close();
    }
  }, 30_000);
});
