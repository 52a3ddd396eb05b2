// A small client for tests: signs users in through the local issuer and calls the API the way
// an HTTPS client would.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { localIssuerUrl, subjectForEmail } from '../../infra/local/oidc-issuer.js';
import { userIdFor } from '../../shared/vocabulary/ids.js';

let apiOverride: string | undefined;
/** Points this test file's client at another local environment (one a test started itself). */
export function useApi(url: string): void {
  apiOverride = url;
}
export const apiUrl = () => apiOverride ?? inject('apiUrl');
/** The local sign-in issuer, which lives under the API's origin at a path of its own. */
export const issuerUrl = () => localIssuerUrl(apiUrl());

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = any>(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let payload: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${apiUrl()}${path}`, { method, headers, body: payload });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: body as T, headers: response.headers };
}

export interface TestUser {
  email: string;
  name: string;
  token: string;
  id: string;
  api: {
    get: <T = any>(path: string) => Promise<ApiResponse<T>>;
    post: <T = any>(path: string, body?: unknown) => Promise<ApiResponse<T>>;
    patch: <T = any>(path: string, body?: unknown) => Promise<ApiResponse<T>>;
    put: <T = any>(path: string, body?: unknown) => Promise<ApiResponse<T>>;
    delete: <T = any>(path: string) => Promise<ApiResponse<T>>;
  };
}

export async function mintToken(
  email: string,
  name?: string,
  expiresIn?: number,
  options: { emailVerified?: boolean } = {},
): Promise<string> {
  const response = await call<{ access_token: string }>('POST', '/dev/token', {
    body: {
      email,
      ...(name ? { name } : {}),
      ...(expiresIn !== undefined ? { expires_in: expiresIn } : {}),
      ...(options.emailVerified === false ? { email_verified: false } : {}),
    },
  });
  if (response.status !== 200) throw new Error(`token: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.access_token;
}

export const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.com`;

/** The API as a client holding this bearer token calls it. */
export function apiWithToken(token: string): TestUser['api'] {
  return {
    get: (path) => call('GET', path, { token }),
    post: (path, body) => call('POST', path, { token, body }),
    patch: (path, body) => call('PATCH', path, { token, body }),
    put: (path, body) => call('PUT', path, { token, body }),
    delete: (path) => call('DELETE', path, { token }),
  };
}

/** A new user with a unique email (or the one given), signed in (their first request creates the user and personal org). */
export async function signUp(label = 'user', email = uniqueEmail(label)): Promise<TestUser> {
  const name = `${label[0]!.toUpperCase()}${label.slice(1)} Tester`;
  const token = await mintToken(email, name);
  const api = apiWithToken(token);
  const me = await api.get('/api/v1/me');
  if (me.status !== 200) throw new Error(`sign-up failed: ${me.status} ${JSON.stringify(me.body)}`);
  return { email, name, token, id: userIdFor(issuerUrl(), subjectForEmail(email)), api };
}
