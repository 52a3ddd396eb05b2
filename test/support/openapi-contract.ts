// Holds a real answer to what the OpenAPI document declares for its operation: a status the
// operation lists, and a body its schema for that status accepts. The security tests send every
// kind of request to every route; with this, each answer they get also proves the document right.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { routeList } from '../../features/routes.js';
import { openApiDocument } from '../../shared/http/openapi.js';
import type { RouteDefinition } from '../../shared/http/route.js';

type Operation = { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };

const document = structuredClone(openApiDocument(routeList)) as {
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, unknown>;
};

// Every response schema is compiled here, when the module loads, before a test opens any
// connection. Compiled lazily from the whole document by JSON pointer, as they were, they took
// about 4 s of a security test's run, in pieces of up to 100 ms between its requests; the worker's
// event loop stalled under its pooled keep-alive connections. Each schema is compiled on its own
// instead, its $refs pointed at the document's components, added once under an id of their own;
// the 240-odd response schemas are 19 distinct ones, about half a second in all.
const COMPONENTS_ID = 'orgspace-openapi-components';
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema({ $id: COMPONENTS_ID, components: document.components });

const byText = new Map<string, ValidateFunction>();
const validators = new Map<string, ValidateFunction>();
const key = (path: string, method: string, status: string) => `${method.toLowerCase()} ${path} ${status}`;
for (const [path, operations] of Object.entries(document.paths)) {
  for (const [method, operation] of Object.entries(operations)) {
    for (const [status, response] of Object.entries(operation.responses)) {
      const schema = response.content?.['application/json']?.schema;
      if (!schema) continue;
      const text = JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${COMPONENTS_ID}#/`);
      let validate = byText.get(text);
      if (!validate) {
        validate = ajv.compile(JSON.parse(text));
        byText.set(text, validate);
      }
      validators.set(key(path, method, status), validate);
    }
  }
}

/** Why this answer contradicts the document, or undefined when the document declares it. */
export function undeclared(route: Pick<RouteDefinition, 'method' | 'path'>, status: number, body: unknown): string | undefined {
  const where = `${route.method} ${route.path} ${status}`;
  const operation = document.paths[route.path]?.[route.method.toLowerCase()];
  if (!operation) return `${route.method} ${route.path} is not in the document`;
  const response = operation.responses[String(status)];
  if (!response) return `${where}: the document declares no ${status} (it declares ${Object.keys(operation.responses).join(', ')})`;
  if (!response.content) return body === undefined ? undefined : `${where}: declared without a body, but one came`;
  if (!response.content['application/json']) return undefined; // a page or a script, not JSON
  const validate = validators.get(key(route.path, route.method, String(status)));
  if (!validate) return `${where}: no schema`;
  if (validate(body)) return undefined;
  const errors = (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`).join('; ');
  return `${where}: the body does not match the declared schema (${errors}): ${String(JSON.stringify(body)).slice(0, 200)}`;
}
