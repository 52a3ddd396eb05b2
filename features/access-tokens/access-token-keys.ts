// The JWKS of Orgspace's access tokens: the signing key's public half, and nothing else (the
// sign-in issuer's keys are the issuer's to publish).
import { tokenSigner } from '../../shared/tokens/token-signer-client.js';
import type { JsonWebKeySet } from './schemas.js';

export const accessTokenKeySet = async (): Promise<JsonWebKeySet> => ({ keys: [await tokenSigner.publicKey()] });
