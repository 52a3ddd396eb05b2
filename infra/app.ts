// The CDK app: `npx cdk deploy`. Context values (cdk.json or -c key=value) configure the stack.
import { App } from 'aws-cdk-lib';
import { DEFAULT_THROTTLE, OrgspaceStack } from './orgspace-stack.js';

const app = new App();
const context = (key: string): string | undefined => {
  const value = app.node.tryGetContext(key);
  return value === undefined || value === null || String(value).trim() === '' ? undefined : String(value).trim();
};
const list = (value: string | undefined) => value?.split(',').map((item) => item.trim()).filter(Boolean);

function positiveInteger(key: string, fallback: number): number {
  const value = Number(context(key) ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`Context ${key} must be a positive whole number.`);
  return value;
}

new OrgspaceStack(app, 'Orgspace', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  oidcIssuer: context('oidcIssuer'),
  oidcAudiences: list(context('oidcAudience')),
  oidcJwksUrl: context('oidcJwksUrl'),
  sesFromAddress: context('sesFromAddress'),
  workspaceLimitPerOrg: positiveInteger('workspaceLimitPerOrg', 10),
  throttle: {
    rateLimit: positiveInteger('throttleRateLimit', DEFAULT_THROTTLE.rateLimit),
    burstLimit: positiveInteger('throttleBurstLimit', DEFAULT_THROTTLE.burstLimit),
  },
});
