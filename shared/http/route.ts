import type { z } from 'zod/mini';
import type { AuditAction } from '../vocabulary/audit-actions.js';
import type { ErrorCodeSpec } from '../vocabulary/errors.js';
import type { Permission } from '../vocabulary/policy.js';

/** The versioned base path of the API's own routes. */
export const V1 = '/api/v1';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  /** Also the handler's file name: `functions/<name>.ts`. */
  name: string;
  method: HttpMethod;
  /** API Gateway syntax: `/api/v1/orgs/{orgId}`. */
  path: string;
  summary: string;
  /** More than the summary says, for the docs: what filters cost, what the route leaves out. */
  description?: string;
  tag: string;
  /** `public` routes skip the authorizer; every other route needs a bearer token. */
  auth: 'public' | 'user';
  /**
   * A workspace API key may call it as well as a person: a route of one workspace, whose service
   * re-checks the key in the round trip that reads the target. Every other route refuses keys (403).
   */
  apiKeys?: true;
  /** What the route needs from the table: read-only routes are granted read-only access. */
  tableAccess: 'none' | 'read' | 'write';
  /** The permission the domain service checks, shown in the docs and used by route-level tests. */
  permission?: Permission;
  params?: z.ZodMiniType;
  query?: z.ZodMiniType;
  body?: z.ZodMiniType;
  response?: z.ZodMiniType;
  successStatus: 200 | 201 | 202 | 204;
  /** A route that answers with something other than a `response` schema (a page, a script): what it sends, for the docs. */
  mediaTypes?: readonly string[];
  /**
   * DynamoDB requests per successful call, authorization included; more than one needs a reason
   * here. `sequential`: the round trips of latency they take, when some are sent in parallel.
   */
  dynamoRoundTrips: { count: number; sequential?: number; reason?: string };
  /**
   * Optimistic concurrency: successful responses carry an ETag of the representation, and (on a
   * write) an If-Match header is honoured, a stale one answered 412 with nothing changed.
   */
  etag?: true;
  /**
   * The error codes of the route's own logic (`workspace_name_taken`); those its shape brings
   * (validation, sign-in, a missing resource) are added by route-error-codes.ts. The test suite
   * fails a route that answers a code in neither.
   */
  errorCodes?: readonly ErrorCodeSpec[];
  /**
   * The audit events a successful call records, in the transaction that makes the change. Every
   * write route names at least one; a test fails a route whose call recorded others or none.
   */
  records?: readonly AuditAction[];
  /** Error statuses the route can answer besides 400/401/404/413/503, for the docs. */
  errors?: readonly number[];
  /**
   * What the route needs of the key that signs Orgspace's own tokens: `sign` to issue them (KMS
   * Sign, and GetPublicKey for the key id), `public-key` to publish it. The CDK stack grants exactly that.
   */
  tokenSigningKey?: 'sign' | 'public-key';
  /**
   * A library or data set the route cannot do without that is larger than the bench's code budget
   * allows (the Public Suffix List, say), with why: that route's bundle budget grows by `kb`, and
   * its cold-init budget by the same share of the baseline bundle. Nothing else is excused.
   */
  carries?: { kb: number; reason: string };
  /**
   * The route encrypts or decrypts credentials: the CDK stack gives its function the credentials KMS
   * key (GenerateDataKey and Decrypt, for credential contexts only); no other function gets it.
   */
  credentialKey?: true;
  /**
   * The answer carries a secret in plain text (a credential's reveal): such a POST takes no
   * Idempotency-Key, since keeping its answer for a replay would store the secret.
   */
  answersSecret?: true;
}

/** Keeps each row's literal types, so a handler gets its own params/query/body types. */
export const defineRoute = <const R extends RouteDefinition>(route: R): R => route;

export const handlerFile = (route: Pick<RouteDefinition, 'name'>): string => `functions/${route.name}.ts`;

/**
 * A POST that writes takes an Idempotency-Key, kept in the table with its answer. A POST that only
 * reads (issuing an access token) changes nothing a retry could repeat, and keeping its answer
 * would store a credential: a retry is simply another call.
 */
export const honoursIdempotencyKey = (route: Pick<RouteDefinition, 'method' | 'tableAccess' | 'answersSecret'>): boolean =>
  route.method === 'POST' && route.tableAccess === 'write' && !route.answersSecret;
