// What signs Orgspace's own tokens: an asymmetric KMS key in AWS, a key file under the local
// runtime. Both answer the same two questions, so the code that builds a token and the JWKS is
// one path in both places, the DER-to-JOSE conversion included.
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/** An EC P-256 public key as a JWKS lists it (RFC 7517/7518). */
export interface SigningJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

export interface TokenSigner {
  /** The public half, with its key id: the JWKS lists it, and each token's header names its `kid`. */
  publicKey(): Promise<SigningJwk>;
  /** An ECDSA P-256 signature over the SHA-256 of `message`, DER-encoded (as KMS returns it). */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/**
 * The JWK of a P-256 public key, its `kid` the RFC 7638 thumbprint: derived from the key alone, so it
 * stays the same across containers and deploys, and a verifier can recompute it.
 */
export function signingJwkOf(publicKey: KeyObject): SigningJwk {
  if (publicKey.asymmetricKeyType !== 'ec' || publicKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new Error('The token signing key must be an EC key on P-256 (ECC_NIST_P256)');
  const { x, y } = publicKey.export({ format: 'jwk' });
  if (!x || !y) throw new Error('The token signing key has no public coordinates');
  return { kty: 'EC', crv: 'P-256', x, y, kid: jwkThumbprint({ crv: 'P-256', kty: 'EC', x, y }), alg: 'ES256', use: 'sig' };
}

/** The SubjectPublicKeyInfo (DER) that KMS's GetPublicKey answers, as a signing JWK. */
export const signingJwkFromSpki = (spki: Uint8Array): SigningJwk =>
  signingJwkOf(createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }));

/** RFC 7638: SHA-256 over the required members, in lexicographic order, with no whitespace. */
function jwkThumbprint(members: { crv: string; kty: string; x: string; y: string }): string {
  const canonical = JSON.stringify({ crv: members.crv, kty: members.kty, x: members.x, y: members.y });
  return createHash('sha256').update(canonical).digest('base64url');
}
