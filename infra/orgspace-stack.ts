// The whole service in one stack (each feature's route functions in a nested stack of their own):
// the table, one function and API route per route-table row,
// the authorizer, the HTTP API, the default OIDC issuer (Cognito), the SES sender identity and the
// KMS key that signs workspace access tokens.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, CfnOutput, Duration, NestedStack, RemovalPolicy, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { AccountRecovery, Mfa, OAuthScope, UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Billing, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Schedule as EventSchedule, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { type ILogGroup, LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct, Node } from 'constructs';
import { routeGroups } from '../features/routes.js';
import {
  type AbuseLimits,
  abuseLimitEnvironment,
  DEFAULT_ABUSE_LIMITS,
  DEFAULT_AUDIT_RETENTION_DAYS,
  type DomainOverrides,
  domainOverrideEnvironment,
} from '../shared/config.js';
import { type Schedule, type StreamConsumer, schedules, streamConsumers } from '../shared/events/background-functions.js';
import { CORS_POLICY } from '../shared/http/cors.js';
import { handlerFile, type RouteDefinition } from '../shared/http/route.js';
import { TABLE_DEFINITION } from '../shared/table/table-definition.js';
import { type AlarmThresholds, alarmThresholds } from './alarm-thresholds.js';
import { ApiFunction, acknowledge, functionLogGroup } from './api-function.js';
import type { BundlingChoices } from './bundling.js';
import { alarmTopic, Monitoring, notify, routeAlarms } from './monitoring.js';

/** Handler entries are resolved from here, so `cdk synth` works from any working directory. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface OrgspaceStackProps extends StackProps {
  /** Another OIDC issuer instead of the Cognito user pool this stack would create. */
  oidcIssuer?: string;
  /** Accepted `aud` values; with Cognito, the user pool client's id. */
  oidcAudiences?: string[];
  /**
   * With `oidcIssuer` and no `oidcAudiences` only: accept that issuer's tokens whatever application
   * they were minted for. Without this, such a stack does not synthesize.
   */
  allowAnyAudience?: boolean;
  oidcJwksUrl?: string;
  /**
   * With the Cognito issuer only: redirect URLs for the OAuth authorization-code flow, served by
   * the hosted sign-in pages under `cognitoDomainPrefix`. Without them the client offers no OAuth
   * flow, only SRP and password sign-in through the Cognito API.
   */
  oauthCallbackUrls?: string[];
  cognitoDomainPrefix?: string;
  /** Sender address (`noreply@example.com`) or domain (`example.com`) for emails. */
  sesFromAddress?: string;
  /**
   * Your app's page for invitation links (`https://app.example.com/join`); the token is added to its
   * query. Without it, links open the API's own invitation page at `/invite`.
   */
  appUrl?: string;
  workspaceLimitPerOrg?: number;
  /** Days an audit event is kept (at least 30); DEFAULT_AUDIT_RETENTION_DAYS where not given. */
  auditRetentionDays?: number;
  pendingInvitationLimit?: number;
  /** API keys a workspace may hold that are not revoked. */
  apiKeyLimitPerWorkspace?: number;
  /** The marker in this deployment's API keys (`osk_live_...`), 2 to 8 lowercase letters: `live` where not given. */
  apiKeyEnvironment?: string;
  /** Invitation emails per inviter and org, and orgs created per user (issue 11); DEFAULT_ABUSE_LIMITS where not given. */
  abuseLimits?: AbuseLimits;
  /** Steady requests per second the API accepts before answering 429, and the burst above it. */
  throttle?: { rateLimit: number; burstLimit: number };
  /** Domains no org may claim besides the package's consumer and disposable providers (`add`), and providers it may (`allow`). */
  consumerDomains?: DomainOverrides;
  /** Subscribed to the alarm topic (it must confirm); without it, subscribe whoever is on call to the topic yourself. */
  alarmEmail?: string;
  /**
   * The version id of the cursor signing key to deploy (README "Rotate the cursor signing key"):
   * naming it changes every function's environment, so CloudFormation resolves the new key into all of them.
   */
  cursorSigningKeyVersion?: string;
  /** Overrides of DEFAULT_ALARM_THRESHOLDS (infra/alarm-thresholds.ts). */
  alarmThresholds?: Partial<AlarmThresholds>;
  /**
   * X-Ray subsegments for every AWS SDK call of every function (shared/observability/sdk-tracing.ts),
   * at the cost in bundle size and cold start the README's Tracing section gives. Off by default.
   */
  traceSdkCalls?: boolean;
}

