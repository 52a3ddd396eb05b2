// Helpers for the security tests: a cast of callers (one per kind of relationship to an org), orgs
// ("worlds") built around them, a look behind the API at an org's partition, and the checks every
// successful response has to pass. The tests iterate over the route table with these.
import { randomUUID } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import * as z from 'zod';
import type { RouteName } from '../../features/routes.js';
import { LOCAL_CLIENT_ID, subjectForEmail } from '../../infra/local/oidc-issuer.js';
import type { RouteDefinition } from '../../shared/http/route.js';
import { type ApiResponse, apiUrl, issuerUrl, mintToken, signUp, type TestUser, uniqueEmail } from './api.js';
import { createKey, endGracePeriod, expireKey, revokeKey, rotateKey, withBadChecksum } from './api-keys.js';
import { personalCredentialsPath, replaceSecret, storeCredential, storePersonalCredential, uniqueSecret } from './credentials.js';
import { addDomain, postponeChecks, publish, uniqueDomain } from './domains.js';
import { emailsTo, type SentEmail, tokenFrom } from './mail.js';
import { addMember } from './members.js';
import { itemsOfOrg } from './table.js';
import { settledWebhook } from './webhooks.js';

/** Everyone who may knock on a route, by what they are to the org the request is about ("org A"). */
export const PERSON_KINDS = [
  'admin', // org admin
  'developer', // org developer, no workspace grant
  'viewer', // org viewer, no workspace grant
  'workspaceAdmin', // org viewer, admin of the target workspace
  'workspaceDeveloper', // org developer, developer in the target workspace
  'workspaceViewer', // org viewer, viewer in the target workspace
  'outsider', // admin of another org, not a member of this one
  'invitee', // signed in, invited to this org, not (yet) a member
  'anonymous', // no Authorization header
  'expired', // the admin's own token, expired
  'forged', // the admin's claims, signed by a key that is not the issuer's
] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];

/** Workspace API keys of the org: of the target workspace unless said otherwise. */
export const KEY_KINDS = [
  'keyAdmin',
  'keyDeveloper',
  'keyViewer',
  'keyOtherWorkspace', // a developer key of another workspace of the org
  'keyRevoked',
  'keyExpired',
  'keyRotatedOut', // the secret a rotation replaced, past its grace period
  'keyBadChecksum', // the developer key with its last character changed
] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

export const CALLER_KINDS = [...PERSON_KINDS, ...KEY_KINDS] as const;
export type CallerKind = (typeof CALLER_KINDS)[number];
export const isKeyKind = (kind: CallerKind): kind is KeyKind => (KEY_KINDS as readonly string[]).includes(kind);

export interface Cast {
  users: Record<
    'admin' | 'developer' | 'viewer' | 'workspaceAdmin' | 'workspaceDeveloper' | 'workspaceViewer' | 'outsider' | 'invitee' | 'target',
    TestUser
  >;
  /** The Authorization header each kind sends (none for `anonymous`). */
  authorization: Record<PersonKind, string | undefined>;
}

