// Every route's sample request once, with what the request log on the DynamoDB client saw. The
// write routes' samples consume the fixture, so this phase runs after every phase that reads it.

import { type RouteName, routes } from '../features/routes.js';
import { dynamoRequestLog } from '../shared/clients.js';
import { invokeRoute } from '../test/support/route-samples.js';
import { eventOf, type Fixture } from './fixture.js';
import { log } from './log.js';
import { type RequestUnits, requestUnitsOf } from './request-units.js';

export interface RouteRoundTrips {
  status: number;
  requests: number;
  /** Requests sent while another was in flight share one. */
  roundTrips: number;
  capacity: number;
  /** The capacity split as on-demand bills it (bench/request-units.ts). */
  units: RequestUnits;
  commands: string[];
}

export type RoundTrips = Map<RouteName, RouteRoundTrips>;

export async function countRoundTrips(fixture: Fixture): Promise<RoundTrips> {
  log('DynamoDB requests and consumed capacity per route...');
  const trips: RoundTrips = new Map();
  for (const name of Object.keys(routes) as RouteName[]) {
    dynamoRequestLog.length = 0;
    const response = await invokeRoute(routes[name], eventOf(fixture, name));
    trips.set(name, {
      status: response.statusCode ?? 0,
      requests: dynamoRequestLog.length,
      roundTrips: new Set(dynamoRequestLog.map((r) => r.roundTrip)).size,
      capacity: dynamoRequestLog.reduce((sum, r) => sum + (r.consumedCapacity ?? 0), 0),
      units: requestUnitsOf(dynamoRequestLog),
      commands: dynamoRequestLog.map((r) => r.command),
    });
  }
  return trips;
}
