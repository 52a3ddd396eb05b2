// What one request asked of DynamoDB, for its log line. Kept per request in AsyncLocalStorage
// rather than in module counters: the local runtime serves many requests at once in one process.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface DynamoUsage {
  requests: number;
  capacityUnits: number;
}

const current = new AsyncLocalStorage<DynamoUsage>();

export const noDynamoUsage = (): DynamoUsage => ({ requests: 0, capacityUnits: 0 });

/** Runs `work`, counting into `usage` what it asks of DynamoDB (also when it fails). */
export const countingDynamoUsage = <T>(usage: DynamoUsage, work: () => Promise<T>): Promise<T> => current.run(usage, work);

/** Called by the DynamoDB client for each request it sends (shared/clients.ts). */
export function countDynamoRequest(capacityUnits: number | undefined): void {
  const usage = current.getStore();
  if (!usage) return;
  usage.requests++;
  usage.capacityUnits += capacityUnits ?? 0;
}
