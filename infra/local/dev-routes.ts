// Paths only the local runtime serves, never API Gateway: the local issuer's discovery document,
// keys and sign-in (all under its own path, LOCAL_ISSUER_PATH), /dev/token, /dev/dns/txt (the local
// DNS server's records), the local event bus, and a redirect from / to the docs.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerDevDns } from './dev-dns-route.js';
import { answerDevToken } from './dev-token-route.js';
import type { LocalDnsServer } from './dns-server.js';
import { answerLocalEventBus, LOCAL_EVENT_BUS_PATH } from './event-bus-route.js';
import { send } from './gateway-answers.js';
import { signInAnswer } from './local-sign-in-routes.js';
import { createLocalSignIn, type LocalIssuer } from './oidc-issuer.js';

function discoveryDocument(issuer: LocalIssuer) {
  return {
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
  };
}

/** Serves the request when it is one of these paths; false lets it go on to the route table. */
export type DevRoutes = (request: IncomingMessage, response: ServerResponse, url: URL, body: Buffer) => Promise<boolean>;

export function createDevRoutes(issuer: LocalIssuer, dns?: LocalDnsServer): DevRoutes {
  const signIn = createLocalSignIn(issuer);
  const issuerPath = new URL(issuer.issuer).pathname;

  return async (request, response, url, body) => {
    const endpoint = url.pathname.startsWith(`${issuerPath}/`) ? url.pathname.slice(issuerPath.length) : undefined;
    if (request.method === 'GET' && endpoint === '/.well-known/jwks.json') {
      send(response, 200, JSON.stringify(issuer.jwks));
      return true;
    }
    if (request.method === 'GET' && endpoint === '/.well-known/openid-configuration') {
      send(response, 200, JSON.stringify(discoveryDocument(issuer)));
      return true;
    }
    if (endpoint === '/oauth2/authorize' || endpoint === '/oauth2/token' || endpoint === '/oauth2/userInfo') {
      const answer = signInAnswer(signIn, request, endpoint, url, body);
      if (!answer) return false;
      const resolved = await answer;
      response.writeHead(resolved.status, resolved.headers);
      response.end(resolved.body);
      return true;
    }
    if (request.method === 'POST' && url.pathname === '/dev/token') {
      await answerDevToken(issuer, request, response, body);
      return true;
    }
    if (dns && request.method === 'PUT' && url.pathname === '/dev/dns/txt') {
      answerDevDns(dns, response, body);
      return true;
    }
    if (request.method === 'GET' && url.pathname === LOCAL_EVENT_BUS_PATH) {
      answerLocalEventBus(url, response);
      return true;
    }
    if (request.method === 'GET' && url.pathname === '/') {
      response.writeHead(302, { location: '/docs' });
      response.end();
      return true;
    }
    return false;
  };
}
