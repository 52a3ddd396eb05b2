// The contract every endpoint keeps: how it authenticates, how it reports a client's mistakes,
// and the documents it publishes. Driven from the route table where it can be, so that a new
// route is covered without anyone remembering to.
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { decodeJwt, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { routeList, routes } from '../../features/routes.js';
import { apiUrl, call, mintToken, signUp, uniqueEmail } from '../support/api.js';
import { undeclared } from '../support/openapi-contract.js';

const concretePath = (path: string) => path.replace(/\{\w+\}/g, '01900000-0000-7000-8000-000000000000');
const privateRoutes = routeList.filter((route) => route.auth === 'user');

describe('authentication', () => {
  it('gives every private route 401 without a token, as API Gateway does', async () => {
    for (const route of privateRoutes) {
      const response = await call(route.method, concretePath(route.path));
      expect(response.status, `${route.method} ${route.path}`).toBe(401);
      expect(response.body).toEqual({ message: 'Unauthorized' });
    }
  });

  it('answers an expired, foreign-signed or malformed token with a JSON 401 that says what is wrong', async () => {
    const expired = await mintToken('late@example.com', 'Late', -120);
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ email: 'mallory@example.com', email_verified: true })
      .setProtectedHeader({ alg: 'RS256', kid: 'not-ours' })
      .setIssuer(apiUrl())
      .setSubject('mallory')
      .setExpirationTime('1h')
      .sign(privateKey);

    const cases: Array<[string, RegExp]> = [
      [`Bearer ${expired}`, /expired/],
      [`Bearer ${forged}`, /not valid/],
      ['Bearer not-a-jwt', /not valid/],
      [`Basic ${Buffer.from('a:b').toString('base64')}`, /Bearer/],
    ];
    for (const [authorization, message] of cases) {
      const response = await call('GET', '/api/v1/me', { headers: { authorization } });
      expect(response.status, authorization.slice(0, 20)).toBe(401);
      expect(response.body.error.code).toBe('unauthenticated');
      expect(response.body.error.message).toMatch(message);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('refuses a token once it expires, though API Gateway still holds its verdict (#4)', async () => {
    const token = await mintToken(uniqueEmail('short'), 'Short Lived', 2);
    const { exp } = decodeJwt(token);
    // The first request caches the authorizer's verdict for 5 minutes, as API Gateway does.
    expect((await call('GET', '/api/v1/me', { token })).status).toBe(200);
    // The authorizer allows 5 seconds of clock skew past exp; so does the handler.
    await new Promise((resolve) => setTimeout(resolve, (exp! + 5) * 1000 + 1_100 - Date.now()));
    for (const [method, path] of [
      ['GET', '/api/v1/me'],
      ['POST', '/api/v1/orgs'],
    ] as const) {
      const response = await call(method, path, { token, body: method === 'POST' ? { name: 'Too late' } : undefined });
      expect(response.status, path).toBe(401);
      expect(response.body.error).toMatchObject({
        code: 'unauthenticated',
        message: expect.stringMatching(/^The bearer token has expired/),
      });
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    }
  }, 30_000);

  it('refuses a token the issuer minted for another client (its aud), and takes the same one for this API', async () => {
    const email = 'other-app@example.com';
    const foreign = await call('POST', '/dev/token', { body: { email, audience: 'another-app' } });
    expect(decodeJwt(foreign.body.access_token)).toMatchObject({ aud: 'another-app', email });

    const refused = await call('GET', '/api/v1/me', { token: foreign.body.access_token });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({ code: 'unauthenticated', message: expect.stringMatching(/not valid/) });
    expect((await call('GET', '/api/v1/me', { token: await mintToken(email) })).status).toBe(200);
  });

  it('rejects a token from another issuer even when it is well signed', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ email: 'eve@example.com' })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer('https://evil.example.com')
      .setSubject('eve')
      .setExpirationTime('1h')
      .sign(privateKey);
    expect((await call('GET', '/api/v1/orgs', { token })).status).toBe(401);
  });

  it('serves public routes without a token', async () => {
    // Routes with a path parameter (an invitation token) are exercised by their own tests.
    for (const route of routeList.filter((r) => r.auth === 'public' && !r.path.includes('{'))) {
      expect((await call(route.method, route.path)).status, route.path).toBe(route.successStatus);
    }
  });
});

