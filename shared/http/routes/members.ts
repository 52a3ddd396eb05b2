// Rows of the route table (../routes.ts): members of organizations and of their workspaces.
// A handler imports its own area's rows, so its bundle builds no other area's schemas.
import { orgParams, page, pageQuery, workspaceParams } from '../../schemas/common.js';
import { member, memberParams, putWorkspaceMemberBody, updateMemberBody, workspaceMember, workspaceMemberParams } from '../../schemas/members.js';
import { defineRoute, V1 } from '../route.js';

export const routes = {
  listMembers: defineRoute({
    name: 'list-members', method: 'GET', path: `${V1}/orgs/{orgId}/members`, summary: "The organization's members, with their workspace grants", tag: 'Members',
    auth: 'user', tableAccess: 'read', permission: 'member:read', params: orgParams, query: pageQuery, response: page(member), successStatus: 200,
    dynamoRoundTrips: { count: 2, sequential: 1, reason: "the caller's membership and the page of members, sent in parallel (one round trip of latency): the caller need not be on the page" },
  }),
  getMember: defineRoute({
    name: 'get-member', method: 'GET', path: `${V1}/orgs/{orgId}/members/{userId}`, summary: 'One member, with their workspace grants', tag: 'Members',
    auth: 'user', tableAccess: 'read', permission: 'member:read', params: memberParams, response: member, successStatus: 200, etag: true,
    dynamoRoundTrips: { count: 1 },
  }),
  updateMember: defineRoute({
    name: 'update-member', method: 'PATCH', path: `${V1}/orgs/{orgId}/members/{userId}`, summary: "Change a member's org role (admins)", tag: 'Members',
    auth: 'user', tableAccess: 'write', permission: 'member:manage', params: memberParams, body: updateMemberBody, response: member,
    successStatus: 200, etag: true, errors: [403, 409, 412],
    dynamoRoundTrips: { count: 2, reason: "reads the caller's and the member's memberships (to answer, and to know whether the admin count changes), then one transaction conditioned on the role it read" },
  }),
  removeMember: defineRoute({
    name: 'remove-member', method: 'DELETE', path: `${V1}/orgs/{orgId}/members/{userId}`, summary: 'Remove a member, or leave (your own user id)', tag: 'Members',
    auth: 'user', tableAccess: 'write', permission: 'member:manage', params: memberParams, successStatus: 204, errors: [403, 409],
    dynamoRoundTrips: { count: 2, reason: 'reads the membership to learn its email guard and whether it holds an admin seat, then one transaction that removes it with its workspace grants' },
  }),
  listWorkspaceMembers: defineRoute({
    name: 'list-workspace-members', method: 'GET', path: `${V1}/orgs/{orgId}/workspaces/{workspaceId}/members`, summary: 'Members of a workspace, org admins included', tag: 'Members',
    auth: 'user', tableAccess: 'read', permission: 'workspace:read', params: workspaceParams, query: pageQuery, response: page(workspaceMember), successStatus: 200,
    dynamoRoundTrips: { count: 2, sequential: 1, reason: "the caller's membership with the workspace, and the page of members, sent in parallel (one round trip of latency)" },
  }),
  putWorkspaceMember: defineRoute({
    name: 'put-workspace-member', method: 'PUT', path: `${V1}/orgs/{orgId}/workspaces/{workspaceId}/members/{userId}`, summary: "Add an org member to a workspace, or change their role there", tag: 'Members',
    auth: 'user', tableAccess: 'write', permission: 'workspace_member:manage', params: workspaceMemberParams, body: putWorkspaceMemberBody, response: workspaceMember,
    successStatus: 200, errors: [403, 409],
    dynamoRoundTrips: { count: 2, reason: 'reads the caller, the member and the workspace in one BatchGetItem (to answer with the member), then one transaction that re-checks all three' },
  }),
  removeWorkspaceMember: defineRoute({
    name: 'remove-workspace-member', method: 'DELETE', path: `${V1}/orgs/{orgId}/workspaces/{workspaceId}/members/{userId}`, summary: 'Remove a member from a workspace (their org membership stays)', tag: 'Members',
    auth: 'user', tableAccess: 'write', permission: 'workspace_member:manage', params: workspaceMemberParams, successStatus: 204, errors: [403],
    dynamoRoundTrips: { count: 1 },
  }),
};
