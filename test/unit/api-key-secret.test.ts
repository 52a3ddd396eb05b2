// The API key format: what lets the authorizer refuse a mistyped or invented key with no read, and
// lets secret scanners recognise ours.
import { describe, expect, it } from 'vitest';
import { checkApiKeySecret, crc32, hashApiKeySecret, looksLikeApiKey, newApiKeySecret } from '../../features/api-keys/api-key-secret.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

describe('API key secrets', () => {
  it('are the product prefix, the environment, 32 random base62 characters and a checksum', () => {
    const made = Array.from({ length: 200 }, () => newApiKeySecret('live'));
    for (const { secret, prefix, last4, hash } of made) {
      expect(secret).toMatch(/^osk_live_[0-9A-Za-z]{38}$/);
      expect(checkApiKeySecret(secret, 'live')).toEqual({ ok: true });
      expect(secret.startsWith(prefix) && secret.endsWith(last4)).toBe(true);
      expect(prefix).toHaveLength('osk_live_'.length + 4);
      expect(hash).toBe(hashApiKeySecret(secret));
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(looksLikeApiKey(secret)).toBe(true);
    }
    expect(new Set(made.map((key) => key.secret)).size).toBe(made.length);
    // Every character of the alphabet turns up in the random parts: none is left out by the sampling.
    const used = new Set(made.flatMap((key) => [...key.secret.slice(9, 41)]));
    expect(used.size).toBe(ALPHABET.length);
  });

  it('refuse any single mistyped character, anywhere', () => {
    const { secret } = newApiKeySecret('live');
    for (let position = 'osk_live_'.length; position < secret.length; position++) {
      for (const replacement of ['0', 'Z', 'z', 'q']) {
        if (secret[position] === replacement) continue;
        const typo = secret.slice(0, position) + replacement + secret.slice(position + 1);
        expect(checkApiKeySecret(typo, 'live'), typo).toEqual({ ok: false, reason: 'checksum' });
      }
    }
  });

  it("tell a key cut short, a JWT or another deployment's key apart from a mistyped one", () => {
    const { secret } = newApiKeySecret('test');
    expect(checkApiKeySecret(secret.slice(0, -1), 'test')).toEqual({ ok: false, reason: 'malformed' });
    expect(checkApiKeySecret(`${secret}x`, 'test')).toEqual({ ok: false, reason: 'malformed' });
    expect(checkApiKeySecret(secret, 'live')).toEqual({ ok: false, reason: 'environment', environment: 'test' });
    expect(looksLikeApiKey('eyJhbGciOiJSUzI1NiJ9.e30.sig')).toBe(false);
  });

  it('use the CRC-32 everyone else computes (zlib, PNG, GitHub tokens)', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('')).toBe(0);
  });
});
