// The local stand-in for an identity provider's sign-in (<issuer>/oauth2/authorize, /oauth2/token and /oauth2/userInfo),
// used by the invitation page (/invite): checks the request's shape, then asks the local issuer.
import type { IncomingMessage } from 'node:http';
import type { createLocalSignIn, LocalSignInAnswer } from './oidc-issuer.js';

type LocalSignIn = ReturnType<typeof createLocalSignIn>;

/** The answer to a sign-in request (`endpoint` is its path below the issuer's), or undefined for a method these paths do not serve. */
export function signInAnswer(
  signIn: LocalSignIn,
  request: IncomingMessage,
  endpoint: '/oauth2/authorize' | '/oauth2/token' | '/oauth2/userInfo',
  url: URL,
  body: Buffer,
): LocalSignInAnswer | Promise<LocalSignInAnswer> | undefined {
  const isForm = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
  const form = () => new URLSearchParams(body.toString('utf8'));
  if (endpoint === '/oauth2/authorize') {
    if (request.method === 'GET') return signIn.authorizeForm(url.searchParams);
    if (request.method === 'POST')
      return isForm
        ? signIn.authorize(form())
        : { status: 415, headers: { 'content-type': 'text/plain' }, body: 'Send the sign-in form as application/x-www-form-urlencoded.' };
    return undefined;
  }
  if (endpoint === '/oauth2/userInfo')
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
