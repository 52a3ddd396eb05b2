// The only module that reads process.env. Each value is read once, at start-up, and a missing
// required value stops the process there rather than failing the first request.

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') {
    throw new Error(`Missing required environment variable ${name}`);
  }
  return value;
}

/** A key: long enough that it cannot be guessed (32 characters: a CDK-generated secret has 48). */
function secret(name: string): string {
  const value = required(name);
  if (value.length < 32) throw new Error(`Environment variable ${name} must be at least 32 characters long`);
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

/** At most `hour` in a clock hour and `day` in a UTC day. */
export interface HourAndDay {
  hour: number;
  day: number;
}

/**
 * The defaults of the abuse limits (issue 11), which the CDK context may change. Invitation emails
 * go out under the deployer's sender identity, so they are what a spammer would spend its
 * reputation on: a person sends at most a team's worth an hour and a few teams' worth a day; an
 * org, with several admins, somewhat more; an org in its first day, which is what a spammer's
 * orgs always are, a founding team's worth. And since every org brings its own email quota, a
 * person creates at most a few a day.
 */
export const DEFAULT_ABUSE_LIMITS: AbuseLimits = {
  invitationEmailsPerInviter: { hour: 20, day: 100 },
  invitationEmailsPerOrg: { hour: 50, day: 200 },
  invitationEmailsPerNewOrg: { hour: 10, day: 30 },
  orgsCreatedPerUserPerDay: 5,
};

export interface AbuseLimits {
  invitationEmailsPerInviter: HourAndDay;
  invitationEmailsPerOrg: HourAndDay;
  /** In place of the org's limits during its first day; never looser than them. */
  invitationEmailsPerNewOrg: HourAndDay;
  /** Orgs a user may create in a UTC day; the personal org of their first sign-in is not one of them. */
  orgsCreatedPerUserPerDay: number;
}

/** Each limit's environment variable; an hour-and-day limit has two, `<name>_PER_HOUR` and `<name>_PER_DAY`. */
export const ABUSE_LIMIT_VARIABLES = {
  invitationEmailsPerInviter: 'INVITATION_EMAILS_PER_INVITER',
  invitationEmailsPerOrg: 'INVITATION_EMAILS_PER_ORG',
  invitationEmailsPerNewOrg: 'INVITATION_EMAILS_PER_NEW_ORG',
  orgsCreatedPerUserPerDay: 'ORGS_CREATED_PER_USER_PER_DAY',
} as const satisfies Record<keyof AbuseLimits, string>;

/** The environment that sets these limits, as the functions read it. */
export function abuseLimitEnvironment(limits: AbuseLimits): Record<string, string> {
  const hourAndDay = (name: string, limit: HourAndDay) => ({
    [`${name}_PER_HOUR`]: String(limit.hour),
    [`${name}_PER_DAY`]: String(limit.day),
  });
  return {
    ...hourAndDay(ABUSE_LIMIT_VARIABLES.invitationEmailsPerInviter, limits.invitationEmailsPerInviter),
    ...hourAndDay(ABUSE_LIMIT_VARIABLES.invitationEmailsPerOrg, limits.invitationEmailsPerOrg),
    ...hourAndDay(ABUSE_LIMIT_VARIABLES.invitationEmailsPerNewOrg, limits.invitationEmailsPerNewOrg),
    [ABUSE_LIMIT_VARIABLES.orgsCreatedPerUserPerDay]: String(limits.orgsCreatedPerUserPerDay),
  };
}

export const DEFAULT_AUDIT_RETENTION_DAYS = 365;

export interface Config extends AbuseLimits {
  tableName: string;
  /** Set only when talking to DynamoDB Local; unset in AWS. */
  dynamoEndpoint: string | undefined;
  region: string;
  workspaceLimitPerOrg: number;
  /** Open invitations an org may have at once. */
  pendingInvitationLimit: number;
  /**
   * How long a new email is left to the stream (which sends it within a second) before the retry
   * schedule may send it too; long enough that the two rarely meet, short enough for an outage.
   */
  mailStreamGraceSeconds: number;
  /** Days an audit event is kept (at least 30, so that a poller of /events that stops for a month loses nothing). */
  auditRetentionDays: number;
  /**
   * How old an event must be before /events hands it out. Events are ordered by the time their
   * writer took; one written at the same moment can commit a little later (a retried conflict, a
   * slow clock), and a poller that had moved past it would never see it.
   */
  eventFeedSettleSeconds: number;
  /** Signs list cursors, so a client can neither forge one nor carry one to another list. */
  cursorSigningKey: string;
  /** Keys a workspace may have that are not revoked. */
  apiKeyLimitPerWorkspace: number;
  /** Access requests (each emails a workspace's admins) one person may make, per clock hour and UTC day. */
  accessRequestEmailsPerRequester: HourAndDay;
  /**
   * The marker in this deployment's API keys (`osk_live_...`): a key made by another deployment
   * (a local `test` key sent to production) is refused before any read, with a message that says so.
   */
  apiKeyEnvironment: string;
  /** `TOTAL` to have every DynamoDB request report its consumed capacity (tests and the bench); unset in AWS. */
  returnConsumedCapacity: 'TOTAL' | undefined;
}

/** `<prefix>_PER_HOUR` and `<prefix>_PER_DAY`. */
function hourAndDay(prefix: string, fallback: HourAndDay): HourAndDay {
  return { hour: positiveInteger(`${prefix}_PER_HOUR`, fallback.hour), day: positiveInteger(`${prefix}_PER_DAY`, fallback.day) };
}

export interface MailConfig {
  /** The `From` of every email: an address or `Name <address>` verified in SES. */
  from: string;
  /** Where invitation links point; the token is added to its query. The API's own /invite page unless the deployer has an app. */
  invitationLinkBase: string;
  /** Set only when talking to the local SES server. */
  sesEndpoint: string | undefined;
  /** First retry delay of an email that could not be sent; doubles with each attempt, up to an hour. */
  retryBaseSeconds: number;
  /** Attempts before an email is given up as failed (it can still be resent). */
  maxAttempts: number;
}

/** How the invite page signs a visitor in: an OIDC authorization-code flow with PKCE, if the deployer set one up. */
export interface SignInConfig {
  authorizeUrl: string;
  tokenUrl: string;
  clientId: string;
}

export interface AuthConfig {
  issuer: string;
  /** Accepted `aud` values; `any` only where the deployer explicitly chose not to check (OIDC_AUDIENCE=*). */
  audiences: string[] | 'any';
  jwksUrl: string;
}

/** Where the event publisher puts audit events: the stack's own EventBridge bus, or the local runtime's in-process one. */
export interface EventBusConfig {
  /** The bus's name (EventBridge takes a name or an ARN). */
  name: string;
  /** True only under the local runtime, which has no EventBridge: events are kept in memory for `GET /local/event-bus`. */
  local: boolean;
  region: string;
}

let cached: Config | undefined;
let cachedLog: LogConfig | undefined;
let cachedAuth: AuthConfig | undefined;
let cachedMail: MailConfig | undefined;
let cachedEventBus: EventBusConfig | undefined;

function apiKeyEnvironment(): string {
  const value = optional('API_KEY_ENVIRONMENT', 'live');
  if (!/^[a-z]{2,8}$/.test(value))
    throw new Error(`Environment variable API_KEY_ENVIRONMENT must be 2 to 8 lowercase letters, got "${value}"`);
  return value;
}

export function config(): Config {
  cached ??= {
    tableName: required('TABLE_NAME'),
    dynamoEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
    region: optional('AWS_REGION', 'us-east-1'),
    workspaceLimitPerOrg: positiveInteger('WORKSPACE_LIMIT_PER_ORG', 10),
    pendingInvitationLimit: positiveInteger('PENDING_INVITATION_LIMIT', 200),
    invitationEmailsPerInviter: hourAndDay(
      ABUSE_LIMIT_VARIABLES.invitationEmailsPerInviter,
      DEFAULT_ABUSE_LIMITS.invitationEmailsPerInviter,
    ),
    invitationEmailsPerOrg: hourAndDay(ABUSE_LIMIT_VARIABLES.invitationEmailsPerOrg, DEFAULT_ABUSE_LIMITS.invitationEmailsPerOrg),
    invitationEmailsPerNewOrg: hourAndDay(ABUSE_LIMIT_VARIABLES.invitationEmailsPerNewOrg, DEFAULT_ABUSE_LIMITS.invitationEmailsPerNewOrg),
    orgsCreatedPerUserPerDay: positiveInteger(
      ABUSE_LIMIT_VARIABLES.orgsCreatedPerUserPerDay,
      DEFAULT_ABUSE_LIMITS.orgsCreatedPerUserPerDay,
    ),
    mailStreamGraceSeconds: positiveInteger('MAIL_STREAM_GRACE_SECONDS', 60),
    auditRetentionDays: Math.max(30, positiveInteger('AUDIT_RETENTION_DAYS', DEFAULT_AUDIT_RETENTION_DAYS)),
    eventFeedSettleSeconds: positiveInteger('EVENT_FEED_SETTLE_SECONDS', 5),
    cursorSigningKey: secret('CURSOR_SIGNING_KEY'),
    apiKeyLimitPerWorkspace: positiveInteger('API_KEY_LIMIT_PER_WORKSPACE', 50),
    accessRequestEmailsPerRequester: hourAndDay('ACCESS_REQUEST_EMAILS_PER_REQUESTER', { hour: 30, day: 60 }),
    apiKeyEnvironment: apiKeyEnvironment(),
    // On unless turned off: the request log reports each request's capacity, and DynamoDB charges nothing for saying it.
    returnConsumedCapacity: process.env.DYNAMODB_RETURN_CONSUMED_CAPACITY === 'NONE' ? undefined : 'TOTAL',
  };
  return cached;
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogConfig {
  /** The least severe level written: `LOG_LEVEL`, `info` by default. */
  level: LogLevel;
  /** `json` (one object per line, what CloudWatch reads) or `pretty` (one readable line, what `npm start` sets). */
  format: 'json' | 'pretty';
}

/** Apart from config(): every process logs, including those (the local runtime's own) that have no table. */
export function logConfig(): LogConfig {
  if (cachedLog) return cachedLog;
  const level = optional('LOG_LEVEL', 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level))
    throw new Error(`Environment variable LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  const format = optional('LOG_FORMAT', 'json');
  if (format !== 'json' && format !== 'pretty') throw new Error(`Environment variable LOG_FORMAT must be json or pretty, got "${format}"`);
  cachedLog = { level: level as LogLevel, format };
  return cachedLog;
}

export function mailConfig(): MailConfig {
  cachedMail ??= {
    from: required('MAIL_FROM'),
    invitationLinkBase: absoluteUrl('INVITATION_LINK_BASE'),
    sesEndpoint: process.env.SES_ENDPOINT || undefined,
    retryBaseSeconds: positiveInteger('MAIL_RETRY_BASE_SECONDS', 30),
    maxAttempts: positiveInteger('MAIL_MAX_ATTEMPTS', 12),
  };
  return cachedMail;
}

export function eventBusConfig(): EventBusConfig {
  // Not config(): the publisher reads nothing from the table, so it is given no table settings.
  cachedEventBus ??= {
    name: required('EVENT_BUS_NAME'),
    local: process.env.EVENT_BUS_LOCAL === 'true',
    region: optional('AWS_REGION', 'us-east-1'),
  };
  return cachedEventBus;
}

/** What signs Orgspace's own tokens: a KMS key in AWS, a PEM file under the local runtime. */
export type TokenSigningConfig = { kind: 'kms'; keyId: string; region: string } | { kind: 'key-file'; keyFile: string };

export interface AccessTokenConfig {
  /** The `iss` of workspace access tokens: the API's URL, whose /.well-known/jwks.json lists the key. */
  issuer: string;
}

let cachedTokenSigning: TokenSigningConfig | undefined;
let cachedAccessTokens: AccessTokenConfig | undefined;

/**
 * TOKEN_SIGNING_KEY_ID (the KMS key's id or ARN; the CDK stack sets it) or TOKEN_SIGNING_KEY_FILE
 * (a P-256 private key in PEM; the local runtime sets it), exactly one: with both, which one signs
 * would be a guess.
 */
export function tokenSigningConfig(): TokenSigningConfig {
  if (!cachedTokenSigning) {
    const keyId = process.env.TOKEN_SIGNING_KEY_ID?.trim();
    const keyFile = process.env.TOKEN_SIGNING_KEY_FILE?.trim();
    if (keyId && keyFile) throw new Error('Set TOKEN_SIGNING_KEY_ID (a KMS key) or TOKEN_SIGNING_KEY_FILE (a local key), not both');
    if (keyId) cachedTokenSigning = { kind: 'kms', keyId, region: optional('AWS_REGION', 'us-east-1') };
    else if (keyFile) cachedTokenSigning = { kind: 'key-file', keyFile };
    else throw new Error('Missing required environment variable TOKEN_SIGNING_KEY_ID (or, locally, TOKEN_SIGNING_KEY_FILE)');
  }
  return cachedTokenSigning;
}

export function accessTokenConfig(): AccessTokenConfig {
  cachedAccessTokens ??= { issuer: absoluteUrl('ACCESS_TOKEN_ISSUER').replace(/\/+$/, '') };
  return cachedAccessTokens;
}

/** Svix's schedule, which the Standard Webhooks spec points to: about 27 hours from the first attempt to the last. */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE_SECONDS = [0, 5, 300, 1800, 7200, 18000, 36000, 36000];

export interface WebhookConfig {
  /** Endpoints an org may register. */
  limitPerOrg: number;
  /** When each attempt of a delivery is made, in seconds after the one before it; the first is the immediate one. */
  retryScheduleSeconds: number[];
  /** How long a receiver has to answer an attempt. */
  timeoutMs: number;
  /**
   * Local runs and tests only (the local runtime sets it; AWS never does): receivers on loopback
   * addresses, and plain http, are allowed. Every other internal address is still refused.
   */
  allowLoopback: boolean;
  /** `host:port` of the DNS server that webhook hosts are resolved with (tests); unset, the system resolver. */
  dnsServer: string | undefined;
}

let cachedWebhooks: WebhookConfig | undefined;

export function webhookConfig(): WebhookConfig {
  cachedWebhooks ??= {
    limitPerOrg: positiveInteger('WEBHOOK_LIMIT_PER_ORG', 10),
    retryScheduleSeconds: retrySchedule('WEBHOOK_RETRY_SCHEDULE_SECONDS', DEFAULT_WEBHOOK_RETRY_SCHEDULE_SECONDS),
    timeoutMs: positiveInteger('WEBHOOK_TIMEOUT_SECONDS', 15) * 1000,
    allowLoopback: flag('WEBHOOK_ALLOW_LOOPBACK'),
    dnsServer: dnsServer('WEBHOOK_DNS_SERVER'),
  };
  return cachedWebhooks;
}

/** Whole seconds, comma-separated, at least one; `0,5,300` is now, 5 seconds later, then 5 minutes after that. */
function retrySchedule(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const values = raw.split(',').map((part) => Number(part.trim()));
  if (values.some((value) => !Number.isInteger(value) || value < 0))
    throw new Error(`Environment variable ${name} must be whole seconds separated by commas, got "${raw}"`);
  return values;
}

function flag(name: string): boolean {
  const value = optional(name, 'false');
  if (value !== 'true' && value !== 'false') throw new Error(`Environment variable ${name} must be true or false, got "${value}"`);
  return value === 'true';
}

/** An IPv4 or bracketed IPv6 address with an optional port: what `Resolver.setServers` takes. */
const DNS_SERVER_PATTERN = /^(\[[0-9a-fA-F:.]+\]|[0-9.]+)(:\d{1,5})?$/;

function dnsServer(name: string): string | undefined {
  const value = process.env[name]?.trim();
  if (!value) return undefined;
  if (!DNS_SERVER_PATTERN.test(value))
    throw new Error(`Environment variable ${name} must be an address with an optional port (127.0.0.1:5353, [::1]:53), got "${value}"`);
  return value;
}

/** Undefined when no sign-in is configured: the page then only shows the invitation. */
export function signInConfig(): SignInConfig | undefined {
  const authorizeUrl = process.env.SIGN_IN_AUTHORIZE_URL;
  if (!authorizeUrl) return undefined;
  return {
    authorizeUrl: absoluteUrl('SIGN_IN_AUTHORIZE_URL'),
    tokenUrl: absoluteUrl('SIGN_IN_TOKEN_URL'),
    clientId: required('SIGN_IN_CLIENT_ID'),
  };
}

function absoluteUrl(name: string): string {
  const value = required(name);
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol))
    throw new Error(`Environment variable ${name} must be an absolute http(s) URL, got "${value}"`);
  return value;
}

/**
 * Required, so that forgetting it cannot mean "accept tokens minted for any application" (issue 5):
 * not checking takes an explicit `*`.
 */
function audiences(): AuthConfig['audiences'] {
  const value = required('OIDC_AUDIENCE').trim();
  if (value === '*') return 'any';
  const list = value
    .split(',')
    .map((audience) => audience.trim())
    .filter(Boolean);
  if (list.length === 0) throw new Error('Environment variable OIDC_AUDIENCE must list the accepted audiences, or be * to accept any');
  return list;
}

export function authConfig(): AuthConfig {
  if (!cachedAuth) {
    const issuer = required('OIDC_ISSUER').replace(/\/+$/, '');
    cachedAuth = { issuer, audiences: audiences(), jwksUrl: optional('OIDC_JWKS_URL', `${issuer}/.well-known/jwks.json`) };
  }
  return cachedAuth;
}

export interface DomainConfig {
  /** Verified email domains an org may hold, in any state. */
  limitPerOrg: number;
  /** The deployer's additions to the consumer and disposable providers that no org may claim (CONSUMER_DOMAINS). */
  consumerDomains: string[];
  /** The deployer's exceptions to that list (ALLOWED_DOMAINS): a provider that is also an org of its own. */
  allowedDomains: string[];
  /** `host:port` of the DNS servers TXT records are looked up with (DNS_SERVERS); empty, the system resolver. */
  dnsServers: string[];
  /** Whether `.test` names may be claimed (ALLOW_TEST_DOMAINS=true): the local runtime's DNS server answers for them, no public one does. */
  allowTestDomains: boolean;
}

/** The deployer's changes to the consumer-provider list (CDK context `consumerDomains` and `allowedDomains`). */
export interface DomainOverrides {
  add: string[];
  allow: string[];
}

/** The environment that sets them, as the functions read it; empty lists set nothing. */
export function domainOverrideEnvironment(overrides: DomainOverrides | undefined): Record<string, string> {
  return {
    ...(overrides?.add.length ? { CONSUMER_DOMAINS: overrides.add.join(',') } : {}),
    ...(overrides?.allow.length ? { ALLOWED_DOMAINS: overrides.allow.join(',') } : {}),
  };
}

let cachedDomains: DomainConfig | undefined;

export function domainConfig(): DomainConfig {
  cachedDomains ??= {
    limitPerOrg: positiveInteger('DOMAIN_LIMIT_PER_ORG', 10),
    consumerDomains: domainList('CONSUMER_DOMAINS'),
    allowedDomains: domainList('ALLOWED_DOMAINS'),
    dnsServers: dnsServerList('DNS_SERVERS'),
    allowTestDomains: process.env.ALLOW_TEST_DOMAINS === 'true',
  };
  return cachedDomains;
}

/** Comma-separated domains, lowercased; a deployer writes them as they are (ASCII or punycode). */
function domainList(name: string): string[] {
  return (process.env[name] ?? '')
    .split(',')
    .map((domain) => domain.trim().toLowerCase().replace(/\.$/, ''))
    .filter(Boolean);
}

function dnsServerList(name: string): string[] {
  const raw = process.env[name]?.trim();
  if (!raw) return [];
  const servers = raw.split(',').map((server) => server.trim());
  for (const server of servers)
    if (!DNS_SERVER_PATTERN.test(server))
      throw new Error(`Environment variable ${name} must be addresses with optional ports, comma-separated (127.0.0.1:8053), got "${raw}"`);
  return servers;
}

/** What wraps the data keys of credentials: a KMS key in AWS, a master key file under the local runtime. */
export type CredentialKeyConfig = { kind: 'kms'; keyId: string; region: string } | { kind: 'key-file'; keyFile: string };

let cachedCredentialKey: CredentialKeyConfig | undefined;

/**
 * CREDENTIALS_KMS_KEY_ID (the stack's symmetric KMS key) or CREDENTIALS_MASTER_KEY_FILE (32 random
 * bytes, base64, in DATA_DIR; the local runtime sets it), exactly one, as for the token signer.
 */
export function credentialKeyConfig(): CredentialKeyConfig {
  if (!cachedCredentialKey) {
    const keyId = process.env.CREDENTIALS_KMS_KEY_ID?.trim();
    const keyFile = process.env.CREDENTIALS_MASTER_KEY_FILE?.trim();
    if (keyId && keyFile) throw new Error('Set CREDENTIALS_KMS_KEY_ID (a KMS key) or CREDENTIALS_MASTER_KEY_FILE (a local key), not both');
    if (keyId) cachedCredentialKey = { kind: 'kms', keyId, region: optional('AWS_REGION', 'us-east-1') };
    else if (keyFile) cachedCredentialKey = { kind: 'key-file', keyFile };
    else throw new Error('Missing required environment variable CREDENTIALS_KMS_KEY_ID (or, locally, CREDENTIALS_MASTER_KEY_FILE)');
  }
  return cachedCredentialKey;
}

/** Credentials a workspace (or a person, in an org) may hold. */
export const credentialLimit = (): number => positiveInteger('CREDENTIAL_LIMIT_PER_WORKSPACE', 200);
