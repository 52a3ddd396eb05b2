// GET /local/event-bus: what the local runtime's publish-events put on its in-process bus, newest
// first, as EventBridge would hand it to a rule's target. There is no EventBridge locally; this is
// where a developer sees the events a deployment's rules would get.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { LOCAL_BUS_CAPACITY, latestLocalEvents } from '../../shared/events/local-event-bus.js';
import { errorResponse } from '../../shared/http/error-response.js';
import { ValidationError } from '../../shared/vocabulary/errors.js';
import { send } from './gateway-answers.js';

export const LOCAL_EVENT_BUS_PATH = '/local/event-bus';
const DEFAULT_LIMIT = 100;

export function answerLocalEventBus(url: URL, response: ServerResponse): void {
  const raw = url.searchParams.get('limit');
  const limit = raw === null ? DEFAULT_LIMIT : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > LOCAL_BUS_CAPACITY) {
    const answer = errorResponse(
      new ValidationError(`limit must be a whole number from 1 to ${LOCAL_BUS_CAPACITY}.`, [
        { field: 'query.limit', message: `from 1 to ${LOCAL_BUS_CAPACITY}` },
      ]),
      randomUUID(),
    );
    send(response, answer.statusCode, answer.body ?? '', answer.headers);
    return;
  }
  send(response, 200, JSON.stringify({ data: latestLocalEvents(limit) }));
}
