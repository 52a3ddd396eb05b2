// Holds a real answer to what the OpenAPI document declares for its operation: a status the
// operation lists, and a body its schema for that status accepts. The security tests send every
// kind of request to every route; with this, each answer they get also proves the document right.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { openApiDocument } from '../../shared/http/openapi.js';
import type { RouteDefinition } from '../../shared/http/route.js';

type Operation = { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };

const DOCUMENT_ID = 'orgspace-openapi.json';
const document = structuredClone(openApiDocument()) as { paths: Record<string, Record<string, Operation>> };
// The whole document is added once; each response schema is compiled from it by JSON pointer, so
// its $refs to components resolve as they do for a client.
const ajv = new Ajv2020({ strict: false, validateFormats: false, validateSchema: false, allErrors: true });
ajv.addSchema(document, DOCUMENT_ID);

const pointer = (...segments: string[]) =>
  segments.map((segment) => `/${encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'))}`).join('');

/** Why this answer contradicts the document, or undefined when the document declares it. */
export function undeclared(route: Pick<RouteDefinition, 'method' | 'path'>, status: number, body: unknown): string | undefined {
  const where = `${route.method} ${route.path} ${status}`;
  const operation = document.paths[route.path]?.[route.method.toLowerCase()];
  if (!operation) return `${route.method} ${route.path} is not in the document`;
  const response = operation.responses[String(status)];
  if (!response) return `${where}: the document declares no ${status} (it declares ${Object.keys(operation.responses).join(', ')})`;
  if (!response.content) return body === undefined ? undefined : `${where}: declared without a body, but one came`;
  if (!response.content['application/json']) return undefined; // a page or a script, not JSON
  const validate = ajv.getSchema(
    `${DOCUMENT_ID}#${pointer('paths', route.path, route.method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema')}`,
  );
  if (!validate) return `${where}: no schema`;
  if (validate(body)) return undefined;
  const errors = (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`).join('; ');
  return `${where}: the body does not match the declared schema (${errors}): ${String(JSON.stringify(body)).slice(0, 200)}`;
}
