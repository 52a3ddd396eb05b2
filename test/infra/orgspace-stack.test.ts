// Assertions on the synthesized template, driven from the route table so that a new route is
// checked without anyone remembering to. Bundling is skipped (`aws:cdk:bundling-stacks: []`):
// these tests are about the wiring, and esbuild would add seconds per function.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement, CfnResource, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CfnRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { routeGroups, routeList } from '../../features/routes.js';
import { ApiFunction } from '../../infra/api-function.js';
import { FUNCTION_BUNDLING, SDK_TRACING_MODULE } from '../../infra/bundling.js';
import { OrgspaceStack, PLACEHOLDER_SENDER, REPO_ROOT, routeConstructId, stackPropsFromContext } from '../../infra/orgspace-stack.js';
import { schedules, streamConsumers } from '../../shared/events/background-functions.js';
import type { RouteDefinition } from '../../shared/http/route.js';
import { TABLE_DEFINITION } from '../../shared/table/table-definition.js';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/**
 * Synthesizes the stack the way `infra/app.ts` does, from context, but without bundling; with
 * `nag`, also with its cdk-nag validation, so that synth throws the report on any finding left.
 */
function synth(context: Record<string, unknown> = {}, { nag = false } = {}) {
  const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  const stack = new OrgspaceStack(app, 'Orgspace', stackPropsFromContext(app.node));
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const assembly = app.synth();
  const template = Template.fromStack(stack);
  const resources = flattened(stack);
  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
  const logicalId = (construct: { node: { defaultChild?: unknown } }) => {
    const element = construct.node.defaultChild as CfnElement;
    return Stack.of(element).getLogicalId(element);
  };

  // Our functions are the ApiFunction constructs; the template may also hold functions CDK adds
  // on its own (see `cdkHelper` below), which the per-route count must not include.
  const ours = stack.node.findAll().filter((construct): construct is ApiFunction => construct instanceof ApiFunction);
  const functionIdOf = (constructId: string) => {
    const fn = ours.find((candidate) => candidate.node.id === constructId);
    if (!fn) throw new Error(`No function ${constructId}`);
    return logicalId(fn);
  };
  /** Construct path of each resource, by logical id (the template carries no path metadata outside the CLI). */
  const pathOf = new Map(
    stack.node
      .findAll()
      .filter((construct) => construct instanceof CfnResource)
      .map((resource) => [Stack.of(resource).getLogicalId(resource), resource.node.path]),
  );
  const functionOf = (constructId: string) => resources[functionIdOf(constructId)]!;
  const environmentOf = (constructId: string): Record<string, unknown> => functionOf(constructId).Properties.Environment?.Variables ?? {};

  /** Every statement in the policies of a function's role, inline or attached. */
  function statementsOf(constructId: string): Statement[] {
    const roleId = functionOf(constructId).Properties.Role['Fn::GetAtt'][0];
    const attached = ofType('AWS::IAM::Policy')
      .filter(([, policy]) => policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId))
      .map(([, policy]) => policy.Properties.PolicyDocument);
    const inline = (resources[roleId]!.Properties.Policies ?? []).map((policy: { PolicyDocument: unknown }) => policy.PolicyDocument);
    return [...attached, ...inline].flatMap((document) => document.Statement);
  }

  return {
    app,
    stack,
    assembly,
    template,
    resources,
    ofType,
    logicalId,
    pathOf,
    ours,
    functionIdOf,
    functionOf,
    environmentOf,
    statementsOf,
  };
}

/**
 * The stack's resources with those of its nested stacks (each feature's route functions) in one
 * map, as if they were one template: a nested stack's parameters are replaced by what the parent
 * passes it, and the parent's reads of its outputs by what they output. The assertions below then
 * hold whichever stack a resource sits in. Logical ids are unique across them (a check here).
 */
function flattened(stack: Stack): Record<string, Resource> {
  const resources = { ...(Template.fromStack(stack).toJSON().Resources as Record<string, Resource>) };
  const outputsByNestedStack = new Map<string, Record<string, unknown>>();
  for (const nested of stack.node.findAll().filter((construct): construct is NestedStack => NestedStack.isNestedStack(construct))) {
    const nestedId = stack.getLogicalId(nested.nestedStackResource as CfnElement);
    const parameters = (resources[nestedId]!.Properties.Parameters ?? {}) as Record<string, unknown>;
    const fromParent = (value: unknown) =>
      replaced(value, (node) => (isRef(node) && node.Ref in parameters ? parameters[node.Ref] : undefined));
    const nestedTemplate = Template.fromStack(nested).toJSON() as {
      Resources: Record<string, Resource>;
      Outputs?: Record<string, { Value: unknown }>;
    };
    for (const [id, resource] of Object.entries(nestedTemplate.Resources)) {
      if (id in resources) throw new Error(`Logical id ${id} is in two stacks`);
      resources[id] = fromParent(resource) as Resource;
    }
    outputsByNestedStack.set(
      nestedId,
      Object.fromEntries(Object.entries(nestedTemplate.Outputs ?? {}).map(([name, output]) => [name, fromParent(output.Value)])),
    );
    delete resources[nestedId];
  }
  const toOutput = (node: unknown) => {
    const getAtt = (node as { 'Fn::GetAtt'?: [string, string] })?.['Fn::GetAtt'];
    if (!getAtt || !outputsByNestedStack.has(getAtt[0]) || !getAtt[1].startsWith('Outputs.')) return undefined;
    return outputsByNestedStack.get(getAtt[0])![getAtt[1].slice('Outputs.'.length)];
  };
  return Object.fromEntries(Object.entries(resources).map(([id, resource]) => [id, replaced(resource, toOutput) as Resource]));
}

const isRef = (node: unknown): node is { Ref: string } =>
  typeof node === 'object' && node !== null && Object.keys(node).length === 1 && typeof (node as { Ref?: unknown }).Ref === 'string';

/** A deep copy of `value` in which each node `replacement` answers for is replaced by its answer. */
function replaced(value: unknown, replacement: (node: unknown) => unknown): unknown {
  const answer = replacement(value);
  if (answer !== undefined) return answer;
  if (Array.isArray(value)) return value.map((item) => replaced(item, replacement));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaced(item, replacement)]));
  return value;
}

type Finding = { rule: string; path: string };

/**
 * Every AwsSolutions finding in the app, acknowledged or not. cdk-nag leaves acknowledged ones out
 * of its report, so its (private) acknowledgement check is switched off here; were it renamed,
 * this would return no findings, and the test that each acknowledgement answers one would fail.
 */
