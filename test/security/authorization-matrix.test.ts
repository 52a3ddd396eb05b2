// Who may call what: every route of the route table against every kind of caller, with the status
// each one gets declared once below. A route without a row fails the first test, so a new route
// cannot ship without someone deciding who may call it. Every success is also held to its route's
// response schema in strict mode and searched for things a response must never carry, and every
// answer, refusals included, must be one the OpenAPI document declares.
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type RouteName, routes } from '../../features/routes.js';
import type { RouteDefinition } from '../../shared/http/route.js';
import { uniqueEmail } from '../support/api.js';
import { undeclared } from '../support/openapi-contract.js';
import {
  appErrorBody,
  CALLER_KINDS,
  type CallerKind,
  type Cast,
  createCast,
  createWorld,
  fillPath,
  gatewayBody,
  isKeyKind,
  leaksIn,
  orgPartitionAtRest,
  sampleBodies,
  send,
  strictify,
  type World,
  type WorldOptions,
} from '../support/security.js';

/** One status per caller kind, in the order of CALLER_KINDS. */
type Statuses = readonly [
  ...[number, number, number, number, number, number, number, number, number, number, number],
  ...[number, number, number, number, number, number, number, number],
];

interface Request {
  path?: Record<string, string>;
  query?: string;
  body?: unknown;
}

interface MatrixRow {
  expected: Statuses;
  request: (world: World, cast: Cast) => Request;
  /** What a world needs for this route (an open invitation, its token). */
  world?: WorldOptions;
}

// Successful requests change things (a deleted workspace, an accepted invitation), so each cell
// that is expected to succeed runs in a world of its own; the cells that must fail share one world,
// and the test checks at the end that none of them changed it.
const org = (w: World) => ({ orgId: w.orgId });
const workspace = (w: World) => ({ orgId: w.orgId, workspaceId: w.workspaceId });
const targetMember = (w: World, c: Cast) => ({ orgId: w.orgId, userId: c.users.target.id });
const targetWorkspaceMember = (w: World, c: Cast) => ({ ...workspace(w), userId: c.users.target.id });
const invitation = (w: World) => ({ orgId: w.orgId, invitationId: w.invitation!.id });
const token = (w: World) => ({ token: w.invitation!.token! });
const webhook = (w: World) => ({ orgId: w.orgId, webhookId: w.webhook!.id });
const delivery = (w: World) => ({ ...webhook(w), deliveryId: w.webhook!.deliveryId });
const withWebhook = { webhook: true };
const apiKey = (w: World) => ({ ...workspace(w), keyId: w.apiKeyId! });
const withApiKey = { apiKey: true };
const accessRequest = (w: World) => ({ ...workspace(w), requestId: w.accessRequestId! });
const withAccessRequest = { accessRequest: true };
const domainClaim = (w: World) => ({ orgId: w.orgId, domainId: w.domainId! });
const withDomain = { domain: true };
const credential = (w: World) => ({ ...workspace(w), credentialId: w.credentialId! });
const withCredential = { credential: true };
const personal = (w: World) => ({ orgId: w.orgId, credentialId: w.personalCredentialId! });
const targetsCredential = (w: World, c: Cast) => ({ ...targetMember(w, c), credentialId: w.targetsCredentialId! });
const withPersonalCredential = { personalCredential: true };
// No request of the cast's exists anywhere: a random id, answered as any unknown one.
const joinRequestOf = (w: World) => ({ orgId: w.orgId, requestId: '01900000-0000-7000-8000-00000000beef' });