export const DEFAULT_THROTTLE = { rateLimit: 500, burstLimit: 1000 };
export const DEFAULT_WORKSPACE_LIMIT_PER_ORG = 10;
export const DEFAULT_PENDING_INVITATION_LIMIT = 200;
export const DEFAULT_API_KEY_LIMIT_PER_WORKSPACE = 50;
/** Who the mailers send as until `sesFromAddress` is set; nobody can verify it, so nothing is sent. */
export const PLACEHOLDER_SENDER = 'noreply@example.com';

/**
 * The deployer's settings, from cdk.json or `cdk deploy -c key=value`. Lists are comma-separated;
 * an empty value counts as not given.
 */
export function stackPropsFromContext(node: Node): OrgspaceStackProps {
  const text = (key: string): string | undefined => {
    const value: unknown = node.tryGetContext(key);
    return value === undefined || value === null || String(value).trim() === '' ? undefined : String(value).trim();
  };
  const list = (key: string) =>
    text(key)
      ?.split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  const flag = (key: string): boolean => {
    const value = text(key);
    if (value !== undefined && value !== 'true' && value !== 'false')
      throw new Error(`Context ${key} must be true or false, got "${value}".`);
    return value === 'true';
  };
  const positiveInteger = (key: string, fallback: number): number => {
    const value = Number(text(key) ?? fallback);
    if (!Number.isInteger(value) || value < 1) throw new Error(`Context ${key} must be a positive whole number, got "${text(key)}".`);
    return value;
  };
  return {
    oidcIssuer: text('oidcIssuer'),
    oidcAudiences: list('oidcAudience'),
    allowAnyAudience: flag('allowAnyAudience'),
    oidcJwksUrl: text('oidcJwksUrl'),
    oauthCallbackUrls: list('oauthCallbackUrls'),
    cognitoDomainPrefix: text('cognitoDomainPrefix'),
    sesFromAddress: text('sesFromAddress'),
    appUrl: text('appUrl'),
    workspaceLimitPerOrg: positiveInteger('workspaceLimitPerOrg', DEFAULT_WORKSPACE_LIMIT_PER_ORG),
    auditRetentionDays: atLeast30('auditRetentionDays', positiveInteger('auditRetentionDays', DEFAULT_AUDIT_RETENTION_DAYS)),
    pendingInvitationLimit: positiveInteger('pendingInvitationLimit', DEFAULT_PENDING_INVITATION_LIMIT),
    apiKeyLimitPerWorkspace: positiveInteger('apiKeyLimitPerWorkspace', DEFAULT_API_KEY_LIMIT_PER_WORKSPACE),
    apiKeyEnvironment: apiKeyEnvironment(text('apiKeyEnvironment')),
    abuseLimits: abuseLimitsFromContext(positiveInteger),
    consumerDomains: { add: list('consumerDomains') ?? [], allow: list('allowedDomains') ?? [] },
    throttle: {
      rateLimit: positiveInteger('throttleRateLimit', DEFAULT_THROTTLE.rateLimit),
      burstLimit: positiveInteger('throttleBurstLimit', DEFAULT_THROTTLE.burstLimit),
    },
    cursorSigningKeyVersion: text('cursorSigningKeyVersion'),
    alarmEmail: text('alarmEmail'),
    alarmThresholds: alarmThresholds(node.tryGetContext('alarmThresholds')),
    traceSdkCalls: flag('traceSdkCalls'),
  };
}

function apiKeyEnvironment(value: string | undefined): string {
  if (value !== undefined && !/^[a-z]{2,8}$/.test(value))
    throw new Error(`Context apiKeyEnvironment must be 2 to 8 lowercase letters, got "${value}".`);
  return value ?? 'live';
}

/** The event feed promises 30 days to a consumer that stops polling for a while. */
function atLeast30(key: string, days: number): number {
  if (days < 30) throw new Error(`Context ${key} must be at least 30 (days), got ${days}.`);
  return days;
}

