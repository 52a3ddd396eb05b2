// The token signer, created once per process: the KMS key in AWS, the local key file under the
// local runtime. Apart from shared/clients.ts, so that only the functions that sign or publish the
// keys carry the KMS SDK in their bundles.
import { KMSClient } from '@aws-sdk/client-kms';
import { tokenSigningConfig } from '../config.js';
import { keyFileTokenSigner } from './key-file-token-signer.js';
import { kmsTokenSigner } from './kms-token-signer.js';
import type { TokenSigner } from './token-signer.js';

const signing = tokenSigningConfig();

/** Undefined under the local runtime. Exported for the fault-injection tests, which replace its answers. */
export const kmsClient = signing.kind === 'kms' ? new KMSClient({ region: signing.region, maxAttempts: 3 }) : undefined;

export const tokenSigner: TokenSigner =
  signing.kind === 'kms' ? kmsTokenSigner(kmsClient!, signing.keyId) : keyFileTokenSigner(signing.keyFile);