// biome-ignore format: the columns line up with the caller kinds, so the matrix reads as a table
const matrix: Record<RouteName, MatrixRow> = {
  // People: admin dev view wsAdm wsDev wsView outsider invitee anon expired forged. Then keys of the target workspace: admin,
  // developer, viewer; a developer key of the org's other workspace; revoked, expired, rotated out past its grace, bad checksum.
  health:                { expected: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,   200, 200, 200, 200, 200, 200, 200, 200], request: () => ({}) },
  getOpenapi:            { expected: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,   200, 200, 200, 200, 200, 200, 200, 200], request: () => ({}) },
  getDocs:               { expected: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,   200, 200, 200, 200, 200, 200, 200, 200], request: () => ({}) },
  getDocsAsset:          { expected: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,   200, 200, 200, 200, 200, 200, 200, 200], request: () => ({ path: { file: 'swagger-ui.css' } }) },
  getInvitePage:         { expected: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,   200, 200, 200, 200, 200, 200, 200, 200], request: () => ({ query: 'token=abc' }) },
  getMe:                 { expected: [200, 200, 200, 200, 200, 200, 200, 200, 401, 401, 401,   200, 200, 200, 200, 401, 401, 401, 401], request: () => ({}) },
  createOrg:             { expected: [201, 201, 201, 201, 201, 201, 201, 201, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: () => ({ body: sampleBodies.createOrg!() }) },
  listOrgs:              { expected: [200, 200, 200, 200, 200, 200, 200, 200, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: () => ({ query: 'limit=5' }) },
  listMyInvitations:     { expected: [200, 200, 200, 200, 200, 200, 200, 200, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: () => ({}) },
  getOrg:                { expected: [200, 200, 200, 200, 200, 200, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: org(w) }) },
  updateOrg:             { expected: [200, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: org(w), body: { name: 'Renamed by the matrix' } }) },
  listRoles:             { expected: [200, 200, 200, 200, 200, 200, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: org(w) }) },
  createWorkspace:       { expected: [201, 201, 403, 403, 201, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: org(w), body: sampleBodies.createWorkspace!() }) },
  listWorkspaces:        { expected: [200, 200, 200, 200, 200, 200, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: org(w) }) },
  // A workspace the caller holds no grant in is invisible: 404, exactly as for a non-member.
  getWorkspace:          { expected: [200, 404, 404, 200, 200, 200, 404, 404, 401, 401, 401,   200, 200, 200, 404, 401, 401, 401, 401], request: (w) => ({ path: workspace(w) }) },
  updateWorkspace:       { expected: [200, 404, 404, 200, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: workspace(w), body: { status: 'inactive' } }) },
  deleteWorkspace:       { expected: [204, 404, 404, 204, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: workspace(w) }) },
  listMembers:           { expected: [200, 200, 200, 200, 200, 200, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: org(w) }) },
  getMember:             { expected: [200, 200, 200, 200, 200, 200, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w, c) => ({ path: targetMember(w, c) }) },
  updateMember:          { expected: [200, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w, c) => ({ path: targetMember(w, c), body: { role: 'developer' } }) },
  removeMember:          { expected: [204, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w, c) => ({ path: targetMember(w, c) }) },
  listWorkspaceMembers:  { expected: [200, 404, 404, 200, 200, 200, 404, 404, 401, 401, 401,   200, 200, 200, 404, 401, 401, 401, 401], request: (w) => ({ path: workspace(w) }) },
  putWorkspaceMember:    { expected: [200, 404, 404, 200, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w, c) => ({ path: targetWorkspaceMember(w, c), body: { role: 'developer' } }) },
  removeWorkspaceMember: { expected: [204, 404, 404, 204, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w, c) => ({ path: targetWorkspaceMember(w, c) }) },
  createInvitation:      { expected: [201, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: org(w), body: { email: uniqueEmail('matrix'), role: 'viewer' } }) },
  listInvitations:       { expected: [200, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: org(w), query: 'status=pending' }) },
  revokeInvitation:      { expected: [204, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: invitation(w) }), world: { invite: 'someone' } },
  resendInvitation:      { expected: [202, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: invitation(w) }), world: { invite: 'someone' } },
  // The link is the proof for reading and declining; accepting also needs the invited address.
  getInvitation:         { expected: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,   200, 200, 200, 200, 200, 200, 200, 200], request: (w) => ({ path: token(w) }) },
  acceptInvitation:      { expected: [403, 403, 403, 403, 403, 403, 403, 200, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: token(w) }), world: { invite: 'invitee', withToken: true } },
  declineInvitation:     { expected: [204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 204,   204, 204, 204, 204, 204, 204, 204, 204], request: (w) => ({ path: token(w) }), world: { invite: 'someone', withToken: true } },
  // The org's log is the org admins'; a workspace's log is its admins' too.
  listAuditLog:          { expected: [200, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: org(w), query: 'action=member.*' }) },
  listWorkspaceAuditLog: { expected: [200, 404, 404, 200, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: workspace(w) }) },
  listEvents:            { expected: [200, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: org(w), query: 'limit=10' }) },
  // An endpoint receives the org's whole event stream: org admins only, for reading it too.
  createWebhook:         { expected: [201, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: org(w), body: sampleBodies.createWebhook!() }) },
  listWebhooks:          { expected: [200, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: org(w) }) },
  getWebhook:            { expected: [200, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: webhook(w) }), world: withWebhook },
  updateWebhook:         { expected: [200, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: webhook(w), body: sampleBodies.updateWebhook!() }), world: withWebhook },
  deleteWebhook:         { expected: [204, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: webhook(w) }), world: withWebhook },
  rotateWebhookSecret:   { expected: [200, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: webhook(w) }), world: withWebhook },
  listWebhookDeliveries: { expected: [200, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: webhook(w) }), world: withWebhook },
  retryWebhookDelivery:  { expected: [202, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: delivery(w) }), world: withWebhook },
  // A workspace's keys are its admins' (org admins included); no key manages keys, its own included.
  createApiKey:          { expected: [201, 404, 404, 201, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: workspace(w), body: sampleBodies.createApiKey!() }) },
  listApiKeys:           { expected: [200, 404, 404, 200, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: workspace(w) }) },
  getApiKey:             { expected: [200, 404, 404, 200, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: apiKey(w) }), world: withApiKey },
  updateApiKey:          { expected: [200, 404, 404, 200, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: apiKey(w), body: sampleBodies.updateApiKey!() }), world: withApiKey },
  revokeApiKey:          { expected: [204, 404, 404, 204, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: apiKey(w) }), world: withApiKey },
  rotateApiKey:          { expected: [200, 404, 404, 200, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: apiKey(w), body: sampleBodies.rotateApiKey!() }), world: withApiKey },
  // A token says who the caller is in one workspace: anyone who can see the workspace may have one, a key of it too.
  createAccessToken:     { expected: [200, 404, 404, 200, 200, 200, 404, 404, 401, 401, 401,   200, 200, 200, 404, 401, 401, 401, 401], request: (w) => ({ path: workspace(w) }) },
  getAccessTokenKeys:    { expected: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,   200, 200, 200, 200, 200, 200, 200, 200], request: () => ({}) },
  // Any member without a role in a workspace may ask for one; its admins (org admins included) answer; only the requester cancels.
  createAccessRequest:   { expected: [409, 201, 201, 409, 409, 409, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: workspace(w), body: sampleBodies.createAccessRequest!() }) },
  listAccessRequests:    { expected: [200, 404, 404, 200, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: workspace(w), query: 'status=pending' }) },
  cancelAccessRequest:   { expected: [404, 204, 404, 404, 404, 404, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: accessRequest(w) }), world: withAccessRequest },
  approveAccessRequest:  { expected: [200, 404, 404, 200, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: accessRequest(w), body: sampleBodies.approveAccessRequest!() }), world: withAccessRequest },
  denyAccessRequest:     { expected: [200, 404, 404, 200, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: accessRequest(w), body: sampleBodies.denyAccessRequest!() }), world: withAccessRequest },
  listMyAccessRequests:  { expected: [200, 200, 200, 200, 200, 200, 200, 200, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: () => ({}) },
  // A verified domain lets people join the org: its admins' alone, as are the org's other settings.
  createDomain:          { expected: [201, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: org(w), body: sampleBodies.createDomain!() }) },
  listDomains:           { expected: [200, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: org(w) }) },
  getDomain:             { expected: [200, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: domainClaim(w) }), world: withDomain },
  verifyDomain:          { expected: [200, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: domainClaim(w) }), world: withDomain },
  deleteDomain:          { expected: [204, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: domainClaim(w) }), world: withDomain },
  // Joining by domain. The cast's addresses are at no verified domain: nobody here may ask or join
  // (test/integration/joining.test.ts has the people who may); a member calling join gets their membership.
  getDomainSettings:     { expected: [200, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: org(w) }) },
  updateDomainSettings:  { expected: [200, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: org(w), body: sampleBodies.updateDomainSettings!() }) },
  listJoinableOrgs:      { expected: [200, 200, 200, 200, 200, 200, 200, 200, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: () => ({}) },
  listMyJoinRequests:    { expected: [200, 200, 200, 200, 200, 200, 200, 200, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: () => ({}) },
  joinOrg:               { expected: [200, 200, 200, 200, 200, 200, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: org(w) }) },
  createJoinRequest:     { expected: [404, 404, 404, 404, 404, 404, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: org(w), body: sampleBodies.createJoinRequest!() }) },
  listJoinRequests:      { expected: [200, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: org(w), query: 'status=pending' }) },
  approveJoinRequest:    { expected: [404, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: joinRequestOf(w), body: sampleBodies.approveJoinRequest!() }) },
  denyJoinRequest:       { expected: [404, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: joinRequestOf(w), body: sampleBodies.denyJoinRequest!() }) },
  cancelJoinRequest:     { expected: [404, 404, 404, 404, 404, 404, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: joinRequestOf(w) }) },
  // Workspace credentials: its developers and admins store and change them, its members and keys read the metadata;
  // reading a secret is for its developers and admins and its developer and admin keys; moving, for an admin of both workspaces.
  createCredential:      { expected: [201, 404, 404, 201, 201, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: workspace(w), body: sampleBodies.createCredential!() }) },
  listCredentials:       { expected: [200, 404, 404, 200, 200, 200, 404, 404, 401, 401, 401,   200, 200, 200, 404, 401, 401, 401, 401], request: (w) => ({ path: workspace(w) }) },
  getCredential:         { expected: [200, 404, 404, 200, 200, 200, 404, 404, 401, 401, 401,   200, 200, 200, 404, 401, 401, 401, 401], request: (w) => ({ path: credential(w) }), world: withCredential },
  replaceCredentialSecret: { expected: [200, 404, 404, 200, 200, 403, 404, 404, 401, 401, 401, 403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: credential(w), body: sampleBodies.replaceCredentialSecret!() }), world: withCredential },
  rollBackCredential:    { expected: [200, 404, 404, 200, 200, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: credential(w) }), world: withCredential },
  revealCredential:      { expected: [200, 404, 404, 200, 200, 403, 404, 404, 401, 401, 401,   200, 200, 403, 404, 401, 401, 401, 401], request: (w) => ({ path: credential(w) }), world: withCredential },
  moveCredential:        { expected: [200, 404, 404, 404, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: credential(w), body: { workspace_id: w.moveTargetId! } }), world: withCredential },
  deleteCredential:      { expected: [204, 404, 404, 204, 204, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: credential(w) }), world: withCredential },
  // Personal credentials: every member keeps their own; the admin's is nobody else's to read, change or reveal (404,
  // as an unknown id); an admin lists and deletes a member's without reading them. No key acts for a person.
  createPersonalCredential: { expected: [201, 201, 201, 201, 201, 201, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: org(w), body: sampleBodies.createPersonalCredential!() }) },
  listAllPersonalCredentials: { expected: [200, 200, 200, 200, 200, 200, 200, 200, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: () => ({}) },
  listPersonalCredentials:  { expected: [200, 200, 200, 200, 200, 200, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: org(w) }) },
  getPersonalCredential:    { expected: [200, 404, 404, 404, 404, 404, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: personal(w) }), world: withPersonalCredential },
  replacePersonalCredentialSecret: { expected: [200, 404, 404, 404, 404, 404, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: personal(w), body: sampleBodies.replacePersonalCredentialSecret!() }), world: withPersonalCredential },
  rollBackPersonalCredential: { expected: [200, 404, 404, 404, 404, 404, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: personal(w) }), world: withPersonalCredential },
  revealPersonalCredential: { expected: [200, 404, 404, 404, 404, 404, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: personal(w) }), world: withPersonalCredential },
  deletePersonalCredential: { expected: [204, 404, 404, 404, 404, 404, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w) => ({ path: personal(w) }), world: withPersonalCredential },
  listMemberCredentials:    { expected: [200, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w, c) => ({ path: targetMember(w, c) }), world: withPersonalCredential },
  deleteMemberCredential:   { expected: [204, 403, 403, 403, 403, 403, 404, 404, 401, 401, 401,   403, 403, 403, 403, 401, 401, 401, 401], request: (w, c) => ({ path: targetsCredential(w, c) }), world: withPersonalCredential },
};

