// `npm run bench:person`: only the person-scale check of `npm run bench` (person-scale.ts), for
// iterating on /me and /orgs without the bundles and cold starts. Prints its table.
import { divertLogLines } from '../infra/local/log-lines.js';
import { startEnvironment } from './environment-process.js';
import { log } from './log.js';

const environment = await startEnvironment();
Object.assign(process.env, environment.env);
// stdout holds the table: the request lines of the handlers run here are written, and dropped.
divertLogLines(() => undefined);
try {
  // Imported only now: they import shared modules, which read the environment just set.
  const { useApi } = await import('../test/support/api.js');
  const { checkPersonScale, personScaleTable } = await import('./person-scale.js');
  useApi(environment.apiUrl);
  const cases = await checkPersonScale();
  log('');
  console.log(personScaleTable(cases));
} finally {
  await environment.stop();
}