function allFindings(app: App): Finding[] {
  const pack = new AwsSolutionsChecks();
  Object.defineProperty(pack, 'isAcknowledged', { value: () => false });
  return pack
    .validateScope(app)
    .violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => ({ rule: violation.ruleName, path: resource.constructPath! })),
    );
}

/** Every `Validations.of(construct).acknowledge(...)` in the app, where it was made. */
function acknowledgementsOf(app: App): (Finding & { construct: IConstruct; reason: string })[] {
  return app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          // CDK records an id without a plugin prefix as an annotation's, which is how cdk-nag reads
          // it. The `AwsSolutions::…` form that CDK's report suggests is not read by cdk-nag, and CDK
          // itself would then let warnings through: such an acknowledgement fails the test below.
          rule: id.replace(/^Annotation::/, ''),
          path: construct.node.path,
          construct,
          reason,
        })),
      ),
  );
}

/** Whether an allowed action pattern (`dynamodb:*`, `dynamodb:Put*`) covers `action`. */
const allows = (statements: Statement[], action: string) =>
  statements.some(
    (statement) =>
      statement.Effect === 'Allow' &&
      [statement.Action]
        .flat()
        .some((pattern) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(action)),
  );

/**
 * CDK adds Lambda functions of its own for some features: the LogRetention provider (deprecated
 * `logRetention`), SingletonFunction-based providers such as AwsCustomResource, and the core
 * CustomResourceProvider. Their construct ids end in a 32-hex-digit UUID or in
 * `CustomResourceProvider`, and they sit directly under the stack.
 */
const cdkHelper = (path: string) => /^Orgspace\/[A-Za-z]*([0-9a-f]{32}|CustomResourceProvider)(\/|$)/.test(path);

/** Functions no route calls: stream consumers and schedules; some of them send mail. */
const backgroundIds = [...streamConsumers, ...schedules].map(routeConstructId);
const mailerIds = [...streamConsumers, ...schedules].filter((fn) => fn.sendsMail).map(routeConstructId);
const publisherIds = [...streamConsumers, ...schedules].filter((fn) => fn.publishesEvents).map(routeConstructId);

const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const routeKey = (route: RouteDefinition) => `${route.method} ${route.path}`;

const stack = synth();
const { template, resources, ofType } = stack;

describe('synthesis for tests', () => {
  it('skips bundling: every function asset is the unbundled repository, not an esbuild output', () => {
    const directory = stack.assembly.directory;
    const files: Record<string, { source: { path: string } }> = Object.assign(
      {},
      ...readdirSync(directory)
        .filter((file) => file.endsWith('.assets.json'))
        .map((file) => JSON.parse(readFileSync(join(directory, file), 'utf8')).files),
    );
    expect(stack.ours.length).toBeGreaterThan(0);
    for (const fn of stack.ours) {
      const hash = stack.functionOf(fn.node.id).Properties.Code.S3Key.replace(/\.zip$/, '');
      // Bundled, this would be an `asset.<hash>` directory holding esbuild's index.mjs.
      expect(files[hash]?.source.path, fn.node.id).toBe(REPO_ROOT);
    }
  });
});

