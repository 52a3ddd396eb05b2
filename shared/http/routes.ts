// The route table: the one source of truth for the CDK stack, the local runtime, the OpenAPI
// document and the route-level tests. Adding an endpoint is a handler file and one row here.
import * as z from 'zod/mini';
import { emptyParams, orgParams, page, pageQuery, workspaceParams } from '../schemas/common.js';
import { createOrgBody, me, organization, role, updateOrgBody } from '../schemas/organizations.js';
import { createWorkspaceBody, updateWorkspaceBody, workspace } from '../schemas/workspaces.js';
import { member, memberParams, putWorkspaceMemberBody, updateMemberBody, workspaceMember, workspaceMemberParams } from '../schemas/members.js';
import { createInvitationBody, invitation, invitationParams, invitePageQuery, listInvitationsQuery, myInvitation, publicInvitation, tokenParams } from '../schemas/invitations.js';
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

  listMembers: defineRoute({
    name: 'list-members', method: 'GET', path: `${V1}/orgs/{orgId}/members`, summary: "The organization's members, with their workspace grants", tag: 'Members',
    auth: 'user', tableAccess: 'read', permission: 'member:read', params: orgParams, query: pageQuery, response: page(member), successStatus: 200,
    dynamoRoundTrips: { count: 2, reason: "the caller's membership and the page of members, sent in parallel (one round trip of latency): the caller need not be on the page" },
  }),
  updateMember: defineRoute({
    name: 'update-member', method: 'PATCH', path: `${V1}/orgs/{orgId}/members/{userId}`, summary: "Change a member's org role (admins)", tag: 'Members',
    auth: 'user', tableAccess: 'write', permission: 'member:manage', params: memberParams, body: updateMemberBody, response: member,
    successStatus: 200, errors: [403, 409],
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
    dynamoRoundTrips: { count: 2, reason: "the caller's membership with the workspace, and the page of members, sent in parallel (one round trip of latency)" },
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
  createInvitation: defineRoute({
    name: 'create-invitation', method: 'POST', path: `${V1}/orgs/{orgId}/invitations`, summary: 'Invite someone by email (admins)', tag: 'Invitations',
    auth: 'user', tableAccess: 'write', permission: 'invitation:manage', params: orgParams, body: createInvitationBody, response: invitation,
    successStatus: 201, errors: [403, 409, 429],
    dynamoRoundTrips: { count: 1, reason: 'one transaction; a second only when an expired invitation to the same address is replaced' },
  }),
  listInvitations: defineRoute({
    name: 'list-invitations', method: 'GET', path: `${V1}/orgs/{orgId}/invitations`, summary: "The organization's invitations, newest last", tag: 'Invitations',
    auth: 'user', tableAccess: 'read', permission: 'invitation:manage', params: orgParams, query: listInvitationsQuery, response: page(invitation), successStatus: 200,
    dynamoRoundTrips: { count: 2, reason: "the caller's membership and the page of invitations, sent in parallel (one round trip of latency)" },
  }),
  revokeInvitation: defineRoute({
    name: 'revoke-invitation', method: 'DELETE', path: `${V1}/orgs/{orgId}/invitations/{invitationId}`, summary: 'Revoke an invitation; its link stops working', tag: 'Invitations',
    auth: 'user', tableAccess: 'write', permission: 'invitation:manage', params: invitationParams, successStatus: 204, errors: [403, 409],
    dynamoRoundTrips: { count: 2, reason: 'reads the invitation for its address (the key of its guard), then one transaction conditioned on what it read' },
  }),
  resendInvitation: defineRoute({
    name: 'resend-invitation', method: 'POST', path: `${V1}/orgs/{orgId}/invitations/{invitationId}/resend`, summary: 'Send the invitation again with a new link; the old link stops working and the expiry restarts', tag: 'Invitations',
    auth: 'user', tableAccess: 'write', permission: 'invitation:manage', params: invitationParams, response: invitation, successStatus: 202, errors: [403, 409, 429],
    dynamoRoundTrips: { count: 2, reason: 'reads the invitation for its current token and version, then one transaction that swaps the token and queues the email' },
  }),
  getInvitation: defineRoute({
    name: 'get-invitation', method: 'GET', path: `${V1}/invitations/{token}`, summary: 'What an invitation link offers (no sign-in needed)', tag: 'Invitations',
    auth: 'public', tableAccess: 'read', params: tokenParams, response: publicInvitation, successStatus: 200, errors: [],
    dynamoRoundTrips: { count: 2, reason: 'the token item, then the invitation, its org and workspaces (for their current names) in one BatchGetItem' },
  }),
  acceptInvitation: defineRoute({
    name: 'accept-invitation', method: 'POST', path: `${V1}/invitations/{token}/accept`, summary: "Join the organization; the caller's verified email must be the invited one", tag: 'Invitations',
    auth: 'user', tableAccess: 'write', params: tokenParams, response: member, successStatus: 200, errors: [403, 409, 410],
    dynamoRoundTrips: { count: 2, reason: 'the token item, then one transaction that creates the membership and closes the invitation' },
  }),
  declineInvitation: defineRoute({
    name: 'decline-invitation', method: 'POST', path: `${V1}/invitations/{token}/decline`, summary: 'Decline an invitation (the link is the proof)', tag: 'Invitations',
    auth: 'public', tableAccess: 'write', params: tokenParams, successStatus: 204, errors: [409, 410],
    dynamoRoundTrips: { count: 2, reason: 'the token item, then one transaction that closes the invitation' },
  }),
  listMyInvitations: defineRoute({
    name: 'list-my-invitations', method: 'GET', path: `${V1}/me/invitations`, summary: "Pending invitations to the caller's verified email, across organizations", tag: 'Invitations',
    auth: 'user', tableAccess: 'read', params: emptyParams, query: pageQuery, response: page(myInvitation), successStatus: 200, errors: [403],
    dynamoRoundTrips: { count: 2, reason: "a page of the address's invitations from the person index, then those orgs for their current names" },
  }),
  getInvitePage: defineRoute({
    name: 'get-invite-page', method: 'GET', path: '/invite', summary: 'The page an invitation email links to: shows the invitation, signs in, accepts', tag: 'Invitations',
    auth: 'public', tableAccess: 'none', params: emptyParams, query: invitePageQuery, successStatus: 200, dynamoRoundTrips: { count: 0 },
  }),
};

export type RouteName = keyof typeof routes;
export const routeList: readonly RouteDefinition[] = Object.values(routes);
