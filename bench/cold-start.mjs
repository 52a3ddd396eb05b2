// One cold start, in a fresh Node process: imports a bundle (what Lambda's init phase does after
// the runtime itself has booted) and, given an event, sends it the first request. Prints JSON.
import { pathToFileURL } from 'node:url';

const [bundle] = process.argv.slice(2);
const event = process.env.BENCH_EVENT ? JSON.parse(process.env.BENCH_EVENT) : undefined;
const context = { awsRequestId: 'cold-start', getRemainingTimeInMillis: () => 10_000 };

const importStart = performance.now();
const cpuStart = process.cpuUsage();
const module = await import(pathToFileURL(bundle).href);
const initMs = performance.now() - importStart;
// CPU time too: on a machine shared with other work it is steadier than the wall clock.
const cpu = process.cpuUsage(cpuStart);
const initCpuMs = (cpu.user + cpu.system) / 1000;
let firstRequestMs;
let status;
if (event) {
  const requestStart = performance.now();
  const response = await module.handler(event, context);
  firstRequestMs = performance.now() - requestStart;
  status = response?.statusCode;
}
process.stdout.write(`\n${JSON.stringify({ initMs, initCpuMs, firstRequestMs, status })}\n`);
process.exit(0);