describe("a client's mistakes are 4xx with a JSON error", () => {
  it('names malformed JSON, a wrong content type and a missing body', async () => {
    const { token } = await signUp('client');
    const malformed = await call('POST', '/api/v1/orgs', {
      token,
      rawBody: '{"name": "Acme"',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'invalid_request', details: [{ field: 'body', message: 'must be valid JSON' }] });

    const form = await call('POST', '/api/v1/orgs', {
      token,
      rawBody: 'name=Acme',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(form.body.error.code).toBe('unsupported_media_type');

    const empty = await call('POST', '/api/v1/orgs', { token });
    expect(empty.status).toBe(400);
  });

  it('says what to fix, field by field', async () => {
    const user = await signUp('client');
    const orgId = (await user.api.get('/api/v1/me')).body.orgs[0].id;
    const response = await user.api.post(`/api/v1/orgs/${orgId}/workspaces`, { status: 'archived', org_id: orgId });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe('body.name is required (and 2 more problems).');
    expect(response.body.error.details).toEqual([
      { field: 'body.name', message: 'is required' },
      { field: 'body.status', message: 'must be one of: active, inactive' },
      { field: 'body.org_id', message: 'is not a field of this request; remove it' },
    ]);
  });

  it('refuses bodies over 64 KB with 413', async () => {
    const { token } = await signUp('client');
    const response = await call('POST', '/api/v1/orgs', { token, body: { name: 'Acme', padding: 'x'.repeat(70 * 1024) } });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
  });

  it('checks limit and cursor on every list', async () => {
    const user = await signUp('client');
    const orgId = (await user.api.get('/api/v1/me')).body.orgs[0].id;
    const workspaceId = (await user.api.get(`/api/v1/orgs/${orgId}/workspaces`)).body.data[0].id;
    const webhook = { url: 'http://127.0.0.1:9/orgspace-sample', events: ['webhook.disabled'] };
    const webhookId = (await user.api.post(`/api/v1/orgs/${orgId}/webhooks`, webhook)).body.id;
    const lists = routeList.filter((route) => route.query && route.auth === 'user');
    expect(lists.length).toBeGreaterThan(0);
    for (const route of lists) {
      const path = route.path
        .replace('{orgId}', orgId)
        .replace('{workspaceId}', workspaceId)
        .replace('{webhookId}', webhookId)
        .replace('{userId}', user.id);
      for (const query of ['limit=0', 'limit=101', 'limit=ten', 'limit=2.5', 'cursor=garbage', 'unknown=1']) {
        const response = await user.api.get(`${path}?${query}`);
        expect(response.status, `${path}?${query}`).toBe(400);
        expect(response.body.error.details.length).toBeGreaterThan(0);
      }
      expect((await user.api.get(`${path}?limit=100`)).status).toBe(200);
    }
  });

  it('answers a path id that is not a UUID with 400 naming the parameter', async () => {
    const user = await signUp('client');
    const response = await user.api.get('/api/v1/orgs/not-a-uuid');
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ field: 'path.orgId', message: 'must be a UUID' }]);
  });

  it("answers a malformed percent-encoding or an empty id in the path with API Gateway's own body, as the document declares", async () => {
    const user = await signUp('client');
    const undecodable = await user.api.get('/api/v1/orgs/%E0%A4%A');
    expect([undecodable.status, undecodable.body]).toEqual([400, { message: 'Bad Request' }]);
    expect(undeclared(routes.getOrg, undecodable.status, undecodable.body)).toBeUndefined();
    const empty = await user.api.get('/api/v1/orgs//workspaces');
    expect([empty.status, empty.body]).toEqual([404, { message: 'Not Found' }]);
    expect(undeclared(routes.listWorkspaces, empty.status, empty.body)).toBeUndefined();
  });

  it('answers an unknown path with 404', async () => {
    expect((await call('GET', '/api/v1/nothing-here')).status).toBe(404);
  });

  it('never leaks table keys in any response', async () => {
    const user = await signUp('client');
    const me = await user.api.get('/api/v1/me');
    const orgId = me.body.orgs[0].id;
    const bodies = [me.body, (await user.api.get('/api/v1/orgs')).body, (await user.api.get(`/api/v1/orgs/${orgId}/workspaces`)).body];
    for (const body of bodies) expect(JSON.stringify(body)).not.toMatch(/"(pk|sk|gsi1pk|gsi1sk)"|ORG#|USER#|MEMBER#|WS#/);
  });
});

