// The CDK app: `npx cdk deploy`. Context values (cdk.json or -c key=value) configure the stack;
// stackPropsFromContext lists them.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { hideBundlingProgress } from './bundling.js';
import { OrgspaceStack, stackPropsFromContext } from './orgspace-stack.js';

// `cdk synth -q` prints nothing but warnings and errors (test/infra/quiet-synth.test.ts): CDK's
// progress line per function goes, esbuild logs at FUNCTION_BUNDLING.logLevel.
hideBundlingProgress();

const app = new App();

new OrgspaceStack(app, 'Orgspace', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  ...stackPropsFromContext(app.node),
});

// cdk-nag's AwsSolutions rules, as CDK policy validation: synth (and so deploy) stops on any
// finding, error or warning, that is neither fixed nor acknowledged on its resource with a reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
