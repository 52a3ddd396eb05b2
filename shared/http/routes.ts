// The route table: the one source of truth for the CDK stack, the local runtime, the OpenAPI
// document and the route-level tests. Adding an endpoint is a handler file and one row here.
import * as z from 'zod';
import { emptyParams, orgParams, page, pageQuery, workspaceParams } from '../schemas/common.js';
import { createOrgBody, me, organization, role, updateOrgBody } from '../schemas/organizations.js';
import { createWorkspaceBody, updateWorkspaceBody, workspace } from '../schemas/workspaces.js';
import { defineRoute, type RouteDefinition } from './route.js';

const V1 = '/api/v1';

export const routes = {
  health: defineRoute({
    name: 'health', method: 'GET', path: `${V1}/health`, summary: 'Liveness check', tag: 'Service',
    auth: 'public', tableAccess: 'none', params: emptyParams, successStatus: 200,
    response: z.object({ status: z.literal('ok') }), dynamoRoundTrips: { count: 0 },
  }),
  getOpenapi: defineRoute({
    name: 'get-openapi', method: 'GET', path: '/openapi.json', summary: 'This API as an OpenAPI 3.1 document', tag: 'Service',
    auth: 'public', tableAccess: 'none', params: emptyParams, successStatus: 200, dynamoRoundTrips: { count: 0 },
  }),
  getDocs: defineRoute({
    name: 'get-docs', method: 'GET', path: '/docs', summary: 'Interactive API documentation (Swagger UI)', tag: 'Service',
    auth: 'public', tableAccess: 'none', params: emptyParams, successStatus: 200, dynamoRoundTrips: { count: 0 },
  }),
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
    auth: 'user', tableAccess: 'read', permission: 'org:read', params: orgParams, response: organization, successStatus: 200,
    dynamoRoundTrips: { count: 1 },
  }),
  updateOrg: defineRoute({
    name: 'update-org', method: 'PATCH', path: `${V1}/orgs/{orgId}`, summary: 'Rename an organization (admins)', tag: 'Organizations',
    auth: 'user', tableAccess: 'write', permission: 'org:update', params: orgParams, body: updateOrgBody, response: organization,
    successStatus: 200, errors: [403],
    dynamoRoundTrips: { count: 2, reason: 'reads the org to answer with it, then one transaction that re-checks the admin role atomically' },
  }),
  listRoles: defineRoute({
    name: 'list-roles', method: 'GET', path: `${V1}/orgs/{orgId}/roles`, summary: "The organization's roles and their permissions", tag: 'Organizations',
    auth: 'user', tableAccess: 'read', permission: 'role:read', params: orgParams, query: pageQuery, response: page(role), successStatus: 200,
    dynamoRoundTrips: { count: 1 },
  }),
  createWorkspace: defineRoute({
    name: 'create-workspace', method: 'POST', path: `${V1}/orgs/{orgId}/workspaces`, summary: 'Create a workspace', tag: 'Workspaces',
    auth: 'user', tableAccess: 'write', permission: 'workspace:create', params: orgParams, body: createWorkspaceBody, response: workspace,
    successStatus: 201, errors: [403, 409], dynamoRoundTrips: { count: 1 },
  }),
  listWorkspaces: defineRoute({
    name: 'list-workspaces', method: 'GET', path: `${V1}/orgs/{orgId}/workspaces`, summary: 'Workspaces the caller can see', tag: 'Workspaces',
    auth: 'user', tableAccess: 'read', permission: 'workspace:read', params: orgParams, query: pageQuery, response: page(workspace),
    successStatus: 200, dynamoRoundTrips: { count: 2, reason: "the caller's membership and the page of workspaces, sent in parallel (one round trip of latency): no single key range holds both" },
  }),
  getWorkspace: defineRoute({
    name: 'get-workspace', method: 'GET', path: `${V1}/orgs/{orgId}/workspaces/{workspaceId}`, summary: 'One workspace', tag: 'Workspaces',
    auth: 'user', tableAccess: 'read', permission: 'workspace:read', params: workspaceParams, response: workspace, successStatus: 200,
    dynamoRoundTrips: { count: 1 },
  }),
  updateWorkspace: defineRoute({
    name: 'update-workspace', method: 'PATCH', path: `${V1}/orgs/{orgId}/workspaces/{workspaceId}`, summary: 'Rename, re-icon or (de)activate a workspace', tag: 'Workspaces',
    auth: 'user', tableAccess: 'write', permission: 'workspace:update', params: workspaceParams, body: updateWorkspaceBody, response: workspace,
    successStatus: 200, errors: [403, 409],
    dynamoRoundTrips: { count: 2, reason: 'reads the current workspace to swap its name guard, then one transaction conditioned on what it read' },
  }),
  deleteWorkspace: defineRoute({
    name: 'delete-workspace', method: 'DELETE', path: `${V1}/orgs/{orgId}/workspaces/{workspaceId}`, summary: 'Delete a workspace (not the last one)', tag: 'Workspaces',
    auth: 'user', tableAccess: 'write', permission: 'workspace:delete', params: workspaceParams, successStatus: 204, errors: [403, 409],
    dynamoRoundTrips: { count: 2, reason: 'reads the workspace to learn which name guard to release, then one transaction conditioned on what it read' },
  }),
};

export type RouteName = keyof typeof routes;
export const routeList: readonly RouteDefinition[] = Object.values(routes);