describe('functions', () => {
  const functionIds = ofType('AWS::Lambda::Function').map(([id]) => id);
  const ourIds = stack.ours.map((fn) => stack.logicalId(fn));

  it('has exactly one function per route, the authorizer and the background functions, besides any CDK helpers', () => {
    expect(stack.ours.map((fn) => fn.node.id).sort()).toEqual([...routeList.map(routeConstructId), 'Authorizer', ...backgroundIds].sort());
    for (const id of ourIds) expect(functionIds).toContain(id);
    // Every other function must be one CDK added itself, not a hand-written one outside ApiFunction.
    const helpers = functionIds.filter((id) => !ourIds.includes(id));
    for (const id of helpers) expect(cdkHelper(stack.pathOf.get(id) ?? ''), id).toBe(true);
    expect(functionIds.length - helpers.length).toBe(routeList.length + 1 + backgroundIds.length);
    // Log groups are passed as `logGroup`, so the LogRetention provider is not needed at all.
    expect(helpers.filter((id) => stack.pathOf.get(id)?.includes('LogRetention'))).toEqual([]);
  });

  it("keeps every stack under 400 resources, where CDK starts warning of CloudFormation's 500 per stack", () => {
    // A route costs 3 here (route, integration, invoke permission) and 3 in its feature's nested
    // stack (function, role, policy); the parent's own resources (table, API, background
    // functions, keys) are about 80 more.
    const stacks = [stack.stack, ...stack.stack.node.findAll().filter((construct) => NestedStack.isNestedStack(construct))] as Stack[];
    // The parent, a nested stack per feature and the Monitoring one (infra/monitoring.ts).
    expect(stacks.length).toBe(2 + Object.keys(routeGroups).length);
    for (const each of stacks) expect(Object.keys(Template.fromStack(each).toJSON().Resources).length, each.node.path).toBeLessThan(400);
  });

  it('runs every function on Node.js 24, arm64, traced, with source maps and a 30-day log group', () => {
    for (const fn of stack.ours) {
      const id = stack.logicalId(fn);
      const { Properties: properties } = resources[id]!;
      expect(properties.Runtime, id).toBe('nodejs24.x');
      // esbuild targets the Node.js the function runs on (`nodejs24.x` → `node24`).
      expect(FUNCTION_BUNDLING.target, id).toBe(properties.Runtime.replace(/^nodejs(\d+)\.x$/, 'node$1'));
      expect(properties.Architectures, id).toEqual(['arm64']);
      expect(properties.Handler, id).toBe('index.handler');
      expect(properties.MemorySize, id).toBe(512);
      // Request handlers answer within API Gateway's limit; mailers may wait on SES.
      expect(properties.Timeout, id).toBe(backgroundIds.includes(fn.node.id) ? 60 : 10);
      expect(properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      expect(properties.Environment?.Variables?.NODE_OPTIONS, id).toBeUndefined();
      const logGroup = resources[properties.LoggingConfig.LogGroup.Ref]!;
      expect(logGroup.Type, id).toBe('AWS::Logs::LogGroup');
      expect(logGroup.Properties.RetentionInDays, id).toBe(30);
    }
  });

  it('bundles every function with the SDK tracing module only with traceSdkCalls=true, and as before without it', () => {
    // The same options object, not a copy: without the choice, no bundle changes (infra/bundling.ts).
    for (const fn of stack.ours) expect(fn.bundlingOptions, fn.node.id).toBe(FUNCTION_BUNDLING);
    const traced = synth({ traceSdkCalls: 'true' });
    expect(traced.ours.length).toBe(stack.ours.length);
    for (const fn of traced.ours) expect(fn.bundlingOptions, fn.node.id).toEqual({ ...FUNCTION_BUNDLING, inject: [SDK_TRACING_MODULE] });
    expect(() => synth({ traceSdkCalls: 'yes' })).toThrow('Context traceSdkCalls must be true or false, got "yes".');
  });

  it('grants read-only routes no writes, write routes writes, and tableless routes no DynamoDB at all', () => {
    const tableId = ofType('AWS::DynamoDB::GlobalTable')[0]![0];
    for (const route of routeList) {
      const id = routeConstructId(route);
      const statements = stack.statementsOf(id);
      const environment = stack.environmentOf(id);
      const label = routeKey(route);
      if (route.tableAccess === 'none') {
        expect(
          statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:'))),
          label,
        ).toEqual([]);
        expect(environment.TABLE_NAME, label).toBeUndefined();
        expect(environment.WORKSPACE_LIMIT_PER_ORG, label).toBeUndefined();
        continue;
      }
      expect(environment.TABLE_NAME, label).toEqual({ Ref: tableId });
      expect(environment.WORKSPACE_LIMIT_PER_ORG, label).toBe('10');
      expect(allows(statements, 'dynamodb:Query'), label).toBe(true);
      expect(allows(statements, 'dynamodb:GetItem'), label).toBe(true);
      for (const write of WRITE_ACTIONS) expect(allows(statements, write), `${label} ${write}`).toBe(route.tableAccess === 'write');
    }
  });

  it('lets the authorizer write, since it creates the user and a personal org on first sign-in', () => {
    const statements = stack.statementsOf('Authorizer');
    for (const write of WRITE_ACTIONS) expect(allows(statements, write), write).toBe(true);
    expect(stack.environmentOf('Authorizer').WORKSPACE_LIMIT_PER_ORG).toBe('10');
  });

  it('lets only the mailers send mail, and only as the sender identity', () => {
    expect(mailerIds.length).toBeGreaterThan(0);
    const withSender = synth({ sesFromAddress: 'mail.example.org' });
    const [identityId] = Object.keys(withSender.template.findResources('AWS::SES::EmailIdentity'));
    // Without a sender, the placeholder's identity (which no account can verify), never `*`.
    const senders = [
      { variant: stack, identity: `:identity/${PLACEHOLDER_SENDER}"` },
      { variant: withSender, identity: `:identity/",{"Ref":"${identityId}"}` },
    ];
    for (const { variant, identity } of senders) {
      for (const fn of variant.ours) {
        const statements = variant.statementsOf(fn.node.id).filter((s) => [s.Action].flat().some((a) => a.startsWith('ses:')));
        if (!mailerIds.includes(fn.node.id)) {
          expect(statements, fn.node.id).toEqual([]);
          continue;
        }
        expect(statements, fn.node.id).toHaveLength(1);
        expect(statements[0]!.Action, fn.node.id).toBe('ses:SendEmail');
        expect([statements[0]!.Resource].flat(), fn.node.id).toHaveLength(1);
        expect(JSON.stringify(statements[0]!.Resource), fn.node.id).toContain(identity);
      }
    }
  });
});

describe('alarms', () => {
  type Watched = { namespace: string; metricName: string; dimensions: Record<string, unknown> };
  /** The metrics an alarm watches, whether it watches one or a math expression over several. */
  const watched = (alarm: Resource): Watched[] => {
    const of = (metric: Record<string, any>): Watched => ({
      namespace: metric.Namespace,
      metricName: metric.MetricName,
      dimensions: Object.fromEntries((metric.Dimensions ?? []).map((d: { Name: string; Value: unknown }) => [d.Name, d.Value])),
    });
    if (alarm.Properties.MetricName) return [of(alarm.Properties)];
    return (alarm.Properties.Metrics ?? []).filter((m: any) => m.MetricStat).map((m: any) => of(m.MetricStat.Metric));
  };
  const alarms = ofType('AWS::CloudWatch::Alarm');
  const alarmsWatching = (each: typeof alarms, test: (metric: Watched) => boolean) =>
    each.filter(([, alarm]) => watched(alarm).some(test)).map(([id, alarm]): Record<string, any> => ({ id, ...alarm.Properties }));
  /** The alarms on one metric, and on one value of one of its dimensions. */
  const alarmsOn = (namespace: string, metricName: string, [dimension, value]: [string, unknown]) =>
    alarmsWatching(
      alarms,
      (m) => m.namespace === namespace && m.metricName === metricName && JSON.stringify(m.dimensions[dimension]) === JSON.stringify(value),
    );
  const topicId = ofType('AWS::SNS::Topic')[0]![0];

  it('gives every route of the route table a 5xx-rate alarm and a p99-latency alarm on its own metrics', () => {
    for (const route of routeList) {
      const ofRoute = (name: string) => alarmsOn('Orgspace', name, ['route', route.name]);
      const [serverErrors, ...moreServerErrors] = ofRoute('errors_5xx');
      expect(serverErrors, routeKey(route)).toBeDefined();
      expect(moreServerErrors, routeKey(route)).toEqual([]);
      // A rate of this route's requests, not a count, and not another route's requests.
      expect(
        watched({ Type: '', Properties: serverErrors! })
          .map((m) => `${m.metricName} ${m.dimensions.route}`)
          .sort(),
      ).toEqual([`errors_5xx ${route.name}`, `requests ${route.name}`]);
      expect(serverErrors!.Threshold, routeKey(route)).toBe(5);
      const latency = ofRoute('latency');
      expect(latency, routeKey(route)).toHaveLength(1);
      expect(latency[0]!.Threshold, routeKey(route)).toBe(1000);
      expect(latency[0]!.ExtendedStatistic, routeKey(route)).toBe('p99');
    }
  });

  it("gives every function that is not a route's (the authorizer, each background function) an errors and a throttles alarm", () => {
    const routeIds = routeList.map(routeConstructId);
    const others = stack.ours.filter((fn) => !routeIds.includes(fn.node.id));
    expect(others.map((fn) => fn.node.id).sort()).toEqual(['Authorizer', ...backgroundIds].sort());
    for (const fn of others) {
      const functionId = stack.logicalId(fn);
      for (const metricName of ['Errors', 'Throttles']) {
        const onIt = alarmsOn('AWS/Lambda', metricName, ['FunctionName', { Ref: functionId }]);
        expect(onIt, `${metricName} of ${fn.node.id}`).toHaveLength(1);
      }
    }
  });

  it('raises an alarm on every queue of the stack (each one a dead-letter queue) once a message is in it', () => {
    const queues = ofType('AWS::SQS::Queue');
    expect(queues).toHaveLength(streamConsumers.length);
    for (const [queueId] of queues) {
      const onIt = alarmsWatching(
        alarms,
        (m) => m.metricName === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(m.dimensions.QueueName).includes(queueId),
      );
      expect(onIt, queueId).toHaveLength(1);
      expect(onIt[0]!.Threshold, queueId).toBe(1);
    }
  });

  it('watches the API, the table and the mail backlog', () => {
    const apiId = ofType('AWS::ApiGatewayV2::Api')[0]![0];
    const onApi = (name: string) => alarmsOn('AWS/ApiGateway', name, ['ApiId', { Ref: apiId }]);
    for (const name of ['4xx', '5xx', 'Latency']) expect(onApi(name), name).toHaveLength(1);
    const tableId = ofType('AWS::DynamoDB::GlobalTable')[0]![0];
    for (const name of ['ThrottledRequests', 'SystemErrors']) {
      const onTable = alarmsOn('AWS/DynamoDB', name, ['TableName', { Ref: tableId }]);
      expect(onTable, name).toHaveLength(1);
    }
    // The stage's throttle and the mail backlog are read from the logs, by metric filters that feed these alarms.
    const filters = ofType('AWS::Logs::MetricFilter').map(([, f]) => f.Properties);
    for (const [metricName, threshold] of [
      ['api_throttled', 10],
      ['mail_backlog_age_seconds', 3600],
    ] as const) {
      expect(
        filters.filter((f) => f.MetricTransformations[0].MetricName === metricName),
        metricName,
      ).toHaveLength(1);
      const onIt = alarmsWatching(alarms, (m) => m.namespace === 'Orgspace' && m.metricName === metricName);
      expect(onIt, metricName).toHaveLength(1);
      expect(onIt[0]!.Threshold, metricName).toBe(threshold);
    }
  });

  it('notifies the one alarm topic from every alarm, on alarm and on recovery, and subscribes alarmEmail to it', () => {
    expect(alarms.length).toBeGreaterThan(2 * routeList.length);
    for (const [id, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions, id).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.TreatMissingData, id).toBe('notBreaching');
    }
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    const subscribed = synth({ alarmEmail: 'oncall@example.com' });
    subscribed.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
  });

  it('takes thresholds from the alarmThresholds context, as an object or as JSON, and refuses ones it does not know', () => {
    const latencies = (variant: ReturnType<typeof synth>) =>
      alarmsWatching(variant.ofType('AWS::CloudWatch::Alarm'), (m) => m.metricName === 'latency').map((alarm) => alarm.Threshold);
    for (const alarmThresholds of [{ routeLatencyP99Ms: 800 }, '{"routeLatencyP99Ms": 800}']) {
      const variant = synth({ alarmThresholds });
      expect(new Set(latencies(variant))).toEqual(new Set([800]));
    }
    expect(() => synth({ alarmThresholds: { routeLatencyP99: 800 } })).toThrow(/has no "routeLatencyP99"/);
    expect(() => synth({ alarmThresholds: { routeLatencyP99Ms: 0 } })).toThrow(/routeLatencyP99Ms must be a positive number/);
    expect(() => synth({ alarmThresholds: '{nope' })).toThrow(/must be JSON/);
  });

  it('draws a dashboard with every route (found by SEARCH), every dead-letter queue and every background function', () => {
    const dashboards = ofType('AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]![1].Properties.DashboardBody);
    expect(body).toContain('SEARCH(');
    for (const [queueId] of ofType('AWS::SQS::Queue')) expect(body, queueId).toContain(queueId);
    for (const id of backgroundIds) expect(body, id).toContain(stack.functionIdOf(id));
  });
});

describe('invitation mail', () => {
  it('feeds each stream consumer only its records, retried, split on error, failures to a dead-letter queue with an alarm', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(streamConsumers.length);
    for (const consumer of streamConsumers) {
      const mapping = mappings.find(([, m]) => m.Properties.FunctionName.Ref === stack.functionIdOf(routeConstructId(consumer)))?.[1]
        .Properties;
      expect(mapping, consumer.name).toBeDefined();
      expect(mapping!.EventSourceArn).toEqual({ 'Fn::GetAtt': [ofType('AWS::DynamoDB::GlobalTable')[0]![0], 'StreamArn'] });
      expect(mapping!).toMatchObject({
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: consumer.retryAttempts,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect(JSON.parse(mapping!.FilterCriteria.Filters[0].Pattern)).toEqual(consumer.filter);
      const queueArn = mapping!.DestinationConfig.OnFailure.Destination;
      const queueId = queueArn['Fn::GetAtt'][0];
      expect(resources[queueId]!.Type).toBe('AWS::SQS::Queue');
      const alarms = ofType('AWS::CloudWatch::Alarm').filter(([, alarm]) =>
        JSON.stringify(alarm.Properties.Dimensions ?? []).includes(queueId),
      );
      expect(alarms, `alarm on ${queueId}`).toHaveLength(1);
      expect(alarms[0]![1].Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    }
  });

  it('runs each schedule on its rate', () => {
    for (const schedule of schedules) {
      const rules = ofType('AWS::Events::Rule').filter(([, rule]) =>
        rule.Properties.Targets.some((t: { Arn: unknown }) =>
          JSON.stringify(t.Arn).includes(stack.functionIdOf(routeConstructId(schedule))),
        ),
      );
      expect(rules, schedule.name).toHaveLength(1);
      expect(rules[0]![1].Properties.ScheduleExpression).toBe(
        `rate(${schedule.everyMinutes} minute${schedule.everyMinutes === 1 ? '' : 's'})`,
      );
    }
  });

  it("links invitations to the API's own page, or to the deployer's app", () => {
    for (const id of mailerIds) expect(JSON.stringify(stack.environmentOf(id).INVITATION_LINK_BASE), id).toContain('/invite');
    const withApp = synth({ appUrl: 'https://app.example.com/join' });
    for (const id of mailerIds) expect(withApp.environmentOf(id).INVITATION_LINK_BASE, id).toBe('https://app.example.com/join');
    expect(() => synth({ appUrl: 'http://app.example.com' })).toThrow(/appUrl must be an https URL/);
  });

  it('signs invitees in on the invitation page through the hosted sign-in domain when there is one', () => {
    expect(stack.environmentOf(routeConstructId({ name: 'get-invite-page' })).SIGN_IN_AUTHORIZE_URL).toBeUndefined();
    const hosted = synth({ cognitoDomainPrefix: 'acme-auth' });
    const environment = hosted.environmentOf(routeConstructId({ name: 'get-invite-page' }));
    // The page is a registered callback of the code flow without the deployer listing it.
    const client = hosted.ofType('AWS::Cognito::UserPoolClient')[0]![1].Properties;
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(JSON.stringify(client.CallbackURLs)).toContain('/invite');
    expect(JSON.stringify(environment.SIGN_IN_AUTHORIZE_URL)).toContain('/oauth2/authorize');
    expect(JSON.stringify(environment.SIGN_IN_TOKEN_URL)).toContain('/oauth2/token');
    expect(environment.SIGN_IN_CLIENT_ID).toBeDefined();
  });
});

describe('event bus', () => {
  const buses = ofType('AWS::Events::EventBus');
  const busId = buses[0]?.[0];
  const publishEvents = streamConsumers.find((consumer) => consumer.name === 'publish-events')!;

  it('has a bus of its own, with its name and ARN as outputs', () => {
    expect(buses).toHaveLength(1);
    // Its own: not the account's default bus, which other services put on too.
    expect(buses[0]![1].Properties.Name).not.toBe('default');
    template.hasOutput('EventBusName', { Value: { Ref: busId } });
    template.hasOutput('EventBusArn', { Value: { 'Fn::GetAtt': [busId, 'Arn'] } });
  });

  it('lets only the publishers put events, and only on that bus', () => {
    expect(publisherIds).toEqual([routeConstructId(publishEvents)]);
    for (const fn of stack.ours) {
      const statements = stack.statementsOf(fn.node.id).filter((s) => [s.Action].flat().some((a) => a.startsWith('events:')));
      if (!publisherIds.includes(fn.node.id)) {
        expect(statements, fn.node.id).toEqual([]);
        expect(stack.environmentOf(fn.node.id).EVENT_BUS_NAME, fn.node.id).toBeUndefined();
        continue;
      }
      expect(statements, fn.node.id).toEqual([{ Effect: 'Allow', Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': [busId, 'Arn'] } }]);
      expect(stack.environmentOf(fn.node.id).EVENT_BUS_NAME, fn.node.id).toEqual({ Ref: busId });
    }
  });

  it('feeds publish-events the inserts of audit events only, failures reported per record, split, retried, then dead-lettered with an alarm', () => {
    const functionId = stack.functionIdOf(routeConstructId(publishEvents));
    const [mapping, ...others] = ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => m.Properties.FunctionName.Ref === functionId);
    expect(others).toEqual([]);
    const properties = mapping![1].Properties;
    expect(JSON.parse(properties.FilterCriteria.Filters[0].Pattern)).toEqual({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { type: { S: ['audit_event'] } } },
    });
    expect(properties).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: publishEvents.retryAttempts,
    });
    expect(properties.MaximumRetryAttempts).toBeGreaterThan(0);
    const queueId = properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
    expect(resources[queueId]!.Type).toBe('AWS::SQS::Queue');
    const [alarm, ...moreAlarms] = ofType('AWS::CloudWatch::Alarm').filter(([, a]) =>
      JSON.stringify(a.Properties.Dimensions ?? []).includes(queueId),
    );
    expect(moreAlarms).toEqual([]);
    expect(alarm![1].Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmDescription: publishEvents.whenDeadLettered,
    });
  });

  it('gives publish-events neither table access nor the table settings: its records come from the stream', () => {
    const id = routeConstructId(publishEvents);
    const dataActions = stack
      .statementsOf(id)
      .flatMap((s) => [s.Action].flat())
      .filter((action) => action.startsWith('dynamodb:'));
    expect(dataActions.sort()).toEqual([
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
    ]);
    const environment = stack.environmentOf(id);
    for (const variable of ['TABLE_NAME', 'CURSOR_SIGNING_KEY', 'WORKSPACE_LIMIT_PER_ORG'])
      expect(environment[variable], variable).toBeUndefined();
  });
});

describe('HTTP API', () => {
  const authorizerId = ofType('AWS::ApiGatewayV2::Authorizer')[0]?.[0];

  it('has one route per row, each invoking its own function, with the authorizer on every private route', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route');
    expect(routes).toHaveLength(routeList.length);
    for (const route of routeList) {
      const label = routeKey(route);
      const found = routes.filter(([, r]) => r.Properties.RouteKey === label);
      expect(found, label).toHaveLength(1);
      const properties = found[0]![1].Properties;
      if (route.auth === 'user') {
        expect(properties.AuthorizationType, label).toBe('CUSTOM');
        expect(properties.AuthorizerId, label).toEqual({ Ref: authorizerId });
      } else {
        expect(properties.AuthorizationType, label).toBe('NONE');
        expect(properties.AuthorizerId, label).toBeUndefined();
      }
      const integrationId = properties.Target['Fn::Join'][1][1].Ref;
      expect(resources[integrationId]!.Properties.IntegrationUri, label).toEqual({
        'Fn::GetAtt': [stack.functionIdOf(routeConstructId(route)), 'Arn'],
      });
    }
  });

  it('authorizes with one cached REQUEST authorizer reading the Authorization header', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    const properties = resources[authorizerId!]!.Properties;
    expect(properties).toMatchObject({
      AuthorizerType: 'REQUEST',
      IdentitySource: ['$request.header.Authorization'],
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: '2.0',
      AuthorizerResultTtlInSeconds: 300,
    });
    expect(JSON.stringify(properties.AuthorizerUri)).toContain(`"${stack.functionIdOf('Authorizer')}"`);
  });

  it('throttles the stage and writes JSON access logs', () => {
    const stages = ofType('AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(1);
    const [, stage] = stages[0]!;
    expect(stage.Properties.StageName).toBe('$default');
    expect(stage.Properties.AutoDeploy).toBe(true);
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 });
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status', routeKey: '$context.routeKey' });
  });

  it('allows browsers from any origin to send bearer tokens with the methods the routes use', () => {
    const [, api] = ofType('AWS::ApiGatewayV2::Api')[0]!;
    const cors = api.Properties.CorsConfiguration;
    expect(cors.AllowOrigins).toEqual(['*']);
    expect(cors.AllowHeaders.map((header: string) => header.toLowerCase())).toEqual(
      expect.arrayContaining(['authorization', 'content-type']),
    );
    expect(cors.AllowMethods).toEqual(expect.arrayContaining([...new Set(routeList.map((route) => route.method))]));
  });

  it('outputs the API URL, table name and issuer', () => {
    for (const name of ['ApiUrl', 'TableName', 'Issuer', 'UserPoolId', 'UserPoolClientId']) template.hasOutput(name, {});
  });
});

