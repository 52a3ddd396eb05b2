// Emulates API Gateway's HTTP API on a local port: matches the route table, runs the same
// authorizer (with the same per-token cache) and the same handler modules as Lambda would, with
// API Gateway v2 events. Where API Gateway answers by itself (no route, no Authorization header,
// a crashed function) this answers as it does, so that local behaviour is what AWS will do.
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { routeList } from '../../features/routes.js';
import { CORS_POLICY } from '../../shared/http/cors.js';
import { errorResponse } from '../../shared/http/error-response.js';
import { issueDetails } from '../../shared/http/request-input.js';
import type { RouteDefinition } from '../../shared/http/route.js';
import { ValidationError } from '../../shared/vocabulary/errors.js';
import { lambdaContext, loadHandler as loadModuleHandler } from './lambda-modules.js';
import { createLocalSignIn, LOCAL_TOKEN_LIFETIME_SECONDS, type LocalIssuer, type LocalSignInAnswer } from './oidc-issuer.js';

const AUTHORIZER_CACHE_MS = 5 * 60 * 1000;
const API_GATEWAY_MAX_BODY = 10 * 1024 * 1024;
export const LOCAL_DOCS_ASSETS_PATH = '/docs/assets';

type LambdaHandler = (event: unknown, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
const loadHandler = (name: string) => loadModuleHandler<LambdaHandler>(name);
type AuthorizerResult = { isAuthorized: boolean; context?: Record<string, unknown> };

interface CompiledRoute {
  route: RouteDefinition;
  pattern: RegExp;
  paramNames: string[];
}

function compile(route: RouteDefinition): CompiledRoute {
  const paramNames: string[] = [];
  const segments = route.path.split('/').map((segment) => {
    const param = /^\{(\w+)\}$/.exec(segment)?.[1];
    if (!param) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
    paramNames.push(param);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${segments.join('/')}$`), paramNames };
}

// Like API Gateway: literal segments win over parameters.
const compiledRoutes = routeList.map(compile).sort((a, b) => a.paramNames.length - b.paramNames.length);

function gatewayHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

function queryParameters(url: URL): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [key, value] of url.searchParams) params[key] = key in params ? `${params[key]},${value}` : value;
  return Object.keys(params).length > 0 ? params : undefined;
}

async function readBody(request: IncomingMessage): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > API_GATEWAY_MAX_BODY) return 'too_large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(body);
}

const gatewayError = (response: ServerResponse, status: number, message: string) => send(response, status, JSON.stringify({ message }));

const tokenRequest = z.strictObject({
  // Any address a provider might verify, Unicode included, so that tests can present look-alikes.
  email: z.email({ pattern: z.regexes.unicodeEmail }),
  name: z.string().trim().min(1).max(100).optional(),
  /** Lifetime in seconds; a negative value mints an already expired token, for trying error paths. */
  expires_in: z.number().int().min(-86_400).max(86_400).optional(),
  /** The token's `aud`, when it should look minted for another client than orgspace-local. */
  audience: z.string().trim().min(1).max(200).optional(),
});

export interface LocalApi {
  url: string;
  server: Server;
  stop(): Promise<void>;
}

export async function startLocalApi(options: { port: number; host?: string; issuer: LocalIssuer }): Promise<LocalApi> {
  const { issuer } = options;
  const signIn = createLocalSignIn(issuer);
  const authorizerCache = new Map<string, { result: AuthorizerResult; expires: number }>();
  const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

  async function authorize(headerValue: string, event: APIGatewayProxyEventV2): Promise<AuthorizerResult> {
    const cached = authorizerCache.get(headerValue);
    if (cached && cached.expires > Date.now()) return cached.result;
    const authorizer = await loadHandler('authorizer');
    const result = (await authorizer(
      {
        ...event,
        type: 'REQUEST',
        identitySource: [headerValue],
        routeArn: `arn:aws:execute-api:local:000000000000:local/$default/${event.routeKey}`,
      },
      lambdaContext('authorizer', event.requestContext.requestId),
    )) as unknown as AuthorizerResult;
    authorizerCache.set(headerValue, { result, expires: Date.now() + AUTHORIZER_CACHE_MS });
    return result;
  }

  function signInAnswer(request: IncomingMessage, url: URL, body: Buffer): LocalSignInAnswer | Promise<LocalSignInAnswer> | undefined {
    const isForm = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
    const form = () => new URLSearchParams(body.toString('utf8'));
    if (url.pathname === '/oauth2/authorize') {
      if (request.method === 'GET') return signIn.authorizeForm(url.searchParams);
      if (request.method === 'POST')
        return isForm
          ? signIn.authorize(form())
          : { status: 415, headers: { 'content-type': 'text/plain' }, body: 'Send the sign-in form as application/x-www-form-urlencoded.' };
      return undefined;
    }
    if (url.pathname === '/oauth2/userInfo')
      return request.method === 'GET' || request.method === 'POST' ? signIn.userinfo(request.headers.authorization) : undefined;
    if (request.method !== 'POST') return undefined;
    if (!isForm)
      return {
        status: 400,
        headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
        body: JSON.stringify({ error: 'invalid_request', error_description: 'Send application/x-www-form-urlencoded.' }),
      };
    return signIn.token(form());
  }

  async function serveLocalExtras(request: IncomingMessage, response: ServerResponse, url: URL, body: Buffer): Promise<boolean> {
    if (request.method === 'GET' && url.pathname === '/.well-known/jwks.json') {
      send(response, 200, JSON.stringify(issuer.jwks));
      return true;
    }
    if (request.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      send(
        response,
        200,
        JSON.stringify({
          issuer: issuer.issuer,
          jwks_uri: `${issuer.issuer}/.well-known/jwks.json`,
          authorization_endpoint: `${issuer.issuer}/oauth2/authorize`,
          token_endpoint: `${issuer.issuer}/oauth2/token`,
          userinfo_endpoint: `${issuer.issuer}/oauth2/userInfo`,
          response_types_supported: ['code'],
          grant_types_supported: ['authorization_code'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['none'],
          scopes_supported: ['openid', 'email', 'profile'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
      return true;
    }
    // The local stand-in for an identity provider's sign-in, used by the invitation page (/invite).
    if (['/oauth2/authorize', '/oauth2/token', '/oauth2/userInfo'].includes(url.pathname)) {
      const answer = signInAnswer(request, url, body);
      if (!answer) return false;
      const resolved = await answer;
      response.writeHead(resolved.status, resolved.headers);
      response.end(resolved.body);
      return true;
    }
    if (request.method === 'POST' && url.pathname === '/dev/token') {
      let parsed: ReturnType<typeof tokenRequest.safeParse>;
      try {
        parsed = tokenRequest.safeParse(JSON.parse(body.toString('utf8') || '{}'));
      } catch {
        parsed = tokenRequest.safeParse(undefined);
      }
      if (!parsed.success) {
        const error = new ValidationError(
          'Send {"email": "you@example.com", "name": "Optional Name"}.',
          issueDetails('body', parsed.error.issues),
        );
        const answer = errorResponse(error, randomUUID());
        send(response, answer.statusCode, answer.body ?? '', answer.headers);
        return true;
      }
      const expiresIn = parsed.data.expires_in ?? LOCAL_TOKEN_LIFETIME_SECONDS;
      const token = await issuer.issueToken(parsed.data.email, parsed.data.name, {
        expiresInSeconds: expiresIn,
        audience: parsed.data.audience,
      });
      // A bare token for TOKEN=$(curl ...), with no JSON to pick apart.
      if ((request.headers.accept ?? '').includes('text/plain'))
        send(response, 200, `${token}\n`, { 'content-type': 'text/plain; charset=utf-8' });
      else send(response, 200, JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: expiresIn }));
      return true;
    }
    if (request.method === 'GET' && url.pathname === '/') {
      response.writeHead(302, { location: '/docs' });
      response.end();
      return true;
    }
    if (request.method === 'GET' && url.pathname.startsWith(`${LOCAL_DOCS_ASSETS_PATH}/`)) {
      const file = normalize(join(swaggerDir, url.pathname.slice(LOCAL_DOCS_ASSETS_PATH.length + 1)));
      if (!file.startsWith(swaggerDir) || !existsSync(file)) return false;
      const type = file.endsWith('.css') ? 'text/css' : file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream';
      response.writeHead(200, { 'content-type': type, 'cache-control': 'public, max-age=3600' });
      createReadStream(file).pipe(response);
      return true;
    }
    return false;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.headers.origin) {
      response.setHeader('access-control-allow-origin', CORS_POLICY.allowOrigins.join(','));
      response.setHeader('access-control-expose-headers', CORS_POLICY.exposeHeaders.join(','));
      if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
        response.writeHead(204, {
          'access-control-allow-methods': CORS_POLICY.allowMethods.join(','),
          'access-control-allow-headers': CORS_POLICY.allowHeaders.join(','),
          'access-control-max-age': String(CORS_POLICY.maxAgeSeconds),
        });
        response.end();
        return;
      }
    }
    const body = await readBody(request);
    if (body === 'too_large') return gatewayError(response, 413, 'Request Entity Too Large');
    if (await serveLocalExtras(request, response, url, body)) return;

    const method = request.method ?? 'GET';
    let match: { compiled: CompiledRoute; values: string[] } | undefined;
    for (const compiled of compiledRoutes) {
      const found = compiled.pattern.exec(url.pathname);
      if (found && compiled.route.method === method) {
        match = { compiled, values: found.slice(1) };
        break;
      }
    }
    if (!match) return gatewayError(response, 404, 'Not Found');
    const { route, paramNames } = match.compiled;
    let pathValues: string[];
    try {
      pathValues = match.values.map((value) => decodeURIComponent(value));
    } catch {
      return gatewayError(response, 400, 'Bad Request');
    }

    const requestId = randomUUID();
    const headers = gatewayHeaders(request);
    const now = new Date();
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey: `${route.method} ${route.path}`,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      queryStringParameters: queryParameters(url),
      pathParameters: paramNames.length > 0 ? Object.fromEntries(paramNames.map((name, i) => [name, pathValues[i]!])) : undefined,
      body: body.length > 0 ? body.toString('utf8') : undefined,
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${request.httpVersion}`,
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey: `${route.method} ${route.path}`,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
      },
    };

    if (route.auth === 'user') {
      const authorization = headers.authorization;
      if (!authorization) return gatewayError(response, 401, 'Unauthorized');
      let verdict: AuthorizerResult;
      try {
        verdict = await authorize(authorization, event);
      } catch (error) {
        console.error('[local api] authorizer failed:', error);
        return gatewayError(response, 500, 'Internal Server Error');
      }
      if (!verdict.isAuthorized) return gatewayError(response, 403, 'Forbidden');
      (event.requestContext as unknown as { authorizer: unknown }).authorizer = { lambda: verdict.context ?? {} };
    }

    let result: APIGatewayProxyStructuredResultV2;
    try {
      const handler = await loadHandler(route.name);
      result = await handler(event, lambdaContext(route.name, requestId));
    } catch (error) {
      console.error(`[local api] ${route.name} failed:`, error);
      return gatewayError(response, 500, 'Internal Server Error');
    }
    const responseBody = result.body === undefined ? '' : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
    response.writeHead(result.statusCode ?? 200, { 'apigw-requestid': requestId, ...(result.headers as Record<string, string>) });
    response.end(responseBody);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      console.error('[local api] request failed:', error);
      if (!response.headersSent) gatewayError(response, 500, 'Internal Server Error');
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://localhost:${port}`,
    server,
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
