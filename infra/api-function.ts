// The house defaults for every function, in one place: Node.js 24 on arm64, minified ESM bundles
// with the AWS SDK inside (infra/bundling.ts), source maps, tracing, logs kept for a month.
import { Duration, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type ILogGroup, LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct, IConstruct } from 'constructs';
import { type BundlingChoices, functionBundling } from './bundling.js';

export type TableAccess = 'read' | 'write';

/** Every function's, unless its props say otherwise (none does); the bench's cost estimate prices them. */
export const FUNCTION_ARCHITECTURE = Architecture.ARM_64;
export const FUNCTION_MEMORY_MB = 512;

export interface ApiFunctionProps extends Pick<NodejsFunctionProps, 'memorySize' | 'timeout' | 'environment' | 'description'> {
  /** Absolute path of the handler module; it exports `handler`. */
  entry: string;
  /** The stack's one log group for functions (functionLogGroup below). */
  logGroup: ILogGroup;
  /** The deployer's choices about the bundle (infra/bundling.ts). */
  bundling: BundlingChoices;
}

/**
 * One log group for all the stack's functions, as Lambda supports: each function's log streams
 * are named after it, so nothing is mixed up, and one Logs Insights query spans every route. A log
 * group per function would be 1 of the 7 resources each route costs in a stack CloudFormation caps
 * at 500.
 */
export const functionLogGroup = (scope: Construct) =>
  new LogGroup(scope, 'FunctionLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });

export class ApiFunction extends NodejsFunction {
  /** What it was bundled with; the template does not show it, so the template tests read it here. */
  readonly bundlingOptions: BundlingOptions;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    const bundling = functionBundling(props.bundling);
    super(scope, id, {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      // AWS's newest Node.js LTS runtime in this aws-cdk-lib (cdk-nag's AwsSolutions-L1 holds us to
      // it); it runs async handlers only, which every handler here is.
      runtime: Runtime.NODEJS_24_X,
      architecture: FUNCTION_ARCHITECTURE,
      memorySize: props.memorySize ?? FUNCTION_MEMORY_MB,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      // Passed as `logGroup`, so CDK needs no LogRetention helper function. Logs go with the stack; the table stays.
      logGroup: props.logGroup,
      // No --enable-source-maps: it costs every cold start; a logged stack is mapped when it is logged
      // (shared/observability/source-mapped-stack.ts).
      environment: props.environment,
      bundling,
    });
    this.bundlingOptions = bundling;
    // cdk-nag (AwsSolutions) findings that every function has by design, acknowledged on its own
    // role and policy only.
    acknowledge(this.role!, {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        "AWSLambdaBasicExecutionRole is AWS's policy for a function's logs (logs:CreateLogGroup, CreateLogStream, PutLogEvents) and names no log group; the functions log to the stack's one log group, created with a retention period.",
    });
    acknowledge(this.rolePolicy, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions, so they take "*". No other statement does (a template test checks).',
    });
  }

  /** Points the function at the table and grants exactly the access it needs, in one step. */
  bindTable(table: ITable, access: TableAccess): this {
    this.addEnvironment('TABLE_NAME', table.tableName);
    if (access === 'write') table.grantReadWriteData(this);
    else table.grantReadData(this);
    acknowledge(this.rolePolicy, {
      id: `AwsSolutions-IAM5[Resource::${nagName(this, table.tableArn, table)}/index/*]`,
      reason:
        "CDK's table grant covers the table's indexes (`/index/*`), with the same read or read-write access as the table; its one index, by person, lists a user's memberships and invitations.",
    });
    return this;
  }

  /** The role's default policy, which the grants and the tracing statements go to. */
  private get rolePolicy(): IConstruct {
    return this.role!.node.findChild('DefaultPolicy');
  }
}

/** Acknowledges a cdk-nag finding on a construct's CloudFormation resource only, not on its other children. */
export function acknowledge(construct: IConstruct, acknowledgement: { id: string; reason: string }): void {
  Validations.of(construct.node.defaultChild ?? construct).acknowledge(acknowledgement);
}

/**
 * How cdk-nag writes a reference in a finding: `<LogicalId.Attribute>` for an attribute, `<LogicalId>`
 * for a Ref. In a nested stack, a parent's attribute arrives as a parameter, which CDK names
 * `referenceto<unique id of the target><attribute>`; cdk-nag writes that parameter's Ref.
 */
function nagName(scope: IConstruct, value: string, target: IConstruct): string {
  const resolved: unknown = Stack.of(target).resolve(value);
  if (typeof resolved === 'string') return resolved;
  const reference = resolved as { 'Fn::GetAtt'?: [string, string]; Ref?: string };
  const fromParent = Stack.of(scope) !== Stack.of(target);
  const targetId = fromParent ? `referenceto${Names.nodeUniqueId((target.node.defaultChild ?? target).node)}` : undefined;
  if (reference['Fn::GetAtt']) return fromParent ? `<${targetId}${reference['Fn::GetAtt'][1]}>` : `<${reference['Fn::GetAtt'].join('.')}>`;
  if (reference.Ref) return fromParent ? `<${targetId}Ref>` : `<${reference.Ref}>`;
  throw new Error(`No cdk-nag name for ${JSON.stringify(resolved)}`);
}
