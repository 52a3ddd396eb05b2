// Rows of the route table (../routes.ts): the caller, their organizations and the roles in them.
// A handler imports its own area's rows, so its bundle builds no other area's schemas.
import { emptyParams, orgParams, page, pageQuery } from '../../schemas/common.js';
import { createOrgBody, me, organization, role, updateOrgBody } from '../../schemas/organizations.js';
import { defineRoute, V1 } from '../route.js';

export const routes = {
  getMe: defineRoute({
    name: 'get-me', method: 'GET', path: `${V1}/me`, summary: 'The caller and the organizations they belong to', tag: 'Users',
    auth: 'user', tableAccess: 'read', params: emptyParams, response: me, successStatus: 200,
    dynamoRoundTrips: { count: 2, reason: 'profile and memberships in one index query, then the org records for their current names; names are not copied onto memberships so that a rename is atomic' },
  }),
  createOrg: defineRoute({
    name: 'create-org', method: 'POST', path: `${V1}/orgs`, summary: 'Create an organization with a first workspace', tag: 'Organizations',
    auth: 'user', tableAccess: 'write', params: emptyParams, body: createOrgBody, response: organization, successStatus: 201,
    dynamoRoundTrips: { count: 1 },
  }),
  listOrgs: defineRoute({
    name: 'list-orgs', method: 'GET', path: `${V1}/orgs`, summary: "The caller's organizations, with the caller's role", tag: 'Organizations',
    auth: 'user', tableAccess: 'read', params: emptyParams, query: pageQuery, response: page(organization), successStatus: 200,
    dynamoRoundTrips: { count: 2, reason: "a page of the caller's memberships from the user index, then those org records for their current names" },
  }),
  getOrg: defineRoute({
    name: 'get-org', method: 'GET', path: `${V1}/orgs/{orgId}`, summary: 'One organization', tag: 'Organizations',
    auth: 'user', tableAccess: 'read', permission: 'org:read', params: orgParams, response: organization, successStatus: 200, etag: true,
    dynamoRoundTrips: { count: 1 },
  }),
  updateOrg: defineRoute({
    name: 'update-org', method: 'PATCH', path: `${V1}/orgs/{orgId}`, summary: 'Rename an organization (admins)', tag: 'Organizations',
    auth: 'user', tableAccess: 'write', permission: 'org:update', params: orgParams, body: updateOrgBody, response: organization,
    successStatus: 200, etag: true, errors: [403, 412],
    dynamoRoundTrips: { count: 2, reason: 'reads the org to answer with it, then one transaction that re-checks the admin role atomically' },
  }),
  listRoles: defineRoute({
    name: 'list-roles', method: 'GET', path: `${V1}/orgs/{orgId}/roles`, summary: "The organization's roles and their permissions", tag: 'Organizations',
    auth: 'user', tableAccess: 'read', permission: 'role:read', params: orgParams, query: pageQuery, response: page(role), successStatus: 200,
    dynamoRoundTrips: { count: 1 },
  }),
};
