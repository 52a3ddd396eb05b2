// The users, org, workspaces and invitations every phase sends its sample requests against, made
// through the API as a client would make them.
import { type RouteName, routes } from '../features/routes.js';
import { useApi } from '../test/support/api.js';
import { useSes } from '../test/support/mail.js';
import { createFixture as createRouteFixture, type Fixture, routeEvent, sampleRequests } from '../test/support/route-samples.js';
import type { Environment } from './environment-process.js';
import { log } from './log.js';

export type { Fixture };

export async function createFixture(environment: Pick<Environment, 'apiUrl' | 'sesEndpoint'>): Promise<Fixture> {
  // The test helpers look for vitest's environment unless told where the bench's is.
  useApi(environment.apiUrl);
  useSes(environment.sesEndpoint);
  log('Creating the fixture (users, an org, workspaces, invitations with their emails)...');
  return createRouteFixture();
}

/** The route's sample request as API Gateway would hand it over; built anew each time, as some samples make fresh addresses. */
export const eventOf = (fixture: Fixture, name: RouteName) => routeEvent(routes[name], sampleRequests[name](fixture), fixture.admin);