/** `invitationEmailsPerOrgPerHour` and the like: each limit of AbuseLimits under its own context key. */
function abuseLimitsFromContext(positiveInteger: (key: string, fallback: number) => number): AbuseLimits {
  const hourAndDay = (key: 'invitationEmailsPerInviter' | 'invitationEmailsPerOrg' | 'invitationEmailsPerNewOrg') => ({
    hour: positiveInteger(`${key}PerHour`, DEFAULT_ABUSE_LIMITS[key].hour),
    day: positiveInteger(`${key}PerDay`, DEFAULT_ABUSE_LIMITS[key].day),
  });
  return {
    invitationEmailsPerInviter: hourAndDay('invitationEmailsPerInviter'),
    invitationEmailsPerOrg: hourAndDay('invitationEmailsPerOrg'),
    invitationEmailsPerNewOrg: hourAndDay('invitationEmailsPerNewOrg'),
    orgsCreatedPerUserPerDay: positiveInteger('orgsCreatedPerUserPerDay', DEFAULT_ABUSE_LIMITS.orgsCreatedPerUserPerDay),
  };
}

/** `create-workspace` → `CreateWorkspace`: the id of the route's function, and the prefix of its other constructs. */
export const routeConstructId = (route: Pick<RouteDefinition, 'name'>): string =>
  route.name.replace(/(^|-)(\w)/g, (_match, _dash: string, letter: string) => letter.toUpperCase());

const TOKEN_SIGNING_ACTIONS = { sign: ['kms:Sign', 'kms:GetPublicKey'], 'public-key': ['kms:GetPublicKey'] } as const;

/** What a route's function and its API route are wired to. */
interface RouteWiring {
  api: HttpApi;
  authorizer: HttpLambdaAuthorizer;
  logGroup: ILogGroup;
  table: TableV2;
  tableEnvironment: Record<string, string>;
  signIn: Record<string, string>;
  accessTokenSigningKey: Key;
  alarms: { topic: Topic; thresholds: AlarmThresholds };
  credentialsKey: Key;
}

export class OrgspaceStack extends Stack {
  /** How every function of the stack is bundled. */
  private readonly bundling: BundlingChoices;

