// Rows of the route table (../routes.ts): requests for access to a workspace, by the org's members.
import { defineRoute, V1 } from '../../shared/http/route.js';
import { emptyParams, page, pageQuery, workspaceParams } from '../../shared/http/schemas.js';
import { commonErrors } from '../../shared/vocabulary/errors.js';
import { accessRequestErrors } from './errors.js';
import {
  accessRequest,
  accessRequestParams,
  approveAccessRequestBody,
  createAccessRequestBody,
  denyAccessRequestBody,
  listAccessRequestsQuery,
} from './schemas.js';

const REQUESTS = `${V1}/orgs/{orgId}/workspaces/{workspaceId}/access-requests`;
const READ_THEN_WRITE = {
  count: 2,
  reason:
    "one BatchGetItem of the caller's membership, the request and the org (its name for the email), then one transaction conditioned on the request still being pending, which also writes the grant (unread: one attribute of the requester's membership) and the requester's email",
};

export const routes = {
  createAccessRequest: defineRoute({
    name: 'create-access-request',
    method: 'POST',
    path: REQUESTS,
    summary: 'Ask for access to a workspace of your org',
    description:
      "Any member of the org may ask for a workspace they have no role in, unless its admins made it `discoverable: false` (then it answers 404, as for a workspace that does not exist). The workspace's admins and the org's admins are emailed. One pending request per person and workspace; at most 20 pending per person across the org; a request expires after 30 days.",
    tag: 'Access requests',
    auth: 'user',
    tableAccess: 'write',
    permission: 'org:read',
    params: workspaceParams,
    body: createAccessRequestBody,
    response: accessRequest,
    errorCodes: [
      accessRequestErrors.pending,
      accessRequestErrors.alreadyMember,
      accessRequestErrors.limitReached,
      accessRequestErrors.tooManyEmails,
      commonErrors.concurrentModification,
    ],
    records: ['access_request.created'],
    successStatus: 201,
    errors: [409, 429],
    dynamoRoundTrips: {
      count: 2,
      reason:
        "one BatchGetItem of the caller's membership, the workspace, the org (its name for the email), their pending request for it and their pending count, then one transaction conditioned on what it read",
    },
  }),
  listAccessRequests: defineRoute({
    name: 'list-access-requests',
    method: 'GET',
    path: REQUESTS,
    summary: "A workspace's access requests, newest last",
    tag: 'Access requests',
    auth: 'user',
    tableAccess: 'read',
    permission: 'access_request:manage',
    params: workspaceParams,
    query: listAccessRequestsQuery,
    response: page(accessRequest),
    errorCodes: [commonErrors.forbidden],
    successStatus: 200,
    errors: [403],
    dynamoRoundTrips: {
      count: 2,
      sequential: 1,
      reason:
        "the caller's membership with the workspace (one BatchGetItem) and the page of requests, sent in parallel (one round trip of latency): no single key range holds both",
    },
  }),
  cancelAccessRequest: defineRoute({
    name: 'cancel-access-request',
    method: 'DELETE',
    path: `${REQUESTS}/{requestId}`,
    summary: 'Cancel your own pending access request',
    description: 'The request is kept, as `cancelled`; cancelling one that is no longer pending answers 409.',
    tag: 'Access requests',
    auth: 'user',
    tableAccess: 'write',
    permission: 'org:read',
    params: accessRequestParams,
    errorCodes: [accessRequestErrors.closed],
    records: ['access_request.cancelled'],
    successStatus: 204,
    errors: [409],
    dynamoRoundTrips: {
      count: 1,
    },
  }),
  approveAccessRequest: defineRoute({
    name: 'approve-access-request',
    method: 'POST',
    path: `${REQUESTS}/{requestId}/approve`,
    summary: 'Approve an access request: the grant and the closing in one transaction',
    description:
      "For the workspace's admins and the org's admins. Grants the role asked for, or `role`; the requester is emailed. Of concurrent approvals and denials, one wins and the others answer 409.",
    tag: 'Access requests',
    auth: 'user',
    tableAccess: 'write',
    permission: 'access_request:manage',
    params: accessRequestParams,
    body: approveAccessRequestBody,
    response: accessRequest,
    errorCodes: [
      commonErrors.forbidden,
      accessRequestErrors.closed,
      accessRequestErrors.requesterGone,
      commonErrors.concurrentModification,
    ],
    records: ['access_request.approved', 'workspace_member.added'],
    successStatus: 200,
    errors: [403, 409],
    dynamoRoundTrips: READ_THEN_WRITE,
  }),
  denyAccessRequest: defineRoute({
    name: 'deny-access-request',
    method: 'POST',
    path: `${REQUESTS}/{requestId}/deny`,
    summary: 'Deny an access request',
    description: "For the workspace's admins and the org's admins; the requester is emailed, with `reason` if given.",
    tag: 'Access requests',
    auth: 'user',
    tableAccess: 'write',
    permission: 'access_request:manage',
    params: accessRequestParams,
    body: denyAccessRequestBody,
    response: accessRequest,
    errorCodes: [commonErrors.forbidden, accessRequestErrors.closed, accessRequestErrors.requesterGone],
    records: ['access_request.denied'],
    successStatus: 200,
    errors: [403, 409],
    dynamoRoundTrips: READ_THEN_WRITE,
  }),
  listMyAccessRequests: defineRoute({
    name: 'list-my-access-requests',
    method: 'GET',
    path: `${V1}/me/access-requests`,
    summary: 'Your own access requests, in every org, newest last',
    tag: 'Access requests',
    auth: 'user',
    tableAccess: 'read',
    params: emptyParams,
    query: pageQuery,
    response: page(accessRequest),
    successStatus: 200,
    dynamoRoundTrips: { count: 1 },
  }),
};
