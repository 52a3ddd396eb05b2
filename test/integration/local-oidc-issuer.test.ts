// The local issuer as a standard OpenID Connect client sees it: openid-client discovers it, runs
// the authorization-code flow with PKCE, state and nonce (a person filling in the local sign-in
// form in between), validates the ID token, signature included, and calls userinfo. If the local
// issuer drifts from the specification, this is where a client library says so.
import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER_PATH } from '../../infra/local/oidc-issuer.js';
import { apiUrl, call, issuerUrl, uniqueEmail } from '../support/api.js';

const redirectUri = () => `${apiUrl()}/invite`;

async function discover(): Promise<client.Configuration> {
  const config = await client.discovery(new URL(issuerUrl()), LOCAL_CLIENT_ID, undefined, client.None(), {
    execute: [client.allowInsecureRequests],
  });
  // The ID token's signature checked against the JWKS too, not only its claims.
  client.enableNonRepudiationChecks(config);
  return config;
}

const HTML_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescapeHtml = (text: string) => text.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => HTML_ENTITIES[entity]!);

/** Opens the authorization URL, fills in the sign-in form as a person would, and returns where the issuer sends the browser. */
async function signInThroughForm(authorizationUrl: URL, fields: { email: string; name?: string }): Promise<URL> {
  const formPage = await fetch(authorizationUrl, { redirect: 'manual' });
  expect(formPage.status, 'the sign-in form').toBe(200);
  const html = await formPage.text();
  const hidden = [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(
    ([, name, value]) => [name!, unescapeHtml(value!)] as [string, string],
  );
  const answer = await fetch(`${issuerUrl()}/oauth2/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams([...hidden, ['email', fields.email], ['name', fields.name ?? ''], ['action', 'sign-in']]),
  });
  expect(answer.status, await answer.clone().text()).toBe(302);
  return new URL(answer.headers.get('location')!);
}

interface Flow {
  verifier: string;
  state: string;
  nonce: string;
  url: URL;
}

async function authorizationRequest(config: client.Configuration, extra: Record<string, string> = {}): Promise<Flow> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(),
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  return { verifier, state, nonce, url };
}

const grant = (config: client.Configuration, flow: Flow, callback: URL) =>
  client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: flow.verifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
    idTokenExpected: true,
  });

describe('the local issuer, to a standard OpenID Connect client', () => {
  it('signs a person in with code, PKCE and nonce; the ID token validates, userinfo answers, and the API accepts it', async () => {
    const config = await discover();
    const email = uniqueEmail('oidc');
    const flow = await authorizationRequest(config);

    const callback = await signInThroughForm(flow.url, { email, name: 'Olive Dee' });
    const tokens = await grant(config, flow, callback);

    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ iss: issuerUrl(), aud: LOCAL_CLIENT_ID, nonce: flow.nonce, email, name: 'Olive Dee' });
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(userinfo).toMatchObject({ sub: claims.sub, email, email_verified: true, name: 'Olive Dee' });
    // userinfo takes the access token only, not the ID token that the API takes.
    await expect(client.fetchUserInfo(config, tokens.id_token!, claims.sub)).rejects.toThrow();
    expect((await call('GET', '/api/v1/me', { token: tokens.id_token })).body.email).toBe(email);
  });

  it('puts the name typed in the form into the tokens, also for someone who signed in before (issue 16)', async () => {
    const config = await discover();
    const email = uniqueEmail('renamed');
    const signIn = async (name: string) => {
      const flow = await authorizationRequest(config, { login_hint: email });
      const tokens = await grant(config, flow, await signInThroughForm(flow.url, { email, name }));
      const userinfo = await client.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
      return { idToken: tokens.id_token!, name: tokens.claims()!.name, userinfoName: userinfo.name };
    };
    const first = await signIn('Olive First');
    expect((await call('GET', '/api/v1/me', { token: first.idToken })).status).toBe(200);

    const again = await signIn('Olive Second');

    expect(again).toMatchObject({ name: 'Olive Second', userinfoName: 'Olive Second' });
    expect((await call('GET', '/api/v1/me', { token: again.idToken })).body.email).toBe(email);
  });

  it('answers prompt=none with login_required at the redirect URI, never with a form (it keeps no session)', async () => {
    const config = await discover();
    const flow = await authorizationRequest(config, { prompt: 'none' });

    const answer = await fetch(flow.url, { redirect: 'manual' });

    expect(answer.status).toBe(302);
    const callback = new URL(answer.headers.get('location')!);
    expect(callback.origin + callback.pathname).toBe(redirectUri());
    await expect(grant(config, flow, callback)).rejects.toMatchObject({ error: 'login_required' });
    expect(callback.searchParams.get('state')).toBe(flow.state);
  });

  it('issues ID tokens only in OpenID Connect: a request without the openid scope gets invalid_scope', async () => {
    const config = await discover();
    const flow = await authorizationRequest(config, { scope: 'email profile' });

    const answer = await fetch(flow.url, { redirect: 'manual' });

    expect(answer.status).toBe(302);
    const callback = new URL(answer.headers.get('location')!);
    await expect(grant(config, flow, callback)).rejects.toMatchObject({ error: 'invalid_scope' });
  });
});

describe('where the local issuer lives', () => {
  it("answers under a path of its own, leaving the API origin's /.well-known to Orgspace's own keys", async () => {
    const discovery = await call('GET', `${LOCAL_ISSUER_PATH}/.well-known/openid-configuration`);

    expect(discovery.body).toMatchObject({
      issuer: issuerUrl(),
      jwks_uri: `${issuerUrl()}/.well-known/jwks.json`,
      authorization_endpoint: `${issuerUrl()}/oauth2/authorize`,
      token_endpoint: `${issuerUrl()}/oauth2/token`,
      userinfo_endpoint: `${issuerUrl()}/oauth2/userInfo`,
    });
    expect((await call('GET', '/.well-known/openid-configuration')).status).toBe(404);
    expect((await call('GET', '/oauth2/authorize')).status).toBe(404);
  });
});

describe('/dev/token, the shortcut for curl', () => {
  it('answers a bare token with Accept: text/plain, ready for TOKEN=$(curl ...)', async () => {
    const email = uniqueEmail('curl');
    const answer = await call('POST', '/dev/token', { body: { email }, headers: { accept: 'text/plain' } });

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(answer.body).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect((await call('GET', '/api/v1/me', { token: answer.body.trim() })).body.email).toBe(email);
    // Without it, the JSON answer as before.
    expect((await call('POST', '/dev/token', { body: { email } })).body).toMatchObject({ token_type: 'Bearer' });
  });
});
