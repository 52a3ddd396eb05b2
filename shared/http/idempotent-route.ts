// The handler of a POST route: the shared pipeline, with Idempotency-Key backed by the table.
import { runIdempotently } from './idempotency.js';
import { httpRoute, type RouteInput } from './pipeline.js';
import type { RouteDefinition } from './route.js';

export const idempotentRoute = <R extends RouteDefinition & { method: 'POST' }>(
  route: R,
  run: (input: RouteInput<R>) => Promise<unknown>,
) => httpRoute(route, run, runIdempotently);
