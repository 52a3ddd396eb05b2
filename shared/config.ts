// The only module that reads process.env. Each value is read once, at start-up, and a missing
// required value stops the process there rather than failing the first request.

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') {
    throw new Error(`Missing required environment variable ${name}`);
  }
  return value;
}

function optional(name: string, fallback: string): string {
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? fallback : value;
}

function positiveInteger(name: string, fallback: number): number {
  const raw = optional(name, String(fallback));
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`Environment variable ${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

export interface Config {
  tableName: string;
  /** Set only when talking to DynamoDB Local; unset in AWS. */
  dynamoEndpoint: string | undefined;
  region: string;
  workspaceLimitPerOrg: number;
}

export interface AuthConfig {
  issuer: string;
  /** Accepted `aud` values; empty means the audience is not checked. */
  audiences: string[];
  jwksUrl: string;
}

let cached: Config | undefined;
let cachedAuth: AuthConfig | undefined;

export function config(): Config {
  cached ??= {
    tableName: required('TABLE_NAME'),
    dynamoEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
    region: optional('AWS_REGION', 'us-east-1'),
    workspaceLimitPerOrg: positiveInteger('WORKSPACE_LIMIT_PER_ORG', 10),
  };
  return cached;
}

/** Where Swagger UI's static files come from: a CDN in AWS, the local runtime's own copy locally. */
export const docsAssetBaseUrl = (): string =>
  optional('DOCS_ASSET_BASE_URL', 'https://cdn.jsdelivr.net/npm/swagger-ui-dist@5').replace(/\/+$/, '');

export function authConfig(): AuthConfig {
  if (!cachedAuth) {
    const issuer = required('OIDC_ISSUER').replace(/\/+$/, '');
    cachedAuth = {
      issuer,
      audiences: optional('OIDC_AUDIENCE', '').split(',').map((a) => a.trim()).filter(Boolean),
      jwksUrl: optional('OIDC_JWKS_URL', `${issuer}/.well-known/jwks.json`),
    };
  }
  return cachedAuth;
}
