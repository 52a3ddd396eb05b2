// Assertions on the synthesized template, driven from the route table so that a new route is
// checked without anyone remembering to. Bundling is skipped: these tests are about the wiring.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { OrgspaceStack, type OrgspaceStackProps } from '../../infra/orgspace-stack.js';
import { TABLE_DEFINITION } from '../../shared/data/keys.js';
import { routeList } from '../../shared/http/routes.js';

type Resource = { Type: string; Properties: Record<string, any> };

function synth(props: OrgspaceStackProps = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const template = Template.fromStack(new OrgspaceStack(app, 'Test', props));
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
  return { template, resources, ofType };
}

const { template, resources, ofType } = synth();
const functions = ofType('AWS::Lambda::Function');
const functionFor = (description: string) => functions.find(([, fn]) => fn.Properties.Description === description);

/** Every IAM action granted to a function's role. */
function actionsOf(functionId: string): string[] {
  const roleId = resources[functionId]!.Properties.Role['Fn::GetAtt'][0];
  return ofType('AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement)
    .flatMap((statement: { Action: string | string[] }) => [statement.Action].flat());
}

describe('functions', () => {
  it('has exactly one function per route, plus the authorizer, all Node.js 22 on arm64', () => {
    expect(functions).toHaveLength(routeList.length + 1);
    for (const route of routeList) expect(functionFor(`${route.method} ${route.path}`), route.path).toBeDefined();
    for (const [, fn] of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    }
  });

  it('gives read-only routes read-only table access, and no access where none is needed', () => {
    const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
    for (const route of routeList) {
      const [id, fn] = functionFor(`${route.method} ${route.path}`)!;
      const actions = actionsOf(id);
      const label = `${route.method} ${route.path}`;
      if (route.tableAccess === 'none') {
        expect(actions.filter((action) => action.startsWith('dynamodb:')), label).toEqual([]);
        expect(fn.Properties.Environment?.Variables?.TABLE_NAME, label).toBeUndefined();
        continue;
      }
      expect(fn.Properties.Environment.Variables.TABLE_NAME, label).toBeDefined();
      expect(actions, label).toContain('dynamodb:Query');
      if (route.tableAccess === 'read') for (const write of writes) expect(actions, label).not.toContain(write);
      else for (const write of writes) expect(actions, label).toContain(write);
    }
  });
});

describe('HTTP API', () => {
  it('has one route per row, with the authorizer on every private route and none on public ones', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route');
    expect(routes).toHaveLength(routeList.length);
    for (const route of routeList) {
      const found = routes.find(([, r]) => r.Properties.RouteKey === `${route.method} ${route.path}`);
      expect(found, route.path).toBeDefined();
      const properties = found![1].Properties;
      if (route.auth === 'user') {
        expect(properties.AuthorizationType, route.path).toBe('CUSTOM');
        expect(properties.AuthorizerId, route.path).toBeDefined();
      } else {
        expect(properties.AuthorizationType, route.path).toBe('NONE');
        expect(properties.AuthorizerId, route.path).toBeUndefined();
      }
    }
  });

  it('authorizes with one cached REQUEST authorizer reading the Authorization header', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      IdentitySource: ['$request.header.Authorization'],
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: '2.0',
      AuthorizerResultTtlInSeconds: 300,
    });
  });

  it('throttles the stage and writes JSON access logs', () => {
    const [, stage] = ofType('AWS::ApiGatewayV2::Stage')[0]!;
    expect(stage.Properties.StageName).toBe('$default');
    expect(stage.Properties.AutoDeploy).toBe(true);
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 });
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status', routeKey: '$context.routeKey' });
  });

  it('allows browsers from any origin to send bearer tokens', () => {
    const [, api] = ofType('AWS::ApiGatewayV2::Api')[0]!;
    expect(api.Properties.CorsConfiguration.AllowOrigins).toEqual(['*']);
    expect(api.Properties.CorsConfiguration.AllowHeaders).toContain('authorization');
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
    expect(table.Properties.GlobalSecondaryIndexes).toEqual([
      expect.objectContaining({
        IndexName: indexes.byUser.indexName,
        KeySchema: [
          { AttributeName: indexes.byUser.partitionKey, KeyType: 'HASH' },
          { AttributeName: indexes.byUser.sortKey, KeyType: 'RANGE' },
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
    expect(Object.values(resources).find((r) => r.Type === 'AWS::DynamoDB::GlobalTable')).toMatchObject({ DeletionPolicy: 'Retain' });
  });
});

describe('identity', () => {
  const authorizerEnvironment = (r: Record<string, Resource>) =>
    Object.values(r).find((fn) => fn.Type === 'AWS::Lambda::Function' && fn.Properties.Description?.startsWith('Verifies bearer tokens'))!.Properties.Environment.Variables;

  it('creates a Cognito user pool as the default issuer, accepting its client as audience', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    const env = authorizerEnvironment(resources);
    expect(JSON.stringify(env.OIDC_ISSUER)).toContain('cognito-idp');
    expect(JSON.stringify(env.OIDC_AUDIENCE)).toContain('UsersClient');
  });

  it('uses another OIDC issuer when a deployer names one, without a user pool', () => {
    const other = synth({ oidcIssuer: 'https://login.example.com', oidcAudiences: ['orgspace'] });
    other.template.resourceCountIs('AWS::Cognito::UserPool', 0);
    expect(authorizerEnvironment(other.resources)).toMatchObject({ OIDC_ISSUER: 'https://login.example.com', OIDC_AUDIENCE: 'orgspace' });
  });

  it('creates the SES sender identity when given one', () => {
    synth({ sesFromAddress: 'noreply@example.com' }).template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'noreply@example.com' });
    template.resourceCountIs('AWS::SES::EmailIdentity', 0);
  });
});
