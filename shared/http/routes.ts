// The route table: the one source of truth for the CDK stack, the local runtime, the OpenAPI
// document and the route-level tests. Adding an endpoint is a handler file and one row in its
// area's module under routes/; the rows live there so that a handler's bundle carries (and builds
// at cold start) only its own area's rows and schemas, not all of them.
import type { RouteDefinition } from './route.js';
import { routes as invitations } from './routes/invitations.js';
import { routes as members } from './routes/members.js';
import { routes as organizations } from './routes/organizations.js';
import { routes as service } from './routes/service.js';
import { routes as workspaces } from './routes/workspaces.js';

export const routes = { ...service, ...organizations, ...workspaces, ...members, ...invitations };

export type RouteName = keyof typeof routes;
export const routeList: readonly RouteDefinition[] = Object.values(routes);
