// Rows of the route table (../routes.ts): invitations by email, and the page their links open.
// A handler imports its own area's rows, so its bundle builds no other area's schemas.
import { emptyParams, orgParams, page, pageQuery } from '../../schemas/common.js';
import { member } from '../../schemas/members.js';
import { createInvitationBody, invitation, invitationParams, invitePageQuery, listInvitationsQuery, myInvitation, publicInvitation, tokenParams } from '../../schemas/invitations.js';
import { defineRoute, V1 } from '../route.js';

export const routes = {
  createInvitation: defineRoute({
    name: 'create-invitation', method: 'POST', path: `${V1}/orgs/{orgId}/invitations`, summary: 'Invite someone by email (admins)', tag: 'Invitations',
    auth: 'user', tableAccess: 'write', permission: 'invitation:manage', params: orgParams, body: createInvitationBody, response: invitation,
    successStatus: 201, errors: [403, 409, 429],
    dynamoRoundTrips: { count: 1, reason: 'one transaction; a second only when an expired invitation to the same address is replaced' },
  }),
  listInvitations: defineRoute({
    name: 'list-invitations', method: 'GET', path: `${V1}/orgs/{orgId}/invitations`, summary: "The organization's invitations, newest last", tag: 'Invitations',
    auth: 'user', tableAccess: 'read', permission: 'invitation:manage', params: orgParams, query: listInvitationsQuery, response: page(invitation), successStatus: 200,
    dynamoRoundTrips: { count: 2, sequential: 1, reason: "the caller's membership and the page of invitations, sent in parallel (one round trip of latency)" },
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
