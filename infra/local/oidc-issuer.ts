// A local OIDC issuer: one signing key (kept in the data directory, so tokens survive a restart),
// its JWKS, and ID tokens on demand. The same email always gets the same subject. For the
// invitation page it also plays the identity provider's sign-in: an authorization-code flow with
// PKCE whose "login" is a form that takes any address, for development only. A standard client
// library must accept it as it would a real provider (test/integration/local-oidc-issuer.test.ts
// runs openid-client against it), so it follows OpenID Connect Core where a client can tell.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import * as z from 'zod';
import { normalizeEmail } from '../../shared/vocabulary/email-address.js';

const ALGORITHM = 'RS256';
export const LOCAL_TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;
/** The one client the local issuer knows, and the audience of its tokens. */
export const LOCAL_CLIENT_ID = 'orgspace-local';
/**
 * Where the issuer lives on the local API: under a path of its own, so that the API's own
 * `/.well-known/jwks.json` holds Orgspace's access-token keys alone, as in AWS, where the issuer
 * is Cognito. Its discovery document, JWKS and `/oauth2/*` endpoints are all under it.
 */
export const LOCAL_ISSUER_PATH = '/local/oidc';
export const localIssuerUrl = (apiUrl: string): string => `${apiUrl}${LOCAL_ISSUER_PATH}`;
const CODE_LIFETIME_MS = 5 * 60 * 1000;

export interface LocalIssuer {
  issuer: string;
  jwks: { keys: JWK[] };
  issueToken(email: string, name?: string, options?: IssueTokenOptions): Promise<string>;
}

export interface IssueTokenOptions {
  expiresInSeconds?: number;
  /** Echoed from the authorization request, so the client can tell the token was minted for its own sign-in. */
  nonce?: string;
  /** Another client than the local one, to see what the API does with a token minted for someone else. */
  audience?: string;
  /** false mints a token whose address the provider has not verified, as a real one may (default true). */
  emailVerified?: boolean;
}

interface StoredKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

async function loadOrCreateKey(keyFile: string | undefined): Promise<StoredKey> {
  if (keyFile && existsSync(keyFile)) return JSON.parse(readFileSync(keyFile, 'utf8')) as StoredKey;
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = createHash('sha256').update(JSON.stringify(publicJwk)).digest('base64url').slice(0, 16);
  const stored = {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALGORITHM },
    publicJwk: { ...publicJwk, kid, alg: ALGORITHM, use: 'sig' },
  };
  if (keyFile) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify(stored), { mode: 0o600 });
  }
  return stored;
}

/** One subject per address as the API compares addresses, so `Bob@` and `bob@` are one user, and a Kelvin-sign `\u212Aate@` is not `kate@`. */
export function subjectForEmail(email: string): string {
  return `local|${createHash('sha256').update(normalizeEmail(email)).digest('hex').slice(0, 32)}`;
}

/** `keyFile` keeps the key across restarts; without it the key lives as long as the process. */
export async function createLocalIssuer(issuer: string, keyFile?: string): Promise<LocalIssuer> {
  const stored = await loadOrCreateKey(keyFile);
  const privateKey = await importJWK(stored.privateJwk, ALGORITHM);
  return {
    issuer,
    jwks: { keys: [stored.publicJwk] },
    async issueToken(email, name, options = {}) {
      // The address as given, as a real provider hands out what the user registered: folding it here
      // would hide from the API the look-alike addresses it has to tell apart.
      const address = email.trim();
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        email: address,
        email_verified: options.emailVerified ?? true,
        ...(name ? { name } : {}),
        ...(options.nonce ? { nonce: options.nonce } : {}),
        token_use: 'id',
      })
        .setProtectedHeader({ alg: ALGORITHM, kid: stored.publicJwk.kid!, typ: 'JWT' })
        .setIssuer(issuer)
        .setSubject(subjectForEmail(address))
        .setAudience(options.audience ?? LOCAL_CLIENT_ID)
        .setIssuedAt(now)
        .setExpirationTime(now + (options.expiresInSeconds ?? LOCAL_TOKEN_LIFETIME_SECONDS))
        .sign(privateKey);
    },
  };
}