describe('credentials', () => {
  const credentialRoutes = routeList.filter((route) => route.credentialKey).map(routeConstructId);
  const [[keyId, key]] = ofType('AWS::KMS::Key').filter(([, resource]) => resource.Properties.KeySpec !== 'ECC_NIST_P256') as [
    [string, Resource],
  ];

  it('wraps their data keys with a symmetric KMS key of the stack, rotated, with an alias, kept when the stack goes', () => {
    expect(key.Properties).toMatchObject({ EnableKeyRotation: true });
    expect(key.DeletionPolicy).toBe('Retain');
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/Orgspace-credentials',
      TargetKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
  });

  it('lets only the credential routes that encrypt or decrypt use it, for credential contexts only', () => {
    expect(credentialRoutes.length).toBeGreaterThan(0);
    for (const fn of stack.ours) {
      const statements = stack.statementsOf(fn.node.id);
      const uses = credentialRoutes.includes(fn.node.id);
      expect(allows(statements, 'kms:GenerateDataKey'), fn.node.id).toBe(uses);
      expect(allows(statements, 'kms:Decrypt'), fn.node.id).toBe(uses);
      if (!uses) continue;
      const kms = statements.filter((statement) => [statement.Action].flat().some((action) => action.startsWith('kms:')));
      expect(kms, fn.node.id).toEqual([
        expect.objectContaining({
          Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
          Condition: { StringEquals: { 'kms:EncryptionContext:purpose': 'orgspace-credentials' } },
        }),
      ]);
    }
  });
});