const isSuccess = (status: number) => status >= 200 && status < 300;
const entries = Object.entries(matrix) as Array<[RouteName, MatrixRow]>;

interface Cell {
  name: RouteName;
  route: RouteDefinition;
  row: MatrixRow;
  kind: CallerKind;
  expected: number;
}

const cells: Cell[] = entries.flatMap(([name, row]) =>
  CALLER_KINDS.map((kind, column) => ({ name, route: routes[name] as RouteDefinition, row, kind, expected: row.expected[column]! })),
);
/** Cells that change something get a world of their own; reads that succeed may share. */
const needsOwnWorld = (cell: Cell) => isSuccess(cell.expected) && cell.route.method !== 'GET' && cell.route.path.includes('{');

let cast: Cast;
let shared: World;
let sharedBefore: Array<Record<string, unknown>>;
let outsiderOrg: { orgId: string; workspaceId: string };
const worlds = new Map<Cell, World>();

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += size) await Promise.all(items.slice(start, start + size).map(run));
}

beforeAll(async () => {
  cast = await createCast();
  // The shared world's invitation goes to the invitee, so that "invited but not a member" is real,
  // and its token serves the read-only invitation route.
  shared = await createWorld(cast, {
    invite: 'invitee',
    withToken: true,
    webhook: true,
    keyCallers: true,
    domain: true,
    accessRequest: true,
    credential: true,
    personalCredential: true,
  });
  await inBatches(cells.filter(needsOwnWorld), 6, async (cell) => {
    worlds.set(cell, await createWorld(cast, { ...cell.row.world, ...(isKeyKind(cell.kind) ? { keyCallers: true } : {}) }));
  });
  const outsider = await cast.users.outsider.api.get('/api/v1/me');
  const outsiderOrgId: string = outsider.body.orgs[0].id;
  outsiderOrg = {
    orgId: outsiderOrgId,
    workspaceId: (await cast.users.outsider.api.get(`/api/v1/orgs/${outsiderOrgId}/workspaces`)).body.data[0].id,
  };
  // The invitation email has been sent (its token came from it); wait for the send to be recorded, so that the snapshot is final.
  await waitForEmailRecorded(shared);
  sharedBefore = await orgPartitionAtRest(shared.orgId);
}, 120_000);

