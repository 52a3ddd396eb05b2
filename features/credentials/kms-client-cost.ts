// What the credential routes that open or seal a secret carry beyond the bench's code budget: the
// data keys that wrap every secret come from KMS (locally from a key in DATA_DIR, through the same
// client code).
export const KMS_CLIENT = { kb: 28, reason: 'the KMS client (@aws-sdk/client-kms, 27.4 KB) for the data keys that wrap each secret' };
