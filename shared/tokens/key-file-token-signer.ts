// The token signer under the local runtime, where there is no KMS: a P-256 private key in a PEM
// file (the local runtime creates it in DATA_DIR). It signs in DER, as KMS does, so the same
// conversion to a JWS signature runs locally as in AWS.
import { createPrivateKey, createPublicKey, type KeyObject, sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type SigningJwk, signingJwkOf, type TokenSigner } from './token-signer.js';

export function keyFileTokenSigner(keyFile: string): TokenSigner {
  // Read on first use, once: a function that never signs never opens it.
  let key: Promise<{ privateKey: KeyObject; jwk: SigningJwk }> | undefined;
  const load = () =>
    (key ??= readFile(keyFile, 'utf8').then((pem) => {
      const privateKey = createPrivateKey(pem);
      return { privateKey, jwk: signingJwkOf(createPublicKey(privateKey)) };
    }));
  return {
    publicKey: async () => (await load()).jwk,
    async sign(message) {
      const { privateKey } = await load();
      return sign('sha256', message, { key: privateKey, dsaEncoding: 'der' });
    },
  };
}