describe('published documents', () => {
  it('describes every route of the route table in the OpenAPI document', async () => {
    const { status, body } = await call('GET', '/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    for (const route of routeList) {
      const operation = body.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(Object.keys(operation.responses)).toContain(String(route.successStatus));
      expect(operation.security).toEqual(route.auth === 'user' ? [{ bearer: [] }] : []);
    }
    expect(body.paths['/api/v1/orgs/{orgId}/workspaces'].post.requestBody.content['application/json'].schema.required).toEqual(['name']);
  });

  it('serves Swagger UI under a strict policy, with every file it loads from the API itself', async () => {
    const page = await fetch(`${apiUrl()}/docs`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const policy = Object.fromEntries(
      (page.headers.get('content-security-policy') ?? '').split(/;\s*/).map((directive) => {
        const [name, ...sources] = directive.split(' ');
        return [name, sources];
      }),
    );
    expect(policy).toEqual({
      'default-src': ["'none'"],
      'script-src': ["'self'", expect.stringMatching(/^'sha256-[A-Za-z0-9+/]{43}='$/)],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    // The one inline script is the one the policy's hash allows.
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
    expect(inline).toHaveLength(1);
    expect(policy['script-src'][1]).toBe(`'sha256-${createHash('sha256').update(inline[0]!).digest('base64')}'`);
    expect(inline[0]).not.toMatch(/persistAuthorization:\s*true/);
    // Every file the page refers to is a relative URL on the API, and answers with its type.
    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(references.sort()).toEqual(['docs/assets/swagger-ui-bundle.js', 'docs/assets/swagger-ui.css']);
    const types: Record<string, string> = {
      'docs/assets/swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
      'docs/assets/swagger-ui.css': 'text/css; charset=utf-8',
    };
    for (const reference of references) {
      const asset = await fetch(new URL(reference, `${apiUrl()}/docs`));
      expect(new URL(asset.url).origin, reference).toBe(new URL(apiUrl()).origin);
      expect([asset.status, asset.headers.get('content-type'), asset.headers.get('x-content-type-options')], reference).toEqual([
        200,
        types[reference],
        'nosniff',
      ]);
      expect((await asset.text()).length, reference).toBeGreaterThan(10_000);
    }
  });

  it('serves only the files of Swagger UI that the page loads', async () => {
    for (const file of ['index.html', 'swagger-ui.js.map', 'package.json', '..%2F..%2Fpackage.json', 'swagger-ui-bundle.js.LICENSE.txt']) {
      const response = await call('GET', `/docs/assets/${file}`);
      expect(response.status, file).toBe(400);
      expect(response.body.error.details[0].field, file).toBe('path.file');
    }
  });
});

describe('browsers', () => {
  it('may call the API from another origin', async () => {
    const preflight = await fetch(`${apiUrl()}/api/v1/orgs`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH');

    const actual = await fetch(`${apiUrl()}/api/v1/health`, { headers: { origin: 'http://localhost:5173' } });
    expect(actual.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('connections', () => {
  // A client may reuse a connection until just before the advertised timeout; Node would close it
  // 1 s after. Kept open well past that, a request sent in time never meets a closing connection.
  it('keeps an idle connection open well past the keep-alive timeout it advertises', async () => {
    const { hostname, port } = new URL(apiUrl());
    const socket = connect(Number(port), hostname);
    socket.setEncoding('utf8');
    let received = '';
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    const answers = async (count: number) => {
      for (let waited = 0; (received.match(/^HTTP\/1\.1 /gm) ?? []).length < count; waited += 20) {
        if (waited > 5_000 || socket.closed) throw new Error(`no answer ${count} on one connection: ${JSON.stringify(received)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const request = `GET /api/v1/health HTTP/1.1\r\nhost: ${hostname}:${port}\r\n\r\n`;
    try {
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      socket.write(request);
      await answers(1);
      const advertised = Number(/^keep-alive: timeout=(\d+)/im.exec(received)?.[1]);
      expect(advertised).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, advertised * 1000 + 1_500));
      expect(socket.closed).toBe(false);
      socket.write(request);
      await answers(2);
    } finally {
      socket.destroy();
    }
  });
});