/** A token with the admin's issuer, audience, subject and email, signed with a key of our own but the issuer's key id. */
async function forgedToken(admin: TestUser): Promise<string> {
  const jwks = (await (await fetch(`${issuerUrl()}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> };
  const { privateKey } = await generateKeyPair('RS256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ email: admin.email, email_verified: true, name: admin.name, token_use: 'id' })
    .setProtectedHeader({ alg: 'RS256', kid: jwks.keys[0]!.kid, typ: 'JWT' })
    .setIssuer(issuerUrl())
    .setSubject(subjectForEmail(admin.email))
    .setAudience(LOCAL_CLIENT_ID)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(privateKey);
}

export async function createCast(): Promise<Cast> {
  const [admin, developer, viewer, workspaceAdmin, workspaceDeveloper, workspaceViewer, outsider, invitee, target] = await Promise.all(
    ['admin', 'developer', 'viewer', 'wsadmin', 'wsdeveloper', 'wsviewer', 'outsider', 'invitee', 'target'].map((label) => signUp(label)),
  );
  const users = {
    admin: admin!,
    developer: developer!,
    viewer: viewer!,
    workspaceAdmin: workspaceAdmin!,
    workspaceDeveloper: workspaceDeveloper!,
    workspaceViewer: workspaceViewer!,
    outsider: outsider!,
    invitee: invitee!,
    target: target!,
  };
  const bearer = (user: TestUser) => `Bearer ${user.token}`;
  return {
    users,
    authorization: {
      admin: bearer(users.admin),
      developer: bearer(users.developer),
      viewer: bearer(users.viewer),
      workspaceAdmin: bearer(users.workspaceAdmin),
      workspaceDeveloper: bearer(users.workspaceDeveloper),
      workspaceViewer: bearer(users.workspaceViewer),
      outsider: bearer(users.outsider),
      invitee: bearer(users.invitee),
      anonymous: undefined,
      expired: `Bearer ${await mintToken(users.admin.email, users.admin.name, -120)}`,
      forged: `Bearer ${await forgedToken(users.admin)}`,
    },
  };
}

/** An org with every kind of member, a target workspace besides its first one, and optionally an open invitation. */
export interface World {
  orgId: string;
  /** The workspace the workspace-level callers hold grants in; never the org's last one. */
  workspaceId: string;
  invitation?: { id: string; email: string; token?: string };
  /** An endpoint whose own `webhook.created` was delivered (and succeeded). */
  webhook?: { id: string; deliveryId: string };
  /** A viewer key of the target workspace, for the routes that manage keys. */
  apiKeyId?: string;
  /** A pending domain claim with its TXT record published: verifying it succeeds. */
  domainId?: string;
  /** The Authorization header of each kind of key caller. */
  keyAuthorization?: Record<KeyKind, string>;
  /** A pending request of the cast's developer (an org developer without a role in the workspace) for access to it. */
  accessRequestId?: string;
  /** A credential of the target workspace whose secret was replaced once (so it can be rolled back). */
  credentialId?: string;
  /** A second workspace the org admin may move it to. */
  moveTargetId?: string;
  /** The org admin's personal credential, replaced once (so it can be rolled back). */
  personalCredentialId?: string;
  /** A personal credential of the cast's target member. */
  targetsCredentialId?: string;
}

export interface WorldOptions {
  /** `invitee`: to the cast's invitee (at most 3 emails a minute per address); `someone`: a fresh address. */
  invite?: 'invitee' | 'someone';
  /** Wait for the invitation email and keep its link's token (the only place the token travels). */
  withToken?: boolean;
  /** A webhook endpoint with a settled delivery. */
  webhook?: boolean;
  /** A key for the key routes to act on. */
  apiKey?: boolean;
  /** A domain claim for the domain routes to act on. */
  domain?: boolean;
  /** Keys of every kind in KEY_KINDS (and the key of `apiKey`). */
  keyCallers?: boolean;
  /** A pending access request to the workspace, by the cast's developer. */
  accessRequest?: boolean;
  /** A credential of the target workspace, with a version to roll back to, and a workspace to move it to. */
  credential?: boolean;
  /** A personal credential of the org admin's (with a version to roll back to) and one of the target member's. */
  personalCredential?: boolean;
}

/** One key of each kind, made and then revoked, aged or rotated as its kind says. */
async function keyCallers(admin: TestUser, orgId: string, workspaceId: string): Promise<Record<KeyKind, string>> {
  const other = await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'other' });
  if (other.status !== 201) throw new Error(`world: ${other.status} ${JSON.stringify(other.body)}`);
  const [keyAdmin, keyDeveloper, keyViewer, keyOtherWorkspace, revoked, expired, rotated] = await Promise.all([
    createKey(admin, orgId, workspaceId, 'admin'),
    createKey(admin, orgId, workspaceId, 'developer'),
    createKey(admin, orgId, workspaceId, 'viewer'),
    createKey(admin, orgId, other.body.id, 'developer'),
    createKey(admin, orgId, workspaceId, 'admin'),
    createKey(admin, orgId, workspaceId, 'admin', { expires_in_days: 1 }),
    createKey(admin, orgId, workspaceId, 'admin'),
  ]);
  await revokeKey(admin, revoked!);
  await expireKey(expired!);
  await endGracePeriod(await rotateKey(admin, rotated!, 1), rotated!.key);
  const bearer = (key: string) => `Bearer ${key}`;
  return {
    keyAdmin: bearer(keyAdmin!.key),
    keyDeveloper: bearer(keyDeveloper!.key),
    keyViewer: bearer(keyViewer!.key),
    keyOtherWorkspace: bearer(keyOtherWorkspace!.key),
    keyRevoked: bearer(revoked!.key),
    keyExpired: bearer(expired!.key),
    keyRotatedOut: bearer(rotated!.key),
    keyBadChecksum: bearer(withBadChecksum(keyDeveloper!.key)),
  };
}

export async function createWorld(cast: Cast, options: WorldOptions = {}): Promise<World> {
  const { users } = cast;
  const orgName = `World ${randomUUID().slice(0, 8)}`;
  const org = await users.admin.api.post('/api/v1/orgs', { name: orgName });
  if (org.status !== 201) throw new Error(`world: ${org.status} ${JSON.stringify(org.body)}`);
  const orgId: string = org.body.id;
  const workspace = await users.admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'target' });
  if (workspace.status !== 201) throw new Error(`world: ${workspace.status} ${JSON.stringify(workspace.body)}`);
  const workspaceId: string = workspace.body.id;
  await Promise.all([
    addMember(orgId, users.developer, 'developer'),
    addMember(orgId, users.viewer, 'viewer'),
    addMember(orgId, users.workspaceAdmin, 'viewer', { [workspaceId]: 'admin' }),
    addMember(orgId, users.workspaceDeveloper, 'developer', { [workspaceId]: 'developer' }),
    addMember(orgId, users.workspaceViewer, 'viewer', { [workspaceId]: 'viewer' }),
    addMember(orgId, users.target, 'viewer', { [workspaceId]: 'viewer' }),
  ]);
  const world: World = { orgId, workspaceId };
  if (options.apiKey || options.keyCallers) world.apiKeyId = (await createKey(users.admin, orgId, workspaceId, 'viewer')).id;
  if (options.keyCallers) world.keyAuthorization = await keyCallers(users.admin, orgId, workspaceId);
  if (options.domain) {
    const claim = await addDomain(users.admin, orgId);
    await publish(claim);
    await postponeChecks(claim);
    world.domainId = claim.id;
  }
  if (options.webhook) {
    const { webhookId, deliveryId } = await settledWebhook(users.admin, orgId);
    world.webhook = { id: webhookId, deliveryId };
  }
  if (options.accessRequest) {
    const created = await users.developer.api.post(`/api/v1/orgs/${orgId}/workspaces/${workspaceId}/access-requests`, {});
    if (created.status !== 201) throw new Error(`world access request: ${created.status} ${JSON.stringify(created.body)}`);
    world.accessRequestId = created.body.id;
  }
  if (options.credential) {
    const { id } = await storeCredential(users.admin, orgId, workspaceId);
    await replaceSecret(users.admin, orgId, workspaceId, id);
    world.credentialId = id;
    const target = await users.admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'move-target' });
    if (target.status !== 201) throw new Error(`world: ${target.status} ${JSON.stringify(target.body)}`);
    world.moveTargetId = target.body.id;
  }
  if (options.personalCredential) {
    const [own, targets] = await Promise.all([storePersonalCredential(users.admin, orgId), storePersonalCredential(users.target, orgId)]);
    const replaced = await users.admin.api.put(`${personalCredentialsPath(orgId)}/${own.id}/secret`, {
      secret: { api_key: uniqueSecret('next') },
    });
    if (replaced.status !== 200) throw new Error(`world: ${replaced.status} ${JSON.stringify(replaced.body)}`);
    world.personalCredentialId = own.id;
    world.targetsCredentialId = targets.id;
  }
  if (options.invite) {
    const email = options.invite === 'invitee' ? users.invitee.email : uniqueEmail('someone');
    const created = await users.admin.api.post(`/api/v1/orgs/${orgId}/invitations`, {
      email,
      role: 'viewer',
      workspaces: [{ workspace_id: workspaceId, role: 'viewer' }],
    });
    if (created.status !== 201) throw new Error(`world invitation: ${created.status} ${JSON.stringify(created.body)}`);
    world.invitation = { id: created.body.id, email };
    if (options.withToken) world.invitation.token = tokenFrom(await emailAbout(email, orgName));
  }
  return world;
}

/** The email to this address that names this org: an address may hold invitations from several worlds. */
async function emailAbout(address: string, orgName: string, timeoutMs = 15_000): Promise<SentEmail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const email = (await emailsTo(address)).find((candidate) => (candidate.body.text ?? '').includes(orgName));
    if (email) return email;
    if (Date.now() > deadline) throw new Error(`No invitation email to ${address} about ${orgName} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every item of an org's partition, as stored (keys included), in key order. */
export const orgPartition = itemsOfOrg;

/**
 * The org's partition, less the authorizer's last_used_at stamps on API keys: using a key changes
 * nothing, and a test that a refused request changed nothing compares this.
 */
export async function orgPartitionAtRest(orgId: string) {
  return (await itemsOfOrg(orgId)).map(({ last_used_at: _, ...item }) => item);
}

/** A valid body for each route that takes one; a route with a body schema and no sample fails the tests that use this. */
export const sampleBodies: Partial<Record<RouteName, () => Record<string, unknown>>> = {
  createOrg: () => ({ name: 'Sample org' }),
  updateOrg: () => ({ name: 'Renamed org' }),
  createWorkspace: () => ({ name: `ws-${randomUUID().slice(0, 8)}` }),
  updateWorkspace: () => ({ name: `renamed-${randomUUID().slice(0, 8)}` }),
  updateMember: () => ({ role: 'developer' }),
  putWorkspaceMember: () => ({ role: 'developer' }),
  createInvitation: () => ({ email: uniqueEmail('sample'), role: 'viewer' }),
  // Nothing listens on port 9 here: its deliveries fail at once, and the event is one these tests do not cause.
  createWebhook: () => ({ url: 'http://127.0.0.1:9/orgspace-sample', events: ['webhook.disabled'] }),
  updateWebhook: () => ({ description: `hook ${randomUUID().slice(0, 8)}` }),
  createApiKey: () => ({ name: `key ${randomUUID().slice(0, 8)}`, role: 'viewer' }),
  updateApiKey: () => ({ name: `renamed key ${randomUUID().slice(0, 8)}` }),
  rotateApiKey: () => ({ grace_period_hours: 1 }),
  createAccessRequest: () => ({ role: 'viewer', message: 'May I see it?' }),
  approveAccessRequest: () => ({ role: 'viewer' }),
  denyAccessRequest: () => ({ reason: 'Not this quarter' }),
  createDomain: () => ({ domain: uniqueDomain('sample') }),
  updateDomainSettings: () => ({ default_role: 'developer' }),
  createJoinRequest: () => ({ message: 'Hello from the team' }),
  approveJoinRequest: () => ({ role: 'viewer' }),
  denyJoinRequest: () => ({ reason: 'Not this quarter' }),
  createCredential: () => ({ name: `cred ${randomUUID().slice(0, 8)}`, type: 'api_key', secret: { api_key: 'sk_sample_0123456789' } }),
  replaceCredentialSecret: () => ({ secret: { api_key: 'sk_sample_9876543210' } }),
  moveCredential: () => ({ workspace_id: randomUUID() }),
  createPersonalCredential: () => ({
    name: `mine ${randomUUID().slice(0, 8)}`,
    type: 'api_key',
    secret: { api_key: 'sk_sample_personal_0123' },
  }),
  replacePersonalCredentialSecret: () => ({ secret: { api_key: 'sk_sample_personal_9876' } }),
};

/** The route's path with its parameters filled in (each encoded as a client would). */
export function fillPath(route: Pick<RouteDefinition, 'path'>, params: Record<string, string>): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`No value for {${name}} in ${route.path}`);
    return encodeURIComponent(value);
  });
}

