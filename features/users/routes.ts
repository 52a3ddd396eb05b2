// Rows of the route table (../routes.ts): the caller.
// A handler imports its own area's rows, so its bundle builds no other area's schemas.
import { defineRoute, V1 } from '../../shared/http/route.js';
import { emptyParams } from '../../shared/http/schemas.js';
import { me } from './schemas.js';

export const routes = {
  getMe: defineRoute({
    name: 'get-me',
    method: 'GET',
    path: `${V1}/me`,
    summary: 'The caller: a person and their organizations, or an API key and what it may do',
    description:
      'With a workspace API key, the answer describes the key (its org, workspace, role and permissions) and costs one read: how a product built on Orgspace checks a key its customer sent it.',
    tag: 'Users',
    auth: 'user',
    apiKeys: true,
    tableAccess: 'read',
    params: emptyParams,
    response: me,
    successStatus: 200,
    // The profile and the memberships, each carrying its org's name, in one index query (with an
    // API key: one BatchGetItem of the key and its workspace). A membership without its copy yet
    // adds a read of those orgs (features/organizations/org-service.ts, organizationsOf).
    dynamoRoundTrips: { count: 1 },
  }),
};
