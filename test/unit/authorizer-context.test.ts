// The handlers' end of the authorizer's contract: a cached verdict stops counting when its token expires (#4).
import { describe, expect, it } from 'vitest';
import { CLOCK_TOLERANCE_SECONDS, principalFromContext, toAuthorizerContext } from '../../shared/auth/authorizer-context.js';
import { UnauthenticatedError } from '../../shared/vocabulary/errors.js';

const alice = {
  type: 'user',
  userId: '01900000-0000-7000-8000-0000000000aa',
  email: 'a@example.com',
  emailVerified: true,
  name: 'A',
} as const;
const EXP = 1_900_000_000;
const at = (seconds: number) => seconds * 1000;

describe('a verdict from the authorizer', () => {
  it('gives the principal until its token expires, allowing the same clock skew as the authorizer', () => {
    const context = toAuthorizerContext(alice, EXP);
    expect(principalFromContext(context, at(EXP - 60))).toEqual(alice);
    expect(principalFromContext(context, at(EXP + CLOCK_TOLERANCE_SECONDS - 1))).toEqual(alice);
    expect(() => principalFromContext(context, at(EXP + CLOCK_TOLERANCE_SECONDS))).toThrow(UnauthenticatedError);
    expect(() => principalFromContext(context, at(EXP + 3600))).toThrow(/^The bearer token has expired/);
  });

  it('refuses an expiry it cannot read, and takes a verdict cached before expiries were passed', () => {
    expect(() => principalFromContext({ ...toAuthorizerContext(alice, EXP), tokenExpiresAt: 'soon' }, at(EXP - 60))).toThrow(
      UnauthenticatedError,
    );
    const { tokenExpiresAt: _, ...older } = toAuthorizerContext(alice, EXP) as Record<string, string>;
    expect(principalFromContext(older, at(EXP + 3600))).toEqual(alice);
  });
});
