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
    dynamoRoundTrips: {
      count: 2,
      reason:
        'profile and memberships in one index query, then the org records for their current names; names are not copied onto memberships so that a rename is atomic (with an API key: one BatchGetItem of the key and its workspace)',
    },
  }),
};