  constructor(scope: Construct, id: string, props: OrgspaceStackProps = {}) {
    super(scope, id, props);
    this.bundling = { traceSdkCalls: props.traceSdkCalls ?? false };

    // TableV2 (AWS::DynamoDB::GlobalTable) is the construct AWS now recommends: replicas can be
    // added later without replacing the table.
    const table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE_DEFINITION.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_DEFINITION.sortKey, type: AttributeType.STRING },
      globalSecondaryIndexes: [
        {
          indexName: TABLE_DEFINITION.indexes.byPerson.indexName,
          partitionKey: { name: TABLE_DEFINITION.indexes.byPerson.partitionKey, type: AttributeType.STRING },
          sortKey: { name: TABLE_DEFINITION.indexes.byPerson.sortKey, type: AttributeType.STRING },
        },
      ],
      timeToLiveAttribute: TABLE_DEFINITION.timeToLiveAttribute,
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // For the stream consumers (shared/events/background-functions.ts): the invitation mailer, the
      // grant cleanup and the event publisher.
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
    });

    const api = new HttpApi(this, 'Api', {
      description: 'Orgspace: organizations and workspaces',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...CORS_POLICY.allowOrigins],
        allowHeaders: [...CORS_POLICY.allowHeaders],
        allowMethods: CORS_POLICY.allowMethods.map((method) => CorsHttpMethod[method]),
        exposeHeaders: [...CORS_POLICY.exposeHeaders],
        maxAge: Duration.seconds(CORS_POLICY.maxAgeSeconds),
      },
    });

    const issuer = this.oidcIssuer(props, `${api.apiEndpoint}/invite`);
    const sesFromAddress = props.sesFromAddress;
    const senderIdentity = sesFromAddress
      ? new EmailIdentity(this, 'SenderIdentity', {
          identity: sesFromAddress.includes('@') ? Identity.email(sesFromAddress) : Identity.domain(sesFromAddress),
        })
      : undefined;
    if (!sesFromAddress) {
      Annotations.of(this).addWarningV2(
        'orgspace:sesFromAddress',
        'sesFromAddress is not set: invitation emails cannot be sent (they end as email_status "failed") until it names an SES-verified address or domain.',
      );
    }
    if (props.appUrl && !/^https:\/\/[^\s/]+/.test(props.appUrl)) throw new Error(`appUrl must be an https URL, got "${props.appUrl}".`);
    // Signs list cursors. CloudFormation resolves it into the functions' environment at deploy
    // time, so no function calls Secrets Manager on a cold start; rotating it only ends open cursors.
    const cursorSigningKey = new Secret(this, 'CursorSigningKey', {
      description: 'Orgspace: HMAC key for list cursors',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    acknowledge(cursorSigningKey, {
      id: 'AwsSolutions-SMG4',
      reason:
        "It only signs list cursors, and CloudFormation copies it into the functions' environment at deploy time, so a scheduled rotation would reach no function before the next deploy. Rotate by putting a new version and deploying with -c cursorSigningKeyVersion (README, Runbook); open cursors then answer 400.",
    });
    const tableEnvironment = {
      CURSOR_SIGNING_KEY: (props.cursorSigningKeyVersion
        ? SecretValue.secretsManager(cursorSigningKey.secretArn, { versionId: props.cursorSigningKeyVersion })
        : cursorSigningKey.secretValue
      ).unsafeUnwrap(),
      WORKSPACE_LIMIT_PER_ORG: String(props.workspaceLimitPerOrg ?? DEFAULT_WORKSPACE_LIMIT_PER_ORG),
      AUDIT_RETENTION_DAYS: String(props.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS),
      PENDING_INVITATION_LIMIT: String(props.pendingInvitationLimit ?? DEFAULT_PENDING_INVITATION_LIMIT),
      API_KEY_LIMIT_PER_WORKSPACE: String(props.apiKeyLimitPerWorkspace ?? DEFAULT_API_KEY_LIMIT_PER_WORKSPACE),
      API_KEY_ENVIRONMENT: props.apiKeyEnvironment ?? 'live',
      ...abuseLimitEnvironment(props.abuseLimits ?? DEFAULT_ABUSE_LIMITS),
      ...domainOverrideEnvironment(props.consumerDomains),
    };

    const logGroup = functionLogGroup(this);
    // Signs workspace access tokens (ES256). Asymmetric, so the private key never leaves KMS: the
    // issuing function may only ask it to sign, and the JWKS function only read its public half.
    // Nothing is encrypted under it and a token it signed lives 5 minutes, so the key goes with the
    // stack (after KMS's shortest waiting period, during which a deletion can still be cancelled)
    // rather than being kept, and billed, forever.
    const accessTokenSigningKey = new Key(this, 'AccessTokenSigningKey', {
      description: 'Orgspace: signs workspace access tokens (ES256)',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      alias: `alias/${this.stackName}-access-tokens`,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });

    // Wraps the data keys of credentials (one per workspace). Symmetric, rotated yearly by KMS, and
    // kept when the stack goes: deleting it would make every stored credential unreadable.
    const credentialsKey = new Key(this, 'CredentialsKey', {
      description: 'Orgspace: wraps the data keys that encrypt workspace credentials',
      enableKeyRotation: true,
      alias: `alias/${this.stackName}-credentials`,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const authorizerFunction = new ApiFunction(this, 'Authorizer', {
      logGroup,
      bundling: this.bundling,
      entry: join(REPO_ROOT, 'functions/authorizer.ts'),
      description: 'Verifies bearer tokens; creates the user and a personal org on first sign-in',
      environment: {
        ...tableEnvironment,
        OIDC_ISSUER: issuer.url,
        OIDC_AUDIENCE: issuer.audiences === 'any' ? '*' : issuer.audiences.join(','),
        ...(props.oidcJwksUrl ? { OIDC_JWKS_URL: props.oidcJwksUrl } : {}),
      },
    }).bindTable(table, 'write');
    const authorizer = new HttpLambdaAuthorizer('TokenAuthorizer', authorizerFunction, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: Duration.minutes(5),
    });

    // One JSON line per request, for operators: who called which route, the answer, and where time went.
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    new HttpStage(this, 'DefaultStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? DEFAULT_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            sourceIp: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    const alarms = { topic: alarmTopic(this, props.alarmEmail), thresholds: alarmThresholds(props.alarmThresholds) };

    // Each feature's functions (with their roles and policies) in a nested stack of their own: a
    // route costs 6 resources and CloudFormation caps a stack at 500. The API's routes, integrations
    // and invoke permissions stay here, so moving a function between stacks never re-creates a route.
    for (const [feature, rows] of Object.entries(routeGroups)) {
      const functions = new NestedStack(this, `${routeConstructId({ name: feature })}Functions`, {
        description: `Orgspace: the functions of the ${feature} routes`,
      });
      for (const route of Object.values(rows) as RouteDefinition[])
        this.route(functions, route, {
          api,
          authorizer,
          logGroup,
          table,
          tableEnvironment,
          signIn: issuer.signIn,
          accessTokenSigningKey,
          alarms,
          credentialsKey,
        });
    }

    // Every audit event goes on this bus (publish-events), its action as the detail-type; the
    // deployer's services subscribe with rules of their own.
    const eventBus = new EventBus(this, 'EventBus', {
      description: 'Orgspace: every change, as an audit event; detail-type is its action',
    });

    const background = this.backgroundFunctions(table, tableEnvironment, eventBus, logGroup, alarms.topic, {
      environment: {
        MAIL_FROM: sesFromAddress ? (sesFromAddress.includes('@') ? sesFromAddress : `noreply@${sesFromAddress}`) : PLACEHOLDER_SENDER,
        INVITATION_LINK_BASE: props.appUrl ?? `${api.apiEndpoint}/invite`,
      },
      // SendEmail is authorized against the identity the mail is sent as (no configuration set is
      // used, so against nothing else). Without a sender, that is the placeholder's identity, which
      // no account can verify (example.com is reserved): SES refuses those emails as unverified, a
      // permanent error that ends them as "failed" at once, rather than as unauthorized.
      senderIdentityArn:
        senderIdentity?.emailIdentityArn ?? this.formatArn({ service: 'ses', resource: 'identity', resourceName: PLACEHOLDER_SENDER }),
    });

    new Monitoring(this, 'Monitoring', {
      ...alarms,
      api,
      table,
      functionLogs: logGroup,
      accessLogs,
      authorizer: authorizerFunction,
      backgroundFunctions: background.functions,
      deadLetterQueues: background.deadLetterQueues,
    });

    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'Issuer', { value: issuer.url });
    new CfnOutput(this, 'AccessTokenJwksUrl', { value: `${api.apiEndpoint}/.well-known/jwks.json` });
    new CfnOutput(this, 'EventBusName', { value: eventBus.eventBusName });
    new CfnOutput(this, 'EventBusArn', { value: eventBus.eventBusArn });
  }

  /** A route's function, in its feature's nested stack, and its API route with integration and invoke permission, here. */
  private route(functions: NestedStack, route: RouteDefinition, wiring: RouteWiring): void {
    const { api, authorizer, logGroup, table, tableEnvironment, signIn, accessTokenSigningKey, alarms, credentialsKey } = wiring;
    const id = routeConstructId(route);
    const handler = new ApiFunction(functions, id, {
      logGroup,
      bundling: this.bundling,
      entry: join(REPO_ROOT, handlerFile(route)),
      description: `${route.method} ${route.path}`,
      environment: {
        ...(route.tableAccess === 'none' ? {} : tableEnvironment),
        ...(route.name === 'get-invite-page' ? signIn : {}),
        ...(route.tokenSigningKey ? { TOKEN_SIGNING_KEY_ID: accessTokenSigningKey.keyArn } : {}),
        // Tokens name the API as their issuer; its /.well-known/jwks.json lists the key.
        ...(route.tokenSigningKey === 'sign' ? { ACCESS_TOKEN_ISSUER: api.apiEndpoint } : {}),
        ...(route.credentialKey ? { CREDENTIALS_KMS_KEY_ID: credentialsKey.keyArn } : {}),
      },
    });
    if (route.tableAccess !== 'none') handler.bindTable(table, route.tableAccess);
    routeAlarms(functions, id, route, alarms.thresholds, alarms.topic);
    if (route.tokenSigningKey) accessTokenSigningKey.grant(handler, ...TOKEN_SIGNING_ACTIONS[route.tokenSigningKey]);
    // Data keys for credential contexts only: CloudTrail shows each call with its context.
    if (route.credentialKey)
      handler.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [credentialsKey.keyArn],
          conditions: { StringEquals: { 'kms:EncryptionContext:purpose': 'orgspace-credentials' } },
        }),
      );
    const [httpRoute] = api.addRoutes({
      path: route.path,
      methods: [HttpMethod[route.method]],
      integration: new HttpLambdaIntegration(`${id}Integration`, handler),
      authorizer: route.auth === 'public' ? new HttpNoneAuthorizer() : authorizer,
    });
    if (route.auth === 'public') {
      acknowledge(httpRoute!, {
        id: 'AwsSolutions-APIG4',
        reason: `Public on purpose (auth 'public' in the route table): ${route.summary}.`,
      });
    }
  }

  /**
   * The functions no route calls: stream consumers (such as the invitation mailer, which sends each
   * new email at once; failed batches are retried, split, then recorded in a dead-letter queue that
   * raises an alarm) and schedules (such as the pass that retries whatever mail is still due).
   * Those that publish events may put them on the stack's own bus, and on no other.
   */
  private backgroundFunctions(
    table: TableV2,
    tableEnvironment: Record<string, string>,
    eventBus: EventBus,
    logGroup: ILogGroup,
    alarmTopic: Topic,
    mail: { environment: Record<string, string>; senderIdentityArn: string },
  ): { functions: Record<string, ApiFunction>; deadLetterQueues: Record<string, Queue> } {
    const functions: Record<string, ApiFunction> = {};
    const deadLetterQueues: Record<string, Queue> = {};
    const sendEmail = new PolicyStatement({ effect: Effect.ALLOW, actions: ['ses:SendEmail'], resources: [mail.senderIdentityArn] });
    const backgroundFunction = ({ name, description, tableAccess, sendsMail, publishesEvents }: StreamConsumer | Schedule) => {
      const fn = new ApiFunction(this, routeConstructId({ name }), {
        logGroup,
        bundling: this.bundling,
        entry: join(REPO_ROOT, handlerFile({ name })),
        description,
        timeout: Duration.seconds(60),
        environment: {
          ...(tableAccess === 'none' ? {} : tableEnvironment),
          ...(sendsMail ? mail.environment : {}),
          ...(publishesEvents ? { EVENT_BUS_NAME: eventBus.eventBusName } : {}),
        },
      });
      if (tableAccess !== 'none') fn.bindTable(table, tableAccess);
      if (sendsMail) fn.addToRolePolicy(sendEmail);
      if (publishesEvents) eventBus.grantPutEventsTo(fn);
      functions[routeConstructId({ name })] = fn;
      return fn;
    };

    for (const consumer of streamConsumers) {
      const id = routeConstructId(consumer);
      const deadLetters = new Queue(this, `${id}DeadLetters`, {
        retentionPeriod: Duration.days(14),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      acknowledge(deadLetters, {
        id: 'AwsSolutions-SQS3',
        reason: `It is a dead-letter queue: where the ${consumer.name} stream mapping records batches that failed after retries (an on-failure destination, which cdk-nag does not recognise as a DLQ); its alarm below watches it.`,
      });
      backgroundFunction(consumer).addEventSource(
        new DynamoEventSource(table, {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: consumer.batchSize,
          retryAttempts: consumer.retryAttempts,
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          maxRecordAge: Duration.hours(1),
          onFailure: new SqsDlq(deadLetters),
          filters: [FilterCriteria.filter(consumer.filter)],
        }),
      );
      deadLetterQueues[id] = deadLetters;
      const deadLettered = new Alarm(this, `${id}DeadLettersAlarm`, {
        alarmDescription: consumer.whenDeadLettered,
        metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      notify(deadLettered, alarmTopic);
    }

    for (const schedule of schedules) {
      new Rule(this, `${routeConstructId(schedule)}Schedule`, {
        description: schedule.description,
        schedule: EventSchedule.rate(Duration.minutes(schedule.everyMinutes)),
        targets: [new LambdaFunction(backgroundFunction(schedule))],
      });
    }
    return { functions, deadLetterQueues };
  }

  /** The issuer whose tokens the API accepts; with Cognito's hosted domain, also how the invitation page (`invitePageUrl`) signs people in. */
  private oidcIssuer(
    props: OrgspaceStackProps,
    invitePageUrl: string,
  ): { url: string; audiences: string[] | 'any'; signIn: Record<string, string> } {
    if (props.oidcIssuer) {
      if (!/^https:\/\/[^\s/]+/.test(props.oidcIssuer)) throw new Error(`oidcIssuer must be an https URL, got "${props.oidcIssuer}".`);
      if (props.oauthCallbackUrls?.length || props.cognitoDomainPrefix) {
        throw new Error(
          'oauthCallbackUrls and cognitoDomainPrefix configure the Cognito user pool, which is not created when oidcIssuer is given.',
        );
      }
      if (props.oidcAudiences?.length) {
        if (props.allowAnyAudience) throw new Error('Give oidcAudience or allowAnyAudience=true, one or the other.');
        return { url: props.oidcIssuer, audiences: props.oidcAudiences, signIn: {} };
      }
      // Any app registered with a shared issuer could otherwise call this API with its own users' tokens.
      if (!props.allowAnyAudience) {
        throw new Error(
          'oidcIssuer is given without oidcAudience: name the client ids whose tokens the API accepts (-c oidcAudience=id1,id2), ' +
            'or, to accept tokens that issuer minted for any application, say so with -c allowAnyAudience=true.',
        );
      }
      Annotations.of(this).addWarningV2(
        'orgspace:oidcAudience',
        'allowAnyAudience=true: the API accepts tokens that oidcIssuer minted for any application.',
      );
      return { url: props.oidcIssuer, audiences: 'any', signIn: {} };
    }
    if (props.allowAnyAudience)
      throw new Error('allowAnyAudience goes with oidcIssuer only: the Cognito client this stack creates is always the audience.');

    // Email is the username (UsernameAttributes), so people sign up and sign in with it; Cognito ID
    // tokens then carry the `email`, `email_verified` and `name` claims the authorizer reads.
    const userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: false, mutable: true } },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Stated rather than left to Cognito's defaults (8 characters); it applies when a password is
      // next set, so existing users keep theirs until then. All four character classes are what
      // cdk-nag's AwsSolutions-COG1 asks for.
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      // Anyone may add an authenticator app (TOTP); SMS is left off (it costs per message and is the
      // weaker factor). Not required: an invitee would have to enrol an app before a first sign-in.
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(userPool, {
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional (an authenticator app), not required: requiring it would make every invitee enrol an app before their first sign-in. A deployment that needs it changes mfa to Mfa.REQUIRED.',
    });
    acknowledge(userPool, {
      id: 'AwsSolutions-COG8',
      reason:
        "Threat protection (adaptive authentication, compromised-credential checks) needs Cognito's Plus plan, billed per monthly active user; the stack does not choose a paid plan for the deployer.",
    });
    if ((props.oauthCallbackUrls ?? []).length > 0 && !props.cognitoDomainPrefix) {
      throw new Error('oauthCallbackUrls needs cognitoDomainPrefix: the authorization-code flow runs on the hosted sign-in domain.');
    }
    // With a hosted domain, the invitation page is always a callback: it signs invitees in there.
    const oauthCallbackUrls = props.cognitoDomainPrefix ? [...(props.oauthCallbackUrls ?? []), invitePageUrl] : [];
    const client = new UserPoolClient(this, 'UsersClient', {
      userPool,
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: true },
      preventUserExistenceErrors: true,
      // CDK's default would switch on the implicit grant with https://example.com as redirect URL.
      ...(oauthCallbackUrls.length > 0
        ? {
            oAuth: {
              flows: { authorizationCodeGrant: true },
              scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
              callbackUrls: oauthCallbackUrls,
              logoutUrls: oauthCallbackUrls,
            },
          }
        : { disableOAuth: true }),
    });
    // With a hosted sign-in domain, the invitation page signs invitees in through it (code flow with PKCE).
    let signIn: Record<string, string> = {};
    if (props.cognitoDomainPrefix) {
      const domain = userPool.addDomain('SignInDomain', { cognitoDomain: { domainPrefix: props.cognitoDomainPrefix } });
      new CfnOutput(this, 'SignInDomainUrl', { value: domain.baseUrl() });
      signIn = {
        SIGN_IN_AUTHORIZE_URL: `${domain.baseUrl()}/oauth2/authorize`,
        SIGN_IN_TOKEN_URL: `${domain.baseUrl()}/oauth2/token`,
        SIGN_IN_CLIENT_ID: client.userPoolClientId,
      };
    }
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
    return {
      url: `https://cognito-idp.${this.region}.amazonaws.com/${userPool.userPoolId}`,
      audiences: [client.userPoolClientId, ...(props.oidcAudiences ?? [])],
      signIn,
    };
  }
}
