import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { routeList, routes } from '../../features/routes.js';
import { ExampleRegistry, openApiDocument, operation } from '../../shared/http/openapi.js';
import { IF_MATCH_MAX_LENGTH } from '../../shared/http/request-input.js';
import type { RouteDefinition } from '../../shared/http/route.js';
import { undeclared } from '../support/openapi-contract.js';

type Schema = Record<string, unknown>;
type Response = { description: string; headers?: Record<string, { $ref: string }>; content?: Record<string, { schema: Schema }> };
type Operation = { parameters: Array<{ name: string; in: string; schema: Schema }>; responses: Record<string, Response> };

const document = openApiDocument(routeList) as {
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { headers: Record<string, { required: boolean }> };
};
const operationOf = (route: Pick<RouteDefinition, 'method' | 'path'>) => document.paths[route.path]![route.method.toLowerCase()]!;
const statusesOf = (route: RouteDefinition) => Object.keys(operationOf(route).responses).map(Number);
const headerOf = (response: Response, name: string) => {
  const ref = response.headers?.[name]?.$ref;
  return ref ? document.components.headers[ref.split('/').pop()!] : undefined;
};

/** Every schema object in the document, wherever it sits. */
function* schemasIn(value: unknown): Generator<Schema> {
  if (Array.isArray(value)) for (const item of value) yield* schemasIn(item);
  else if (value && typeof value === 'object') {
    if ('type' in value) yield value as Schema;
    for (const item of Object.values(value)) yield* schemasIn(item);
  }
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(openApiDocument(routeList)));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('names its server: the deployment that serves it, relative to where it is served', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('gives every integer its width, and If-Match the length the API accepts', () => {
    const integers = [...schemasIn(document)].filter((schema) => schema.type === 'integer');
    expect(integers.length).toBeGreaterThan(0);
    for (const schema of integers) expect(['int32', 'int64']).toContain(schema.format);
    const limit = operationOf(routes.listOrgs).parameters.find((parameter) => parameter.name === 'limit')!;
    expect(limit.schema).toMatchObject({ type: 'integer', format: 'int32', minimum: 1, maximum: 100 });
    const body = (operationOf(routes.createInvitation) as unknown as { requestBody: { content: Record<string, { schema: Schema }> } })
      .requestBody.content['application/json']!.schema as { properties: Record<string, Schema> };
    expect(body.properties.expires_in_days).toMatchObject({ type: 'integer', format: 'int32' });
    const ifMatch = operationOf(routes.updateOrg).parameters.find((parameter) => parameter.name === 'If-Match')!;
    expect(ifMatch.schema.maxLength).toBe(IF_MATCH_MAX_LENGTH);
  });

  it('declares the 404 of an invitation link that matches nothing, on every route that takes one', () => {
    for (const route of [routes.getInvitation, routes.acceptInvitation, routes.declineInvitation]) expect(statusesOf(route)).toContain(404);
  });

  it('declares the stage throttle (429) and failures (500) on every route, with Retry-After on 429 and 503', () => {
    for (const route of routeList) {
      const { responses } = operationOf(route);
      expect(Object.keys(responses), `${route.method} ${route.path}`).toEqual(expect.arrayContaining(['429', '500']));
      expect(headerOf(responses['429']!, 'Retry-After'), `${route.method} ${route.path}`).toMatchObject({ required: false });
      // DynamoDB's throttling, or a busy signing key where the row lists it.
      if (route.tableAccess !== 'none' || route.errorCodes?.some((code) => code.status === 503))
        expect(headerOf(responses['503']!, 'Retry-After')).toMatchObject({ required: true });
      else expect(responses['503']).toBeUndefined();
    }
  });

  it("declares API Gateway's own bodies beside the API's error, where the gateway answers by itself", () => {
    const apiError = { error: { code: 'unauthenticated', message: 'The bearer token has expired.', request_id: 'r-1', details: [] } };
    for (const route of routeList) {
      const check = (status: number, body: unknown) => undeclared(route, status, body);
      if (route.auth === 'user') {
        expect(check(401, { message: 'Unauthorized' }), route.path).toBeUndefined();
        expect(check(401, apiError), route.path).toBeUndefined();
      } else expect(statusesOf(route), route.path).not.toContain(401);
      if (route.path.includes('{')) expect(check(404, { message: 'Not Found' }), route.path).toBeUndefined();
      expect(check(429, { message: 'Too Many Requests' }), route.path).toBeUndefined();
      expect(check(500, { message: 'Internal Server Error' }), route.path).toBeUndefined();
      expect(check(500, { ...apiError, error: { ...apiError.error, code: 'internal_error' } }), route.path).toBeUndefined();
    }
  });

  it('is held to by the contract check, which refuses what it does not declare', () => {
    expect(undeclared(routes.getOrg, 418, {})).toMatch(/declares no 418/);
    expect(undeclared(routes.getOrg, 401, { message: 'Unauthorized', extra: true })).toMatch(/does not match/);
    expect(undeclared(routes.getOrg, 404, { error: { code: 'not_found' } })).toMatch(/does not match/);
    expect(undeclared(routes.health, 401, { message: 'Unauthorized' })).toMatch(/declares no 401/);
    expect(undeclared(routes.deleteWorkspace, 204, { unexpected: true })).toMatch(/without a body/);
  });

  it("documents a route's own error codes, by status, where its catalogue gives them", () => {
    const examples = new ExampleRegistry();
    const codes = { 409: [{ code: 'workspace_name_taken', message: 'An active workspace of this org already has this name.' }] };
    const documented = operation(routes.createWorkspace, examples, codes) as unknown as Operation & {
      responses: Record<string, Response & { 'x-error-codes'?: unknown; content: Record<string, { examples?: Record<string, unknown> }> }>;
    };
    const conflict = documented.responses['409']!;
    expect(conflict['x-error-codes']).toEqual(expect.arrayContaining(codes[409]));
    expect(conflict.description).toContain('`workspace_name_taken`');
    expect(conflict.content['application/json']!.examples?.workspace_name_taken).toEqual({
      $ref: '#/components/examples/workspace_name_taken',
    });
    expect(examples.examples.workspace_name_taken?.value).toMatchObject({ error: { code: 'workspace_name_taken' } });
  });
});
