// A local OIDC issuer: one signing key (kept in the data directory, so tokens survive a restart),
// its JWKS, and ID tokens on demand. The same email always gets the same subject.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';

const ALGORITHM = 'RS256';
export const LOCAL_TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

export interface LocalIssuer {
  issuer: string;
  jwks: { keys: JWK[] };
  issueToken(email: string, name?: string, options?: { expiresInSeconds?: number }): Promise<string>;
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

export function subjectForEmail(email: string): string {
  return `local|${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32)}`;
}

/** `keyFile` keeps the key across restarts; without it the key lives as long as the process. */
export async function createLocalIssuer(issuer: string, keyFile?: string): Promise<LocalIssuer> {
  const stored = await loadOrCreateKey(keyFile);
  const privateKey = await importJWK(stored.privateJwk, ALGORITHM);
  return {
    issuer,
    jwks: { keys: [stored.publicJwk] },
    async issueToken(email, name, options = {}) {
      const normalized = email.trim().toLowerCase();
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ email: normalized, email_verified: true, ...(name ? { name } : {}), token_use: 'id' })
        .setProtectedHeader({ alg: ALGORITHM, kid: stored.publicJwk.kid!, typ: 'JWT' })
        .setIssuer(issuer)
        .setSubject(subjectForEmail(normalized))
        .setAudience('orgspace-local')
        .setIssuedAt(now)
        .setExpirationTime(now + (options.expiresInSeconds ?? LOCAL_TOKEN_LIFETIME_SECONDS))
        .sign(privateKey);
    },
  };
}
