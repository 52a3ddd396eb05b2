import * as z from 'zod/mini';
import { ACCESS_TOKEN_LIFETIME_SECONDS } from './access-token.js';

export const accessTokenAnswer = z.lazy(() =>
  z.object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.literal(ACCESS_TOKEN_LIFETIME_SECONDS),
  }),
);

const base64url = z.string().check(z.regex(/^[A-Za-z0-9_-]+$/));

export const jsonWebKeySet = z.lazy(() =>
  z.object({
    keys: z.array(
      z.object({
        kty: z.literal('EC'),
        crv: z.literal('P-256'),
        x: base64url,
        y: base64url,
        kid: base64url,
        alg: z.literal('ES256'),
        use: z.literal('sig'),
      }),
    ),
  }),
);

export type AccessTokenAnswer = z.output<typeof accessTokenAnswer>;
export type JsonWebKeySet = z.output<typeof jsonWebKeySet>;