export const pathParamNames = (route: Pick<RouteDefinition, 'path'>): string[] =>
  [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);

/** One request with an Authorization header as given (or none), a body, and a deadline: a hang is a failure, not a stuck run. */
export async function send(
  method: string,
  path: string,
  options: {
    authorization?: string;
    body?: unknown;
    rawBody?: string;
    rawBytes?: Uint8Array;
    headers?: Record<string, string>;
    timeoutMs?: number;
  } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.authorization) headers.authorization = options.authorization;
  let payload: string | Uint8Array | undefined = options.rawBytes ?? options.rawBody;
  if (options.body !== undefined) payload = JSON.stringify(options.body);
  if (payload !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${apiUrl()}${path}`, {
    method,
    headers,
    // The DOM lib (for the invite page's script) types fetch bodies as bytes on an ArrayBuffer only.
    body: payload as string | Uint8Array<ArrayBuffer> | undefined,
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await response.text();
  let body: unknown = text === '' ? undefined : text;
  try {
    if (text !== '') body = JSON.parse(text);
  } catch {
    // not JSON (the docs page): keep the text
  }
  return { status: response.status, body, headers: response.headers };
}

/**
 * The same schema with every object strict, all the way down, so that a response carrying a key
 * its schema does not name fails. Schema kinds it does not know are refused rather than passed
 * through, so a loose part (a record, `any`) shows up here instead of waving extra data through.
 */
export function strictify(schema: z.core.$ZodType): z.ZodType {
  // Read through the core definition, so that it takes the route table's zod/mini schemas as well as classic ones.
  const def = schema._zod.def as unknown as {
    type: string;
    shape?: Record<string, z.core.$ZodType>;
    element?: z.core.$ZodType;
    innerType?: z.core.$ZodType;
    getter?: () => z.core.$ZodType;
    keyType?: z.core.$ZodType;
    valueType?: z.core.$ZodType;
    options?: z.core.$ZodType[];
  };
  switch (def.type) {
    case 'object':
      return z.strictObject(Object.fromEntries(Object.entries(def.shape!).map(([key, value]) => [key, strictify(value)])));
    case 'array':
      return z.array(strictify(def.element!));
    case 'nullable':
      return z.nullable(strictify(def.innerType!));
    case 'optional':
      return z.optional(strictify(def.innerType!));
    case 'lazy':
      return strictify(def.getter!());
    // A map whose keys are data (an audit event's changed fields): each value strict.
    case 'record':
      return z.record(def.keyType as z.ZodString, strictify(def.valueType!));
    case 'union':
      return z.union(def.options!.map(strictify) as [z.ZodType, z.ZodType, ...z.ZodType[]]);
    case 'string':
    case 'boolean':
    case 'number':
    case 'enum':
    case 'literal':
    case 'null':
      return schema as unknown as z.ZodType;
    default:
      throw new Error(`strictify: no strict form for a ${def.type} schema; make the response schema precise`);
  }
}

const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'token', 'token_hash', 'version', 'send_id', 'mail_log_sends']);
const INVITATION_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const API_KEY = /osk_[a-z]{2,8}_[0-9A-Za-z]{38}/;

/**
 * What a response must never carry: table keys or internal bookkeeping attributes, anything shaped
 * like an invitation token (43 base64url characters), or an id from `forbiddenIds` (another
 * tenant's). Returns the problems found, as `where: what`.
 */
export function leaksIn(body: unknown, forbiddenIds: readonly string[] = []): string[] {
  const problems: string[] = [];
  const walk = (value: unknown, where: string): void => {
    if (typeof value === 'string') {
      if (INVITATION_TOKEN.test(value)) problems.push(`${where}: a token-shaped string`);
      if (API_KEY.test(value)) problems.push(`${where}: an API key`);
      for (const id of forbiddenIds) if (value.includes(id)) problems.push(`${where}: another tenant's id ${id}`);
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        walk(item, `${where}[${index}]`);
      });
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (KEY_ATTRIBUTES.has(key)) problems.push(`${where}.${key}: an internal attribute`);
        if (key === 'next_cursor') continue; // opaque by design; checked by the cursor tests
        walk(item, `${where}.${key}`);
      }
    }
  };
  walk(body, 'body');
  return problems;
}