async function waitForEmailRecorded(world: World): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    const list = await cast.users.admin.api.get(`/api/v1/orgs/${world.orgId}/invitations`);
    if (list.body.data.every((item: { email_status: string }) => item.email_status !== 'queued')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the shared invitation email was never recorded as sent');
}

function requestFor(cell: Cell, world: World) {
  const request = cell.row.request(world, cast);
  const path = fillPath(cell.route, request.path ?? {}) + (request.query ? `?${request.query}` : '');
  return { path, body: request.body };
}

describe('authorization matrix', () => {
  it('has a row for every route in the route table, and a status for every caller kind', () => {
    expect(Object.keys(matrix).sort()).toEqual(Object.keys(routes).sort());
    for (const [name, row] of entries) expect(row.expected, name).toHaveLength(CALLER_KINDS.length);
  });

  it('declares what the route table says about authentication', () => {
    const column = (kind: CallerKind) => CALLER_KINDS.indexOf(kind);
    const refusedBeforeReading = ['anonymous', 'expired', 'forged', 'keyRevoked', 'keyExpired', 'keyRotatedOut', 'keyBadChecksum'] as const;
    const liveKeys = ['keyAdmin', 'keyDeveloper', 'keyViewer', 'keyOtherWorkspace'] as const;
    for (const [name, row] of entries) {
      const route = routes[name] as RouteDefinition;
      const statuses = (kinds: readonly CallerKind[]) => kinds.map((kind) => row.expected[column(kind)]);
      const all = (kinds: readonly CallerKind[], status: number) => kinds.map(() => status);
      if (route.auth === 'user') expect(statuses(refusedBeforeReading), name).toEqual(all(refusedBeforeReading, 401));
      else expect(statuses(refusedBeforeReading), name).toEqual(all(refusedBeforeReading, route.successStatus));
      // A route that takes no keys refuses every working key alike, whatever its workspace.
      if (route.auth === 'user' && !route.apiKeys) expect(statuses(liveKeys), name).toEqual(all(liveKeys, 403));
      for (const status of row.expected.filter(isSuccess)) expect(status, name).toBe(route.successStatus);
    }
  });

  for (const [name, row] of entries) {
    const route = routes[name] as RouteDefinition;
    it(`${route.method} ${route.path}`, async () => {
      const routeCells = cells.filter((cell) => cell.name === name);
      const outcomes = await Promise.all(
        routeCells.map(async (cell) => {
          const world = worlds.get(cell) ?? shared;
          const { path, body } = requestFor(cell, world);
          const authorization = isKeyKind(cell.kind) ? world.keyAuthorization![cell.kind] : cast.authorization[cell.kind];
          const response = await send(route.method, path, { authorization, body });
          return { cell, response };
        }),
      );
      const problems: string[] = [];
      for (const { cell, response } of outcomes) {
        const where = `${cell.kind}: ${response.status} ${typeof response.body === 'object' ? JSON.stringify(response.body).slice(0, 200) : ''}`;
        if (response.status !== cell.expected) {
          problems.push(`${where} (expected ${cell.expected})`);
          continue;
        }
        if (isSuccess(response.status)) problems.push(...successProblems(cell, response.body).map((problem) => `${cell.kind}: ${problem}`));
        else problems.push(...errorProblems(cell, response.body).map((problem) => `${cell.kind}: ${problem}`));
        const contract = undeclared(route, response.status, response.body);
        if (contract) problems.push(`${cell.kind}: ${contract}`);
      }
      expect(problems, `${route.method} ${route.path}`).toEqual([]);
      expect(row.expected).toHaveLength(CALLER_KINDS.length);
    });
  }

  it('the checks on successes catch what they are for (they would otherwise pass by failing to look)', () => {
    const org = {
      id: '01900000-0000-7000-8000-000000000000',
      name: 'x',
      personal: false,
      role: 'admin',
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
    };
    const listOfOrgs = strictify(routes.listOrgs.response);
    expect(listOfOrgs.safeParse({ data: [org], next_cursor: null }).success).toBe(true);
    expect(listOfOrgs.safeParse({ data: [{ ...org, pk: 'ORG#x' }], next_cursor: null }).success).toBe(false);
    expect(() => strictify(z.unknown())).toThrow(/precise/);
    const changes = strictify(z.record(z.string(), z.object({ from: z.string(), to: z.string() })));
    expect(changes.safeParse({ name: { from: 'a', to: 'b' } }).success).toBe(true);
    expect(changes.safeParse({ name: { from: 'a', to: 'b', pk: 'ORG#x' } }).success).toBe(false);
    expect(leaksIn({ data: [{ ...org, sk: 'ORG' }] })).toEqual(['body.data[0].sk: an internal attribute']);
    expect(leaksIn({ link: 'A'.repeat(43) })).toEqual(['body.link: a token-shaped string']);
    expect(leaksIn({ note: `see ${org.id}` }, [org.id])).toHaveLength(1);
  });

  it('leaves the shared world as it was: no refused request changed anything', async () => {
    expect(await orgPartitionAtRest(shared.orgId)).toEqual(sharedBefore);
  });
});