/** An HTTP answer, for the local API to send as it is. */
export interface LocalSignInAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface LocalSignIn {
  /** GET <issuer>/oauth2/authorize: the sign-in form. */
  authorizeForm(query: URLSearchParams): LocalSignInAnswer;
  /** POST <issuer>/oauth2/authorize: the form's answer; a one-time code, sent back to the client by redirect. */
  authorize(form: URLSearchParams): LocalSignInAnswer;
  /** POST <issuer>/oauth2/token: the code, with its PKCE verifier, for an ID token. */
  token(form: URLSearchParams): Promise<LocalSignInAnswer>;
  /** GET or POST <issuer>/oauth2/userInfo: the signed-in person's claims, for the access token of a sign-in. */
  userinfo(authorization: string | undefined): LocalSignInAnswer;
}

interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  nonce: string;
  scope: string;
}

interface SignedInPerson {
  email: string;
  name: string | undefined;
}

interface IssuedCode extends Omit<AuthorizationRequest, 'state' | 'scope'>, SignedInPerson {
  expiresAt: number;
}

/** Opaque: only userinfo takes it, so it can never be mistaken for the ID token the API wants. */
interface IssuedAccessToken extends SignedInPerson {
  expiresAt: number;
}

const PKCE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const PKCE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
const NONCE = /^[\x21-\x7e]{1,255}$/;
const signInFields = z.object({ email: z.email().max(254), name: z.string().max(100) });

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);

const FORM_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

function page(status: number, body: string): LocalSignInAnswer {
  return {
    status,
    headers: FORM_HEADERS,
    body: `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Local sign-in (development only)</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1.25rem; color: #1f2328; }
    label { display: block; margin: 1rem 0 .25rem; font-weight: 600; }
    input { width: 100%; font: inherit; padding: .5rem; border: 1px solid #8c959f; border-radius: 6px; }
    .buttons { display: flex; gap: .75rem; margin-top: 1.5rem; }
    button { font: inherit; padding: .5rem 1rem; border-radius: 6px; border: 1px solid #0969da; background: #0969da; color: #fff; }
    button[value=cancel] { background: #fff; color: #1f2328; border-color: #8c959f; }
    .note { color: #59636e; }
    .error { color: #cf222e; }
  </style>
</head>
<body>
  <main>
    <h1>Local sign-in (development only)</h1>
    ${body}
  </main>
</body>
</html>`,
  };
}

function redirect(to: string, params: Record<string, string>): LocalSignInAnswer {
  const url = new URL(to);
  for (const [key, value] of Object.entries(params)) if (value !== '') url.searchParams.set(key, value);
  return { status: 302, headers: { location: url.href, 'cache-control': 'no-store' }, body: '' };
}

function tokenError(status: number, error: string, description: string): LocalSignInAnswer {
  return {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify({ error, error_description: description }),
  };
}

const json = (body: unknown): LocalSignInAnswer => ({
  status: 200,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache' },
  body: JSON.stringify(body),
});

const dropExpired = (entries: Map<string, { expiresAt: number }>, now: number) => {
  for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
};

const challengeOf = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/**
 * The sign-in side of the local issuer. Only redirect URIs on the issuer's own origin (the local
 * API) are accepted, so a code never leaves this machine's API; codes are single-use, bound to the
 * client, the redirect URI and the PKCE challenge, and live five minutes, in memory.
 */