describe('access tokens', () => {
  const signing = routeList.filter((route) => route.tokenSigningKey === 'sign').map(routeConstructId);
  const publishing = routeList.filter((route) => route.tokenSigningKey === 'public-key').map(routeConstructId);
  const [[keyId, key]] = ofType('AWS::KMS::Key').filter(([, resource]) => resource.Properties.KeySpec === 'ECC_NIST_P256') as [
    [string, Resource],
  ];

  it('signs them with an asymmetric P-256 KMS key of the stack, with an alias, deleted with the stack after 7 days', () => {
    expect(ofType('AWS::KMS::Key')).toHaveLength(2);
    expect(key.Properties).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', PendingWindowInDays: 7 });
    expect(key.DeletionPolicy).toBe('Delete');
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/Orgspace-access-tokens',
      TargetKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
  });

  it('lets only the issuing route sign, and only it and the JWKS route read the public key', () => {
    expect(signing).toEqual(['CreateAccessToken']);
    expect(publishing).toEqual(['GetAccessTokenKeys']);
    for (const fn of stack.ours) {
      const statements = stack.statementsOf(fn.node.id);
      expect(allows(statements, 'kms:Sign'), fn.node.id).toBe(signing.includes(fn.node.id));
      expect(allows(statements, 'kms:GetPublicKey'), fn.node.id).toBe([...signing, ...publishing].includes(fn.node.id));
      for (const action of ['kms:Encrypt', 'kms:Verify', 'kms:CreateGrant']) expect(allows(statements, action), fn.node.id).toBe(false);
    }
    for (const id of [...signing, ...publishing]) {
      const kms = stack.statementsOf(id).filter((statement) => [statement.Action].flat().some((action) => action.startsWith('kms:')));
      expect(
        kms.map((statement) => statement.Resource),
        id,
      ).toEqual([{ 'Fn::GetAtt': [keyId, 'Arn'] }]);
    }
  });

  it("names the key to those routes, and the API's URL as the issuer to the one that signs", () => {
    for (const id of [...signing, ...publishing])
      expect(stack.environmentOf(id).TOKEN_SIGNING_KEY_ID, id).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    const [[apiId]] = ofType('AWS::ApiGatewayV2::Api') as [[string, Resource]];
    expect(stack.environmentOf('CreateAccessToken').ACCESS_TOKEN_ISSUER).toEqual({ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] });
    expect(stack.environmentOf('GetAccessTokenKeys').ACCESS_TOKEN_ISSUER).toBeUndefined();
    for (const fn of stack.ours.filter((candidate) => ![...signing, ...publishing].includes(candidate.node.id)))
      expect(stack.environmentOf(fn.node.id).TOKEN_SIGNING_KEY_ID, fn.node.id).toBeUndefined();
  });
});

