// Runs the scheduled functions locally, on a short interval instead of their AWS rate, so that a
// retried email goes out within seconds on a laptop.
import { randomUUID } from 'node:crypto';
import type { Schedule } from '../../shared/events/background-functions.js';
import { lambdaContext, loadHandler } from './lambda-modules.js';

export function startSchedules(schedules: readonly Schedule[], intervalMs: number): { stop(): Promise<void> } {
  let stopped = false;
  const running = schedules.map(async (schedule) => {
    while (!stopped) {
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
      if (stopped) break;
      try {
        const handler = await loadHandler(schedule.name);
        await handler(
          { source: 'local.schedule', 'detail-type': 'Scheduled Event', time: new Date().toISOString() },
          lambdaContext(schedule.name, randomUUID(), 60_000),
        );
      } catch (error) {
        console.error(`[local schedule] ${schedule.name} failed:`, error);
      }
    }
  });
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(running);
    },
  };
}