export function createLocalSignIn(issuer: LocalIssuer): LocalSignIn {
  const { origin, pathname: issuerPath } = new URL(issuer.issuer);
  const codes = new Map<string, IssuedCode>();
  const accessTokens = new Map<string, IssuedAccessToken>();

  /** Who to answer, if the request says so validly; otherwise why not (shown, never redirected to). */
  function clientOf(params: URLSearchParams): { redirectUri: string } | { problem: string } {
    if (params.get('client_id') !== LOCAL_CLIENT_ID)
      return { problem: `Unknown client_id: the local issuer knows only "${LOCAL_CLIENT_ID}".` };
    const redirectUri = params.get('redirect_uri') ?? '';
    if (!URL.canParse(redirectUri)) return { problem: 'redirect_uri must be an absolute URL.' };
    const url = new URL(redirectUri);
    if (url.origin !== origin || url.hash !== '')
      return { problem: `redirect_uri must be a page of the local API (${origin}), without a fragment.` };
    return { redirectUri };
  }

  function requestOf(params: URLSearchParams): AuthorizationRequest | LocalSignInAnswer {
    const client = clientOf(params);
    if ('problem' in client) return page(400, `<p class="error" role="alert">${escapeHtml(client.problem)}</p>`);
    const state = params.get('state') ?? '';
    const codeChallenge = params.get('code_challenge') ?? '';
    if (!PKCE_CHALLENGE.test(codeChallenge)) {
      return redirect(client.redirectUri, {
        error: 'invalid_request',
        error_description: 'PKCE is required: send code_challenge (S256).',
        state,
      });
    }
    // Without openid the request is plain OAuth 2.0, which has no ID token; and an ID token is all this issuer is for.
    const scope = params.get('scope') ?? '';
    if (!scope.split(' ').includes('openid')) {
      return redirect(client.redirectUri, {
        error: 'invalid_scope',
        error_description: 'The local issuer speaks OpenID Connect only: include openid in scope (e.g. "openid email profile").',
        state,
      });
    }
    const nonce = params.get('nonce') ?? '';
    if (nonce !== '' && !NONCE.test(nonce)) {
      return redirect(client.redirectUri, {
        error: 'invalid_request',
        error_description: 'nonce must be 1 to 255 visible ASCII characters.',
        state,
      });
    }
    return { clientId: LOCAL_CLIENT_ID, redirectUri: client.redirectUri, state, codeChallenge, nonce, scope };
  }

  function form(request: AuthorizationRequest, values: { email: string; name: string }, problem?: string): LocalSignInAnswer {
    const hidden = {
      client_id: request.clientId,
      redirect_uri: request.redirectUri,
      state: request.state,
      code_challenge: request.codeChallenge,
      nonce: request.nonce,
      scope: request.scope,
    };
    return page(
      problem ? 400 : 200,
      `<p class="note">Stands in for the identity provider on this machine: any address signs in, and counts as verified. In AWS, Cognito's hosted sign-in takes its place.</p>
    <p class="note">Signing in to <strong>${escapeHtml(new URL(request.redirectUri).pathname)}</strong> on ${escapeHtml(origin)}.</p>
    ${problem ? `<p class="error" role="alert" id="problem">${escapeHtml(problem)}</p>` : ''}
    <form method="post" action="${escapeHtml(issuerPath)}/oauth2/authorize">
      <label for="email">Email</label>
      <input id="email" name="email" type="email" required autocomplete="email" value="${escapeHtml(values.email)}"${problem ? ' aria-describedby="problem"' : ''}>
      <label for="name">Name (optional)</label>
      <input id="name" name="name" autocomplete="name" maxlength="100" value="${escapeHtml(values.name)}">
${Object.entries(hidden)
  .map(([key, value]) => `      <input type="hidden" name="${key}" value="${escapeHtml(value)}">`)
  .join('\n')}
      <div class="buttons">
        <button type="submit" name="action" value="sign-in">Sign in</button>
        <button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
      </div>
    </form>`,
    );
  }

  return {
    authorizeForm(query) {
      const request = requestOf(query);
      if (!('clientId' in request)) return request;
      if (query.get('response_type') !== 'code') {
        return redirect(request.redirectUri, {
          error: 'unsupported_response_type',
          error_description: 'Only response_type=code is supported.',
          state: request.state,
        });
      }
      if (query.get('code_challenge_method') !== 'S256') {
        return redirect(request.redirectUri, {
          error: 'invalid_request',
          error_description: 'code_challenge_method must be S256.',
          state: request.state,
        });
      }
      // No sign-in is remembered between requests, so a silent one can never succeed (OIDC Core 3.1.2.6).
      const prompt = (query.get('prompt') ?? '').split(' ').filter(Boolean);
      if (prompt.includes('none')) {
        return redirect(request.redirectUri, {
          error: prompt.length === 1 ? 'login_required' : 'invalid_request',
          error_description:
            prompt.length === 1 ? 'The local sign-in keeps no session: sign in without prompt=none.' : 'prompt=none goes alone.',
          state: request.state,
        });
      }
      return form(request, { email: (query.get('login_hint') ?? '').slice(0, 254), name: '' });
    },

    authorize(params) {
      const request = requestOf(params);
      if (!('clientId' in request)) return request;
      if (params.get('action') === 'cancel') {
        return redirect(request.redirectUri, { error: 'access_denied', error_description: 'Sign-in was cancelled.', state: request.state });
      }
      const email = (params.get('email') ?? '').trim();
      const name = (params.get('name') ?? '').trim();
      const fields = signInFields.safeParse({ email, name });
      if (!fields.success) {
        const problem =
          fields.error.issues[0]?.path[0] === 'name'
            ? 'The name must be at most 100 characters.'
            : 'Enter an email address, such as you@example.com.';
        return form(request, { email, name }, problem);
      }
      const now = Date.now();
      dropExpired(codes, now);
      const code = randomBytes(32).toString('base64url');
      codes.set(code, {
        clientId: request.clientId,
        redirectUri: request.redirectUri,
        codeChallenge: request.codeChallenge,
        nonce: request.nonce,
        email: email.toLowerCase(),
        name: name || undefined,
        expiresAt: now + CODE_LIFETIME_MS,
      });
      return redirect(request.redirectUri, { code, state: request.state });
    },

    async token(params) {
      if (params.get('grant_type') !== 'authorization_code')
        return tokenError(400, 'unsupported_grant_type', 'Only grant_type=authorization_code is supported.');
      const code = params.get('code') ?? '';
      const issued = codes.get(code);
      codes.delete(code);
      if (!issued || issued.expiresAt <= Date.now()) return tokenError(400, 'invalid_grant', 'The code is unknown, used or expired.');
      if (params.get('client_id') !== issued.clientId) return tokenError(400, 'invalid_grant', 'The code was issued to another client.');
      if (params.get('redirect_uri') !== issued.redirectUri)
        return tokenError(400, 'invalid_grant', 'redirect_uri differs from the one the code was issued for.');
      const verifier = params.get('code_verifier') ?? '';
      if (!PKCE_VERIFIER.test(verifier) || challengeOf(verifier) !== issued.codeChallenge)
        return tokenError(400, 'invalid_grant', 'code_verifier does not match the code_challenge.');
      const idToken = await issuer.issueToken(issued.email, issued.name, { nonce: issued.nonce || undefined });
      const now = Date.now();
      dropExpired(accessTokens, now);
      const accessToken = randomBytes(32).toString('base64url');
      accessTokens.set(accessToken, { email: issued.email, name: issued.name, expiresAt: now + LOCAL_TOKEN_LIFETIME_SECONDS * 1000 });
      return json({ id_token: idToken, access_token: accessToken, token_type: 'Bearer', expires_in: LOCAL_TOKEN_LIFETIME_SECONDS });
    },

    userinfo(authorization) {
      const accessToken = /^Bearer ([A-Za-z0-9_-]+)$/i.exec(authorization ?? '')?.[1] ?? '';
      const person = accessTokens.get(accessToken);
      if (!person || person.expiresAt <= Date.now()) {
        return {
          status: 401,
          headers: { 'www-authenticate': 'Bearer error="invalid_token"', 'cache-control': 'no-store' },
          body: '',
        };
      }
      const { email, name } = person;
      return json({ sub: subjectForEmail(email), email, email_verified: true, ...(name ? { name } : {}) });
    },
  };
}
