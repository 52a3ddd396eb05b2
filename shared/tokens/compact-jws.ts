// A JWT signed with ES256 (RFC 7515's compact serialization), built by hand rather than with a JOSE
// library: KMS signs, not a key in this process, and a library's signer would want the private key.
// The tests hold the result to jose's own verifier.
import { joseSignatureFromDer } from './der-signature.js';
import type { TokenSigner } from './token-signer.js';

const base64url = (value: Uint8Array | string) => Buffer.from(value).toString('base64url');

export async function signJwt(signer: TokenSigner, claims: object): Promise<string> {
  const { kid } = await signer.publicKey();
  const header = { alg: 'ES256', typ: 'JWT', kid };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const der = await signer.sign(Buffer.from(signingInput, 'ascii'));
  return `${signingInput}.${base64url(joseSignatureFromDer(der))}`;
}
