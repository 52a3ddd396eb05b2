// Rows of the route table (../routes.ts): an organization's workspaces.
// A handler imports its own area's rows, so its bundle builds no other area's schemas.
import { defineRoute, V1 } from '../../shared/http/route.js';
import { orgParams, page, workspaceParams } from '../../shared/http/schemas.js';
import { commonErrors } from '../../shared/vocabulary/errors.js';
import { workspaceErrors } from './errors.js';
import { createWorkspaceBody, listedWorkspace, listWorkspacesQuery, updateWorkspaceBody, workspace } from './schemas.js';

export const routes = {
  createWorkspace: defineRoute({
    name: 'create-workspace',
    method: 'POST',
    path: `${V1}/orgs/{orgId}/workspaces`,
    summary: 'Create a workspace',
    tag: 'Workspaces',
    auth: 'user',
    tableAccess: 'write',
    permission: 'workspace:create',
    params: orgParams,
    body: createWorkspaceBody,
    response: workspace,
    errorCodes: [commonErrors.forbidden, workspaceErrors.nameTaken, workspaceErrors.limitReached],
    records: ['workspace.created', 'workspace_member.added'],
    successStatus: 201,
    errors: [403, 409],
    dynamoRoundTrips: { count: 1 },
  }),
  listWorkspaces: defineRoute({
    name: 'list-workspaces',
    method: 'GET',
    path: `${V1}/orgs/{orgId}/workspaces`,
    summary: 'Workspaces the caller can see',
    tag: 'Workspaces',
    auth: 'user',
    tableAccess: 'read',
    permission: 'workspace:read',
    params: orgParams,
    description:
      'Org admins see every workspace, everyone else the workspaces they have a role in. With `?access=all`, any member sees every active workspace of the org, except those their admins made `discoverable: false`, each with `access` and the caller\'s `role` there (null with `access: "none"`).',
    query: listWorkspacesQuery,
    response: page(listedWorkspace),
    successStatus: 200,
    dynamoRoundTrips: {
      count: 2,
      sequential: 1,
      reason:
        "the caller's membership and the page of workspaces, sent in parallel (one round trip of latency): no single key range holds both",
    },
  }),
  getWorkspace: defineRoute({
    name: 'get-workspace',
    method: 'GET',
    path: `${V1}/orgs/{orgId}/workspaces/{workspaceId}`,
    summary: 'One workspace',
    tag: 'Workspaces',
    auth: 'user',
    apiKeys: true,
    tableAccess: 'read',
    permission: 'workspace:read',
    params: workspaceParams,
    response: workspace,
    successStatus: 200,
    etag: true,
    dynamoRoundTrips: { count: 1 },
  }),
  updateWorkspace: defineRoute({
    name: 'update-workspace',
    method: 'PATCH',
    path: `${V1}/orgs/{orgId}/workspaces/{workspaceId}`,
    summary: 'Rename, re-icon, (de)activate or hide a workspace',
    tag: 'Workspaces',
    auth: 'user',
    tableAccess: 'write',
    permission: 'workspace:update',
    params: workspaceParams,
    body: updateWorkspaceBody,
    response: workspace,
    errorCodes: [commonErrors.forbidden, workspaceErrors.nameTaken, commonErrors.concurrentModification],
    records: ['workspace.updated'],
    successStatus: 200,
    etag: true,
    errors: [403, 409, 412],
    dynamoRoundTrips: {
      count: 2,
      reason: 'reads the current workspace to swap its name guard, then one transaction conditioned on what it read',
    },
  }),
  deleteWorkspace: defineRoute({
    name: 'delete-workspace',
    method: 'DELETE',
    path: `${V1}/orgs/{orgId}/workspaces/{workspaceId}`,
    summary: 'Delete a workspace (not the last one)',
    tag: 'Workspaces',
    auth: 'user',
    tableAccess: 'write',
    permission: 'workspace:delete',
    params: workspaceParams,
    errorCodes: [commonErrors.forbidden, workspaceErrors.lastWorkspace, commonErrors.concurrentModification],
    records: ['workspace.deleted'],
    successStatus: 204,
    etag: true,
    errors: [403, 409, 412],
    dynamoRoundTrips: {
      count: 2,
      reason:
        "reads the workspace to learn which name guard to release, then one transaction conditioned on what it read, which also queues the cleanup of its members' grants",
    },
  }),
};
