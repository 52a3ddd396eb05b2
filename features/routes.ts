// The route table: the one source of truth for the CDK stack, the local runtime, the OpenAPI
// document and the route-level tests. Adding an endpoint is a handler file and one row in its
// feature's routes.ts; the rows live there so that a handler's bundle carries (and builds at cold
// start) only its own feature's rows and schemas, not all of them. Only this file, the route
// table's readers and the tests import every feature's rows.
import type { RouteDefinition } from '../shared/http/route.js';
import { routes as accessRequests } from './access-requests/routes.js';
import { routes as accessTokens } from './access-tokens/routes.js';
import { routes as apiKeys } from './api-keys/routes.js';
import { routes as audit } from './audit/routes.js';
import { routes as personalCredentials } from './credentials/personal-routes.js';
import { routes as credentials } from './credentials/routes.js';
import { routes as domains } from './domains/routes.js';
import { routes as invitations } from './invitations/routes.js';
import { routes as joining } from './joining/routes.js';
import { routes as members } from './members/routes.js';
import { routes as organizations } from './organizations/routes.js';
import { routes as service } from './service/routes.js';
import { routes as users } from './users/routes.js';
import { routes as webhooks } from './webhooks/routes.js';
import { routes as workspaces } from './workspaces/routes.js';

/**
 * The rows by feature. The CDK stack deploys each feature's functions in a nested stack of its own,
 * so that the API can keep growing past CloudFormation's 500 resources per stack.
 */
export const routeGroups = {
  service,
  users,
  organizations,
  workspaces,
  members,
  invitations,
  audit,
  webhooks,
  apiKeys,
  accessTokens,
  domains,
  accessRequests,
  joining,
  credentials,
  personalCredentials,
} as const;

/** Every feature's rows in one object (a row's key is unique across features: a test checks it). */
type AllRows<Groups> = { [F in keyof Groups]: (rows: Groups[F]) => void }[keyof Groups] extends (rows: infer All) => void ? All : never;
export const routes = Object.assign({}, ...Object.values(routeGroups)) as AllRows<typeof routeGroups>;

export type RouteName = keyof typeof routes;
export const routeList: readonly RouteDefinition[] = Object.values(routes);
