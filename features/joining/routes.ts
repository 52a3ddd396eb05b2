// Rows of the route table (../routes.ts): joining an org by its verified domain, its settings, and join requests.
import { defineRoute, V1 } from '../../shared/http/route.js';
import { emptyParams, orgParams, page, pageQuery } from '../../shared/http/schemas.js';
import { commonErrors } from '../../shared/vocabulary/errors.js';
import { member } from '../members/schemas.js';
import { joiningErrors } from './errors.js';
import {
  approveJoinRequestBody,
  createJoinRequestBody,
  denyJoinRequestBody,
  domainSettings,
  joinableOrg,
  joinRequest,
  joinRequestParams,
  listJoinRequestsQuery,
  myJoinRequest,
  updateDomainSettingsBody,
} from './schemas.js';

const SETTINGS = `${V1}/orgs/{orgId}/domain-settings`;
const REQUESTS = `${V1}/orgs/{orgId}/join-requests`;
const TAG = 'Joining';

const ANSWER_ROUND_TRIPS = {
  count: 3,
  sequential: 2,
  reason:
    "the caller's membership, the request, the org and its settings in one BatchGetItem, with the org's first workspace queried beside it (one round trip), then one transaction that re-checks the caller and the request",
};

export const routes = {
  getDomainSettings: defineRoute({
    name: 'get-domain-settings',
    method: 'GET',
    path: SETTINGS,
    summary: "How people at the org's verified domains join it (admins)",
    tag: TAG,
    auth: 'user',
    tableAccess: 'read',
    permission: 'org:update',
    params: orgParams,
    response: domainSettings,
    errorCodes: [commonErrors.forbidden],
    successStatus: 200,
    errors: [403],
    dynamoRoundTrips: { count: 1 },
  }),
  updateDomainSettings: defineRoute({
    name: 'update-domain-settings',
    method: 'PATCH',
    path: SETTINGS,
    summary: "Change how people at the org's verified domains join it (admins)",
    description:
      "`join_mode` `off` (the default), `suggest` or `auto`; `default_role` `viewer` (the default) or `developer`; `default_workspace_id` an active workspace of the org, granted with the default role (null, the default: the org's first workspace). Deleting that workspace sets it back to null. Only what is sent changes.",
    tag: TAG,
    auth: 'user',
    tableAccess: 'write',
    permission: 'org:update',
    params: orgParams,
    body: updateDomainSettingsBody,
    response: domainSettings,
    errorCodes: [commonErrors.forbidden, commonErrors.concurrentModification],
    records: ['domain_settings.updated'],
    successStatus: 200,
    errors: [403, 409],
    dynamoRoundTrips: {
      count: 2,
      reason:
        "reads the caller's membership, the settings and the named workspace in one BatchGetItem (the answer and the event show the whole settings), then one transaction conditioned on the version read",
    },
  }),
  listJoinableOrgs: defineRoute({
    name: 'list-joinable-orgs',
    method: 'GET',
    path: `${V1}/me/joinable-orgs`,
    summary: "Orgs the caller may join or ask to join, by their verified email's domain",
    description:
      "The org that verified exactly the domain of the caller's verified address (not a parent domain), if its join mode is `suggest` or `auto` and the caller is not a member (nor removed by an admin). A domain has one owner, so there is at most one.",
    tag: TAG,
    auth: 'user',
    tableAccess: 'read',
    params: emptyParams,
    query: pageQuery,
    response: page(joinableOrg),
    errorCodes: [joiningErrors.emailNotVerified],
    successStatus: 200,
    errors: [403],
    dynamoRoundTrips: {
      count: 2,
      reason:
        "the domain's owner, which names the org; then the org, its settings and the caller's membership and block in one BatchGetItem",
    },
  }),
  joinOrg: defineRoute({
    name: 'join-org',
    method: 'POST',
    path: `${V1}/orgs/{orgId}/join`,
    summary: 'Join an org that lets people at its verified domain join at once (`auto`)',
    description:
      'For a caller whose verified address is at a domain the org verified, in `auto` mode, who did not leave nor was removed: joins with the default role and workspace, and answers the membership. A member already gets their membership. Anyone else gets 404, as for an org they cannot see. People joining this way join on their next uncached request anyway; this is for an app that wants it now.',
    tag: TAG,
    auth: 'user',
    tableAccess: 'write',
    params: orgParams,
    response: member,
    records: ['member.added'],
    successStatus: 200,
    dynamoRoundTrips: {
      count: 3,
      sequential: 2,
      reason:
        "the domain's owner, the org's settings and the caller's membership and block in one BatchGetItem, with the org's first workspace queried beside it (one round trip), then one transaction that re-checks all of them",
    },
  }),
  createJoinRequest: defineRoute({
    name: 'create-join-request',
    method: 'POST',
    path: REQUESTS,
    summary: 'Ask to join an org whose verified domain your verified address is at',
    description:
      'In `suggest` or `auto` mode, for a person who is not a member and was not removed by an admin (one who left may ask). One pending request per person and org; its admins are emailed, and it expires unanswered after 30 days. Anyone else gets 404, as for an org they cannot see.',
    tag: TAG,
    auth: 'user',
    tableAccess: 'write',
    params: orgParams,
    body: createJoinRequestBody,
    response: joinRequest,
    errorCodes: [joiningErrors.pending, joiningErrors.alreadyMember, commonErrors.concurrentModification],
    records: ['join_request.created'],
    successStatus: 201,
    errors: [409],
    dynamoRoundTrips: {
      count: 2,
      reason:
        "the domain's owner, the org, its settings, and the caller's membership, block and pending request in one BatchGetItem, then one transaction that re-checks them with the admins' email",
    },
  }),
  listJoinRequests: defineRoute({
    name: 'list-join-requests',
    method: 'GET',
    path: REQUESTS,
    summary: "The org's join requests, oldest first (admins)",
    tag: TAG,
    auth: 'user',
    tableAccess: 'read',
    permission: 'member:manage',
    params: orgParams,
    query: listJoinRequestsQuery,
    response: page(joinRequest),
    errorCodes: [commonErrors.forbidden],
    successStatus: 200,
    errors: [403],
    dynamoRoundTrips: {
      count: 2,
      sequential: 1,
      reason: "the caller's membership and the page of requests, sent in parallel (one round trip of latency)",
    },
  }),
  approveJoinRequest: defineRoute({
    name: 'approve-join-request',
    method: 'POST',
    path: `${REQUESTS}/{requestId}/approve`,
    summary: 'Approve a join request, with a role (admins)',
    description:
      'The requester becomes a member with `role` (the default role if left out) and the default workspace, in the transaction that closes the request; they are emailed.',
    tag: TAG,
    auth: 'user',
    tableAccess: 'write',
    permission: 'member:manage',
    params: joinRequestParams,
    body: approveJoinRequestBody,
    response: joinRequest,
    errorCodes: [commonErrors.forbidden, joiningErrors.closed, joiningErrors.alreadyMember],
    records: ['join_request.approved', 'member.added'],
    successStatus: 200,
    errors: [403, 409],
    dynamoRoundTrips: ANSWER_ROUND_TRIPS,
  }),
  denyJoinRequest: defineRoute({
    name: 'deny-join-request',
    method: 'POST',
    path: `${REQUESTS}/{requestId}/deny`,
    summary: 'Deny a join request (admins)',
    description: 'The requester is emailed, with `reason` if given.',
    tag: TAG,
    auth: 'user',
    tableAccess: 'write',
    permission: 'member:manage',
    params: joinRequestParams,
    body: denyJoinRequestBody,
    response: joinRequest,
    errorCodes: [commonErrors.forbidden, joiningErrors.closed],
    records: ['join_request.denied'],
    successStatus: 200,
    errors: [403, 409],
    dynamoRoundTrips: {
      count: 2,
      reason:
        "the caller's membership, the request and the org in one BatchGetItem, then one transaction that re-checks the caller and the request",
    },
  }),
  cancelJoinRequest: defineRoute({
    name: 'cancel-join-request',
    method: 'POST',
    path: `${REQUESTS}/{requestId}/cancel`,
    summary: 'Cancel your own pending join request',
    tag: TAG,
    auth: 'user',
    tableAccess: 'write',
    params: joinRequestParams,
    errorCodes: [joiningErrors.closed],
    records: ['join_request.cancelled'],
    successStatus: 204,
    errors: [409],
    dynamoRoundTrips: { count: 1 },
  }),
  listMyJoinRequests: defineRoute({
    name: 'list-my-join-requests',
    method: 'GET',
    path: `${V1}/me/join-requests`,
    summary: "The caller's own join requests, across orgs, oldest first",
    tag: TAG,
    auth: 'user',
    tableAccess: 'read',
    params: emptyParams,
    query: pageQuery,
    response: page(myJoinRequest),
    successStatus: 200,
    dynamoRoundTrips: {
      count: 2,
      reason: 'a page of the requests from the person index, then those orgs for their current names',
    },
  }),
};
