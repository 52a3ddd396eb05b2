// The data-key keeper, created once per process: the KMS key in AWS, the master key file under the
// local runtime. Apart from shared/clients.ts, so only the credential routes that encrypt or decrypt
// carry the KMS SDK.
import { KMSClient } from '@aws-sdk/client-kms';
import { credentialKeyConfig } from '../config.js';
import { cachingKeeper, type DataKeyKeeper } from './data-keys.js';
import { keyFileDataKeys } from './key-file-data-keys.js';
import { kmsDataKeys } from './kms-data-keys.js';

const keys = credentialKeyConfig();

/** Undefined under the local runtime. Exported for the fault-injection tests, which replace its answers. */
export const credentialKmsClient = keys.kind === 'kms' ? new KMSClient({ region: keys.region, maxAttempts: 3 }) : undefined;

export const dataKeys: DataKeyKeeper = cachingKeeper(
  keys.kind === 'kms' ? kmsDataKeys(credentialKmsClient!, keys.keyId) : keyFileDataKeys(keys.keyFile),
);
