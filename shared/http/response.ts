import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };

/** A handler result that is not JSON, such as the docs page; `headers` add to (or override) the defaults. */
export class RawBody {
  constructor(
    readonly body: string,
    readonly contentType: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

export function jsonResponse(statusCode: number, payload: unknown, headers: Record<string, string>, requestId: string): HttpResponse {
  return {
    statusCode,
    headers: {
      ...(payload === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      'cache-control': 'no-store',
      'x-request-id': requestId,
      ...lowercaseKeys(headers),
    },
    ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
  };
}

export function rawResponse(statusCode: number, raw: RawBody, requestId: string): HttpResponse {
  return {
    statusCode,
    headers: {
      'content-type': raw.contentType,
      'cache-control': 'public, max-age=300',
      ...lowercaseKeys(raw.headers),
      'x-request-id': requestId,
    },
    body: raw.body,
  };
}

function lowercaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
}