describe('table', () => {
  it('is keyed, indexed and protected as the data layer expects', () => {
    const tables = ofType('AWS::DynamoDB::GlobalTable');
    expect(tables).toHaveLength(1);
    const [, table] = tables[0]!;
    const { partitionKey, sortKey, indexes, timeToLiveAttribute } = TABLE_DEFINITION;
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: partitionKey, KeyType: 'HASH' },
      { AttributeName: sortKey, KeyType: 'RANGE' },
    ]);
    expect(table.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining(
        [partitionKey, sortKey, indexes.byPerson.partitionKey, indexes.byPerson.sortKey].map((AttributeName) => ({
          AttributeName,
          AttributeType: 'S',
        })),
      ),
    );
    expect(table.Properties.GlobalSecondaryIndexes).toEqual([
      expect.objectContaining({
        IndexName: indexes.byPerson.indexName,
        KeySchema: [
          { AttributeName: indexes.byPerson.partitionKey, KeyType: 'HASH' },
          { AttributeName: indexes.byPerson.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      }),
    ]);
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: timeToLiveAttribute, Enabled: true });
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    const replica = table.Properties.Replicas[0];
    expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(replica.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe('Retain');
  });
});

describe('identity', () => {
  it('creates a Cognito user pool as the default issuer, with its client as the audience', () => {
    expect(ofType('AWS::Cognito::UserPool')).toHaveLength(1);
    const [[poolId, pool]] = ofType('AWS::Cognito::UserPool') as [[string, Resource]];
    expect(pool.Properties).toMatchObject({
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
    });
    // A stated password policy, and an authenticator app (never SMS) as an optional second factor.
    expect(pool.Properties.Policies.PasswordPolicy).toEqual({
      MinimumLength: 12,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      TemporaryPasswordValidityDays: 7,
    });
    expect(pool.Properties.MfaConfiguration).toBe('OPTIONAL');
    expect(pool.Properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(pool.Properties.Schema).toEqual(
      expect.arrayContaining([expect.objectContaining({ Name: 'email', Required: true }), expect.objectContaining({ Name: 'name' })]),
    );
    expect(ofType('AWS::Cognito::UserPoolClient')).toHaveLength(1);
    const [[clientId, client]] = ofType('AWS::Cognito::UserPoolClient') as [[string, Resource]];
    expect(client.Properties.GenerateSecret).toBe(false);
    expect(client.Properties.ExplicitAuthFlows).toEqual(expect.arrayContaining(['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH']));
    // No OAuth flow unless callback URLs are configured (CDK would otherwise enable the implicit grant).
    expect(client.Properties.AllowedOAuthFlows).toBeUndefined();
    expect(client.Properties.CallbackURLs).toBeUndefined();

    const environment = stack.environmentOf('Authorizer');
    expect(environment.OIDC_ISSUER).toEqual({
      'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: poolId }]],
    });
    expect(environment.OIDC_AUDIENCE).toEqual({ Ref: clientId });
    expect(environment.OIDC_JWKS_URL).toBeUndefined();
  });

  it('offers the OAuth authorization-code flow, and only it, when callback URLs and a domain are configured', () => {
    const withOAuth = synth({
      oauthCallbackUrls: 'https://app.example.com/callback, http://localhost:5173/callback',
      cognitoDomainPrefix: 'orgspace-test',
    });
    withOAuth.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      CallbackURLs: Match.arrayWith(['https://app.example.com/callback', 'http://localhost:5173/callback']),
      AllowedOAuthScopes: Match.arrayWith(['openid', 'email', 'profile']),
    });
    withOAuth.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'orgspace-test' });
    expect(() => synth({ oauthCallbackUrls: 'https://app.example.com/callback' })).toThrow(/cognitoDomainPrefix/);
  });

  const external = synth({
    oidcIssuer: 'https://login.example.com',
    oidcAudience: 'orgspace, orgspace-cli',
    oidcJwksUrl: 'https://login.example.com/keys',
    sesFromAddress: 'noreply@example.com',
    workspaceLimitPerOrg: '3',
  });

  it('uses another OIDC issuer given in context, without a user pool', () => {
    external.template.resourceCountIs('AWS::Cognito::UserPool', 0);
    external.template.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
    expect(external.environmentOf('Authorizer')).toMatchObject({
      OIDC_ISSUER: 'https://login.example.com',
      OIDC_AUDIENCE: 'orgspace,orgspace-cli',
      OIDC_JWKS_URL: 'https://login.example.com/keys',
    });
    expect(Object.keys(external.template.toJSON().Outputs)).not.toContain('UserPoolId');
    external.template.hasOutput('Issuer', { Value: 'https://login.example.com' });
  });

  it('refuses another issuer without an audience, unless the deployer says any audience will do', () => {
    const issuer = 'https://login.example.com';
    expect(() => synth({ oidcIssuer: issuer })).toThrow(/oidcIssuer is given without oidcAudience.*allowAnyAudience=true/s);

    const anyAudience = synth({ oidcIssuer: issuer, allowAnyAudience: 'true' });
    expect(anyAudience.environmentOf('Authorizer').OIDC_AUDIENCE).toBe('*');
    Annotations.fromStack(anyAudience.stack).hasWarning('/Orgspace', Match.stringLikeRegexp('minted for any application'));
    Annotations.fromStack(external.stack).hasNoWarning('/Orgspace', Match.stringLikeRegexp('minted for any application'));

    expect(() => synth({ oidcIssuer: issuer, oidcAudience: 'orgspace', allowAnyAudience: 'true' })).toThrow(/one or the other/);
    expect(() => synth({ allowAnyAudience: 'true' })).toThrow(/Cognito/);
    expect(() => synth({ oidcIssuer: issuer, allowAnyAudience: 'yes' })).toThrow(/allowAnyAudience must be true or false/);
  });

  it('rejects a non-https issuer', () => {
    expect(() => synth({ oidcIssuer: 'http://login.example.com', oidcAudience: 'orgspace' })).toThrow(/https/);
  });

  it('passes the workspace limit from context to every function with table access', () => {
    for (const route of routeList.filter((r) => r.tableAccess !== 'none')) {
      expect(external.environmentOf(routeConstructId(route)).WORKSPACE_LIMIT_PER_ORG, routeKey(route)).toBe('3');
    }
    expect(() => synth({ workspaceLimitPerOrg: 'ten' })).toThrow(/workspaceLimitPerOrg/);
  });

  it('passes the audit retention from context, or 365 days, to every function with table access, and refuses less than 30', () => {
    const kept = synth({ auditRetentionDays: '90' });
    for (const route of routeList.filter((r) => r.tableAccess !== 'none')) {
      expect(kept.environmentOf(routeConstructId(route)).AUDIT_RETENTION_DAYS, routeKey(route)).toBe('90');
      expect(stack.environmentOf(routeConstructId(route)).AUDIT_RETENTION_DAYS, routeKey(route)).toBe('365');
    }
    expect(kept.environmentOf('Authorizer').AUDIT_RETENTION_DAYS).toBe('90');
    expect(() => synth({ auditRetentionDays: '7' })).toThrow(/auditRetentionDays must be at least 30/);
  });

  it("passes the deployer's consumer-domain additions and exceptions from context to the function that adds domains", () => {
    const create = routeList.find((route) => route.name === 'create-domain')!;
    const overridden = synth({ consumerDomains: 'Mail.Example.net, freemail.test', allowedDomains: 'gmx.net' });
    expect(overridden.environmentOf(routeConstructId(create))).toMatchObject({
      CONSUMER_DOMAINS: 'Mail.Example.net,freemail.test',
      ALLOWED_DOMAINS: 'gmx.net',
    });
    expect(stack.environmentOf(routeConstructId(create)).CONSUMER_DOMAINS).toBeUndefined();
  });

  it('passes the abuse limits from context, or their defaults, to every function with table access', () => {
    const limited = synth({ invitationEmailsPerInviterPerHour: '7', invitationEmailsPerNewOrgPerDay: 12, orgsCreatedPerUserPerDay: '2' });
    for (const route of routeList.filter((r) => r.tableAccess !== 'none')) {
      expect(stack.environmentOf(routeConstructId(route)), routeKey(route)).toMatchObject({
        INVITATION_EMAILS_PER_INVITER_PER_HOUR: '20',
        INVITATION_EMAILS_PER_INVITER_PER_DAY: '100',
        INVITATION_EMAILS_PER_ORG_PER_HOUR: '50',
        INVITATION_EMAILS_PER_ORG_PER_DAY: '200',
        INVITATION_EMAILS_PER_NEW_ORG_PER_HOUR: '10',
        INVITATION_EMAILS_PER_NEW_ORG_PER_DAY: '30',
        ORGS_CREATED_PER_USER_PER_DAY: '5',
      });
      expect(limited.environmentOf(routeConstructId(route)), routeKey(route)).toMatchObject({
        INVITATION_EMAILS_PER_INVITER_PER_HOUR: '7',
        INVITATION_EMAILS_PER_INVITER_PER_DAY: '100',
        INVITATION_EMAILS_PER_NEW_ORG_PER_DAY: '12',
        ORGS_CREATED_PER_USER_PER_DAY: '2',
      });
    }
    expect(() => synth({ invitationEmailsPerOrgPerDay: '0' })).toThrow(/invitationEmailsPerOrgPerDay/);
  });

  it('signs cursors with a generated secret that every function with table access receives at deploy time', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    const [secretId] = Object.keys(template.findResources('AWS::SecretsManager::Secret'));
    for (const route of routeList) {
      const key = stack.environmentOf(routeConstructId(route)).CURSOR_SIGNING_KEY;
      if (route.tableAccess === 'none') expect(key, routeKey(route)).toBeUndefined();
      else expect(JSON.stringify(key), routeKey(route)).toMatch(new RegExp(`resolve:secretsmanager:.*${secretId}`));
    }
    // Rotating: naming the new version changes every function's environment, so CloudFormation resolves it into each.
    const version = '5f0c2c1e-9a7b-4b8e-8f60-2d1c1a7e0b11';
    const rotated = synth({ cursorSigningKeyVersion: version });
    for (const route of routeList.filter((row) => row.tableAccess !== 'none')) {
      expect(JSON.stringify(rotated.environmentOf(routeConstructId(route)).CURSOR_SIGNING_KEY), routeKey(route)).toContain(
        `::${version}}}`,
      );
    }
  });
});

