// The bus the event publisher puts on, created once per process: the stack's EventBridge bus, or
// under the local runtime (EVENT_BUS_LOCAL=true) its in-process one. Apart from shared/clients.ts,
// so that only the functions that publish carry the EventBridge SDK in their bundles.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { eventBusConfig } from '../config.js';
import { type EventBus, eventBridgeBus } from './event-bus.js';
import { localEventBus } from './local-event-bus.js';

const { name, local, region } = eventBusConfig();

export const eventBus: EventBus = local
  ? localEventBus(region)
  : // Throttling and 5xx of a whole request are retried here; entries EventBridge fails one by one, by the publisher.
    eventBridgeBus(new EventBridgeClient({ region, maxAttempts: 3 }), name);
