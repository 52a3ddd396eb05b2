// The authorizer's audience setting is read once at start-up, and its absence stops the function
// there: a deployment that forgot it would otherwise accept tokens minted for any application.
import { afterEach, describe, expect, it, vi } from 'vitest';

async function authConfigWith(audience: string | undefined) {
  vi.resetModules();
  vi.stubEnv('OIDC_AUDIENCE', audience);
  const { authConfig } = await import('../../shared/config.js');
  return authConfig;
}

afterEach(() => vi.unstubAllEnvs());

describe('the audience the authorizer accepts', () => {
  it('is a list, trimmed', async () => {
    expect((await authConfigWith(' orgspace , orgspace-cli '))().audiences).toEqual(['orgspace', 'orgspace-cli']);
  });

  it('is any audience only when said so with *', async () => {
    expect((await authConfigWith('*'))().audiences).toBe('any');
  });

  it('must be given', async () => {
    expect(await authConfigWith(undefined)).toThrow(/OIDC_AUDIENCE/);
    expect(await authConfigWith(' , ')).toThrow(/OIDC_AUDIENCE/);
  });
});
