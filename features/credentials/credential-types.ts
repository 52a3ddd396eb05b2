// The kinds of credential, apart from the entity so that the API schemas build without it.
export const CREDENTIAL_TYPES = ['api_key', 'basic', 'oauth2', 'generic'] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];
