// What API Gateway answers by itself, before or instead of a function: CORS preflights, its own
// error bodies ({"message": ...}), and a function's result written out as the HTTP response.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { CORS_POLICY } from '../../shared/http/cors.js';

export function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(body);
}

export const gatewayError = (response: ServerResponse, status: number, message: string) =>
  send(response, status, JSON.stringify({ message }));

/** Adds the CORS headers to a cross-origin request; true when it was a preflight, now answered. */
export function answerCors(request: IncomingMessage, response: ServerResponse): boolean {
  if (!request.headers.origin) return false;
  response.setHeader('access-control-allow-origin', CORS_POLICY.allowOrigins.join(','));
  response.setHeader('access-control-expose-headers', CORS_POLICY.exposeHeaders.join(','));
  if (request.method !== 'OPTIONS' || !request.headers['access-control-request-method']) return false;
  response.writeHead(204, {
    'access-control-allow-methods': CORS_POLICY.allowMethods.join(','),
    'access-control-allow-headers': CORS_POLICY.allowHeaders.join(','),
    'access-control-max-age': String(CORS_POLICY.maxAgeSeconds),
  });
  response.end();
  return true;
}

export function sendLambdaResult(response: ServerResponse, result: APIGatewayProxyStructuredResultV2, requestId: string): void {
  const body = result.body === undefined ? '' : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
  response.writeHead(result.statusCode ?? 200, { 'apigw-requestid': requestId, ...(result.headers as Record<string, string>) });
  response.end(body);
}
