// The house defaults for every function, in one place: Node.js 24 on arm64, minified ESM bundles
// with the AWS SDK inside (infra/bundling.ts), source maps, tracing, a log group with a retention period.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { FUNCTION_BUNDLING } from './bundling.js';

export type TableAccess = 'read' | 'write';

export interface ApiFunctionProps extends Pick<NodejsFunctionProps, 'memorySize' | 'timeout' | 'environment' | 'description'> {
  /** Absolute path of the handler module; it exports `handler`. */
  entry: string;
}

export class ApiFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id, {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      // AWS's newest Node.js LTS runtime in this aws-cdk-lib (cdk-nag's AwsSolutions-L1 holds us to
      // it); it runs async handlers only, which every handler here is.
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      // A sibling of the function (`this` does not exist before super()); passed as `logGroup`, so
      // CDK needs no LogRetention helper function. Logs go with the stack; the table stays.
      logGroup: new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: FUNCTION_BUNDLING,
    });
  }

  /** Points the function at the table and grants exactly the access it needs, in one step. */
  bindTable(table: ITable, access: TableAccess): this {
    this.addEnvironment('TABLE_NAME', table.tableName);
    if (access === 'write') table.grantReadWriteData(this);
    else table.grantReadData(this);
    return this;
  }
}