/** The app's error body: exactly these keys, with a request id. */
export const appErrorBody = strictify(
  z.object({
    error: z.object({
      code: z.string().min(1),
      message: z.string().min(1),
      request_id: z.string().min(1),
      details: z.array(z.object({ field: z.string(), message: z.string() })),
    }),
  }),
);

/** API Gateway's own answers (no Authorization header, unknown path, an undecodable path). */
export const gatewayBody = z.strictObject({ message: z.enum(['Unauthorized', 'Not Found', 'Bad Request', 'Request Entity Too Large']) });

/** An error body with its request id blanked, for comparing two answers that must be the same. */
export function withoutRequestId(body: unknown): unknown {
  const parsed = appErrorBody.safeParse(body);
  if (!parsed.success) return body;
  const { error } = parsed.data as { error: Record<string, unknown> };
  return { error: { ...error, request_id: '<request id>' } };
}

/** An admin with an org, a workspace in it, and a viewer of that workspace to act on: ids for filling paths. */
export async function orgWithViewer(label: string) {
  const [admin, viewer] = await Promise.all([signUp(`${label}-owner`), signUp(`${label}-target`)]);
  const orgId: string = (await admin.api.post('/api/v1/orgs', { name: label })).body.id;
  const workspaceId: string = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: `${label}-workspace` })).body.id;
  await addMember(orgId, viewer, 'viewer', { [workspaceId]: 'viewer' });
  return { admin, ids: { orgId, workspaceId, userId: viewer.id } };
}
