// The token signer in AWS: an asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY). The private key
// never leaves KMS; the public key is fetched once per container, for the JWKS and the `kid`.
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { type SigningJwk, signingJwkFromSpki, type TokenSigner } from './token-signer.js';

export function kmsTokenSigner(kms: Pick<KMSClient, 'send'>, keyId: string): TokenSigner {
  let publicKey: Promise<SigningJwk> | undefined;
  const fetchPublicKey = async (): Promise<SigningJwk> => {
    const answer = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
    if (answer.KeySpec !== 'ECC_NIST_P256' || !answer.SigningAlgorithms?.includes('ECDSA_SHA_256') || !answer.PublicKey)
      throw new Error(`KMS key ${keyId} is not an ECC_NIST_P256 signing key (KeySpec ${answer.KeySpec})`);
    return signingJwkFromSpki(answer.PublicKey);
  };
  return {
    publicKey() {
      // A failed fetch is not kept: the next request asks again.
      publicKey ??= fetchPublicKey().catch((error: unknown) => {
        publicKey = undefined;
        throw error;
      });
      return publicKey;
    },
    async sign(message) {
      // RAW: KMS hashes the message itself (SHA-256, as ECDSA_SHA_256 says); a token's signing input
      // is far below RAW's 4096-byte limit.
      const answer = await kms.send(
        new SignCommand({ KeyId: keyId, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }),
      );
      if (!answer.Signature) throw new Error('KMS answered Sign without a signature');
      return answer.Signature;
    },
  };
}
