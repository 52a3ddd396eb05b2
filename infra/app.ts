// The CDK app: `npx cdk deploy`. Context values (cdk.json or -c key=value) configure the stack.
import { App } from 'aws-cdk-lib';
import { OrgspaceStack } from './orgspace-stack.js';

const app = new App();
const context = (key: string): string | undefined => {
  const value = app.node.tryGetContext(key);
  return value === undefined || value === null || String(value).trim() === '' ? undefined : String(value).trim();
};
const list = (value: string | undefined) => value?.split(',').map((item) => item.trim()).filter(Boolean);

const workspaceLimit = Number(context('workspaceLimitPerOrg') ?? 10);
if (!Number.isInteger(workspaceLimit) || workspaceLimit < 1) throw new Error('Context workspaceLimitPerOrg must be a positive whole number.');

new OrgspaceStack(app, 'Orgspace', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  oidcIssuer: context('oidcIssuer'),
  oidcAudiences: list(context('oidcAudience')),
  oidcJwksUrl: context('oidcJwksUrl'),
  sesFromAddress: context('sesFromAddress'),
  workspaceLimitPerOrg: workspaceLimit,
});