describe('email', () => {
  it('creates no SES identity and sets no sender unless one is given', () => {
    template.resourceCountIs('AWS::SES::EmailIdentity', 0);
    for (const fn of stack.ours) expect(stack.environmentOf(fn.node.id).SES_FROM_ADDRESS, fn.node.id).toBeUndefined();
  });

  it('creates an email identity for an address, a domain identity for a domain, and passes the sender on', () => {
    const byAddress = synth({ sesFromAddress: 'noreply@example.com' });
    byAddress.template.resourceCountIs('AWS::SES::EmailIdentity', 1);
    byAddress.template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'noreply@example.com' });
    const byDomain = synth({ sesFromAddress: 'mail.example.com' });
    byDomain.template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'mail.example.com' });
    for (const id of mailerIds) {
      expect(byAddress.environmentOf(id).MAIL_FROM, id).toBe('noreply@example.com');
      expect(byDomain.environmentOf(id).MAIL_FROM, id).toBe('noreply@mail.example.com');
    }
    // Request handlers never send mail, so they are not told the sender.
    for (const route of routeList) expect(byAddress.environmentOf(routeConstructId(route)).MAIL_FROM, routeKey(route)).toBeUndefined();
  });
});

describe('cdk-nag AwsSolutions', () => {
  /** Deployments that take different branches of the stack. */
  const configurations: [string, Record<string, unknown>][] = [
    ['the defaults (Cognito, no sender)', {}],
    [
      'a hosted sign-in domain with OAuth and a sender address',
      {
        cognitoDomainPrefix: 'orgspace-test',
        oauthCallbackUrls: 'https://app.example.com/callback',
        sesFromAddress: 'noreply@example.org',
      },
    ],
    [
      'another OIDC issuer, a sender domain and an app URL',
      {
        oidcIssuer: 'https://login.example.com',
        oidcAudience: 'orgspace',
        sesFromAddress: 'example.org',
        appUrl: 'https://app.example.com/join',
      },
    ],
  ];

  it.each(configurations)(
    'synthesizes %s with every finding, error or warning, fixed or acknowledged on its own resource',
    (_name, context) => {
      // Throws cdk-nag's report when a finding is left: this is the check infra/app.ts runs on synth.
      const nagged = synth(context, { nag: true });
      const findings = allFindings(nagged.app);
      const acknowledgements = acknowledgementsOf(nagged.app);
      const label = ({ rule, path }: Finding) => `${rule} on ${path}`;
      // Each finding is acknowledged on the resource it is about, not on a parent, a stack or the app...
      for (const finding of findings) expect(acknowledgements.map(label), label(finding)).toContain(label(finding));
      // ...and each acknowledgement answers a finding there, on a CloudFormation resource, with a reason.
      for (const acknowledgement of acknowledgements) {
        expect(findings.map(label), label(acknowledgement)).toContain(label(acknowledgement));
        expect(acknowledgement.construct, label(acknowledgement)).toBeInstanceOf(CfnResource);
        expect(acknowledgement.reason.length, label(acknowledgement)).toBeGreaterThan(60);
      }
    },
  );

  it('acknowledges the missing authorizer (APIG4) on the public routes of the route table, and only there', () => {
    const acknowledgements = acknowledgementsOf(stack.app);
    const cfnRoutes = stack.stack.node.findAll().filter((construct): construct is CfnRoute => construct instanceof CfnRoute);
    for (const route of routeList) {
      const cfnRoute = cfnRoutes.find((candidate) => candidate.routeKey === routeKey(route));
      expect(cfnRoute, routeKey(route)).toBeDefined();
      const onRoute = acknowledgements.filter((a) => a.construct === cfnRoute && a.rule === 'AwsSolutions-APIG4');
      expect(onRoute, routeKey(route)).toHaveLength(route.auth === 'public' ? 1 : 0);
      if (route.auth === 'public') expect(onRoute[0]!.reason, routeKey(route)).toContain(route.summary);
    }
  });

  it("grants '*' as a resource to X-Ray's tracing actions only, which is what IAM5[Resource::*] is acknowledged for", () => {
    for (const fn of stack.ours) {
      const wildcards = stack.statementsOf(fn.node.id).filter((statement) => [statement.Resource].flat().includes('*'));
      expect(wildcards.length, fn.node.id).toBeGreaterThan(0);
      for (const statement of wildcards) {
        expect([statement.Action].flat().sort(), fn.node.id).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
      }
    }
  });
});