/** A success answers with its route's schema, strictly, and carries nothing it must not. */
function successProblems(cell: Cell, body: unknown): string[] {
  const { route } = cell;
  if (route.successStatus === 204) return body === undefined ? [] : ['a 204 with a body'];
  if (!route.response) return []; // documents and pages (OpenAPI, Swagger UI, the invitation page): not data
  const problems: string[] = [];
  const parsed = strictify(route.response).safeParse(body);
  // The one answer that carries a key: the key being made or rotated, shown once.
  const { key: _, ...shown } = body as Record<string, unknown>;
  const searched = cell.name === 'createApiKey' || cell.name === 'rotateApiKey' ? shown : body;
  // A reveal answers the secret (an API key-shaped sample value is none of ours).
  if (!parsed.success)
    problems.push(
      `response does not match its schema strictly: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}${issue.code === 'unrecognized_keys' ? `: ${issue.keys.join(', ')}` : ''}`).join('; ')}`,
    );
  // The outsider's own org shows up in their own /me and /orgs, as it should; nowhere else.
  const ownOrgOfCaller = cell.kind === 'outsider' && !route.path.includes('{orgId}');
  problems.push(
    ...leaksIn(
      publicKeysLeftOut(cell, searched),
      ownOrgOfCaller ? [] : [outsiderOrg.orgId, outsiderOrg.workspaceId, cast.users.outsider.id],
    ),
  );
  return problems;
}

/** A JWK's coordinates and thumbprint are 43 base64url characters, shaped like an invitation token, and public on purpose. */
function publicKeysLeftOut(cell: Cell, body: unknown): unknown {
  if (cell.name !== 'getAccessTokenKeys') return body;
  const { keys } = body as { keys: Array<Record<string, unknown>> };
  return { keys: keys.map(({ x: _x, y: _y, kid: _kid, ...rest }) => rest) };
}

/** A refusal is the app's JSON error with the code its status promises, or API Gateway's own 401. */
function errorProblems(cell: Cell, body: unknown): string[] {
  if (cell.kind === 'anonymous')
    return gatewayBody.safeParse(body).success && (body as { message: string }).message === 'Unauthorized'
      ? []
      : [`not API Gateway's 401 body: ${JSON.stringify(body)}`];
  const parsed = appErrorBody.safeParse(body);
  if (!parsed.success) return [`not the JSON error shape: ${JSON.stringify(body)}`];
  const { code } = (parsed.data as { error: { code: string } }).error;
  const expectedCode: Record<number, RegExp> = {
    401: /^unauthenticated$/,
    403:
      isKeyKind(cell.kind) && !cell.route.apiKeys
        ? /^user_required$/
        : cell.name === 'acceptInvitation'
          ? /^invitation_email_mismatch$/
          : /^forbidden$/,
    404: /^not_found$/,
  };
  const pattern = expectedCode[cell.expected];
  return pattern && !pattern.test(code) ? [`code ${code} for a ${cell.expected}`] : [];
}
