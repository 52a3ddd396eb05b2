// The CDK app: `npx cdk deploy`. Context values (cdk.json or -c key=value) configure the stack;
// stackPropsFromContext lists them.
import { App } from 'aws-cdk-lib';
import { OrgspaceStack, stackPropsFromContext } from './orgspace-stack.js';

const app = new App();

new OrgspaceStack(app, 'Orgspace', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  ...stackPropsFromContext(app.node),
});
