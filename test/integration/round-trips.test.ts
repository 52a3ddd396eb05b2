// Every route makes exactly the DynamoDB requests its route-table row declares, authorization
// included, in the round trips of latency it declares, and never a Scan; each request reports the
// capacity it consumed. The handlers run in
// this process against DynamoDB Local, so the client's request log sees each request.
import { beforeAll, describe, expect, it } from 'vitest';
import { type RouteName, routes } from '../../features/routes.js';
import { dynamoRequestLog } from '../../shared/clients.js';
import type { RouteDefinition } from '../../shared/http/route.js';
import { createFixture, type Fixture, invokeRoute, keyPrincipal, routeEvent, sampleRequests } from '../support/route-samples.js';

let fixture: Fixture;
beforeAll(async () => {
  fixture = await createFixture();
});

describe('DynamoDB round trips per route', () => {
  it('has a sample request for every route in the route table', () => {
    expect(Object.keys(sampleRequests).sort()).toEqual(Object.keys(routes).sort());
  });

  for (const [name, route] of Object.entries(routes) as Array<[RouteName, RouteDefinition]>) {
    it(`${route.method} ${route.path}: ${route.dynamoRoundTrips.count} request(s)`, async () => {
      dynamoRequestLog.length = 0;
      const response = await invokeRoute(route, routeEvent(route, sampleRequests[name](fixture), fixture.admin));
      expect(response.statusCode, response.body).toBe(route.successStatus);
      const commands = dynamoRequestLog.map((request) => request.command);
      expect(commands).toHaveLength(route.dynamoRoundTrips.count);
      expect(commands).not.toContain('ScanCommand');
      if (route.dynamoRoundTrips.count > 1) expect(route.dynamoRoundTrips.reason).toBeTruthy();
      // Requests sent in parallel share a round trip of latency; the row says how many remain.
      const roundTrips = new Set(dynamoRequestLog.map((request) => request.roundTrip)).size;
      expect(roundTrips).toBe(route.dynamoRoundTrips.sequential ?? route.dynamoRoundTrips.count);
      for (const request of dynamoRequestLog) expect(request.consumedCapacity, request.command).toBeGreaterThan(0);
    });
  }

  // A key is re-checked in the read that fetches the target: no route takes a round trip more for it.
  for (const [name, route] of (Object.entries(routes) as Array<[RouteName, RouteDefinition]>).filter(([, route]) => route.apiKeys)) {
    it(`${route.method} ${route.path} with an API key: at most ${route.dynamoRoundTrips.count} request(s)`, async () => {
      dynamoRequestLog.length = 0;
      const response = await invokeRoute(route, routeEvent(route, sampleRequests[name](fixture), keyPrincipal(fixture.apiKey)));
      expect(response.statusCode, response.body).toBe(route.successStatus);
      expect(dynamoRequestLog.length).toBeGreaterThan(0);
      expect(dynamoRequestLog.length).toBeLessThanOrEqual(route.dynamoRoundTrips.count);
      const roundTrips = new Set(dynamoRequestLog.map((request) => request.roundTrip)).size;
      expect(roundTrips).toBeLessThanOrEqual(route.dynamoRoundTrips.sequential ?? route.dynamoRoundTrips.count);
    });
  }
});
