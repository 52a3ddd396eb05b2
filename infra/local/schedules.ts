// Runs the scheduled functions locally, on a short interval instead of their AWS rate, so that a
// retried email goes out within seconds on a laptop.
import { randomUUID } from 'node:crypto';
import type { Schedule } from '../../shared/events/background-functions.js';
import { leaveBackgroundFailuresToTheRunner } from '../../shared/observability/background-function.js';
import { lambdaContext, loadHandler } from './lambda-modules.js';
import { isUnreachable, outageReporter } from './unreachable.js';

export function startSchedules(schedules: readonly Schedule[], intervalMs: number): { stop(): Promise<void> } {
  // A pass that throws is reported below (an outage of DynamoDB Local in one line), not by the handler too.
  leaveBackgroundFailuresToTheRunner();
  let stopped = false;
  // Stopping must not wait out an interval: a terminal's Ctrl-C has stopped DynamoDB Local already.
  const wakers = new Set<() => void>();
  const pause = () =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, intervalMs);
      wakers.add(wake);
    });
  const running = schedules.map(async (schedule) => {
    const outage = outageReporter(`[local schedule] ${schedule.name}: DynamoDB Local or SES is not answering`);
    while (!stopped) {
      await pause();
      if (stopped) break;
      try {
        const handler = await loadHandler(schedule.name);
        await handler(
          { source: 'local.schedule', 'detail-type': 'Scheduled Event', time: new Date().toISOString() },
          lambdaContext(schedule.name, randomUUID(), 60_000),
        );
        outage.recovered();
      } catch (error) {
        if (stopped) break;
        if (isUnreachable(error)) outage.failed(error);
        else console.error(`[local schedule] ${schedule.name} failed:`, error);
      }
    }
  });
  return {
    stop: async () => {
      stopped = true;
      for (const wake of [...wakers]) wake();
      await Promise.all(running);
    },
  };
}
