// Ends the run with a plain "N passed, N failed" line, which CI reads as the verdict. A route that
// answered an error code its row does not declare (see error-code-ledger.ts) counts as one failure.
import type { Reporter, TestModule } from 'vitest/node';
import { type ErrorCodeLedger, LEDGER_KEY } from './error-code-ledger.js';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0, pending: 0 };
    for (const module of testModules) for (const test of module.children.allTests()) counts[test.result().state] += 1;
    const problem = ((globalThis as Record<symbol, unknown>)[LEDGER_KEY] as ErrorCodeLedger | undefined)?.problem();
    if (problem) {
      console.log(`\n${problem}`);
      counts.failed += 1;
      process.exitCode = 1;
    }
    console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  }
}
