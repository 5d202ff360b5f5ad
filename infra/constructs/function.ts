import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * esbuild settings of every function: ESM for Node 24 on arm64, the AWS SDK bundled from its ESM entry points so it
 * tree-shakes (~3x faster module load than the single-file CJS build), minified, source maps without sources, UTF-8
 * output (the detector's word lists in 60 languages would triple in size as `\u` escapes).
 * `test/infra/bundles.test.ts` builds every handler with these settings and loads the result.
 */
export const BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // Optional XML plug-ins of @cyclonedx/cyclonedx-library (we only emit JSON); the library copes with their absence.
  externalModules: ['libxmljs2', 'xmlbuilder2'],
  banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  loader: { '.json': 'json' },
  charset: Charset.UTF8,
};

/** The newest Node.js runtime this aws-cdk-lib offers (cdk-nag L1 checks it). */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;

export interface AiSpmFunctionProps {
  /** Folder under functions/, e.g. `discover` (entry `functions/discover/handler.ts`). */
  name: string;
  description: string;
  key: IKey;
  environment?: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
  /** Destination for failed asynchronous invocations (scheduler, EventBridge, S3). */
  deadLetterQueue?: IQueue;
  reservedConcurrentExecutions?: number;
}

/**
 * A Lambda function with the project's defaults: newest Node runtime on arm64, esbuild bundle with the SDK
 * tree-shaken (ESM `module` entry points), its own KMS-encrypted log group with a retention, a least-privilege role
 * (no AWS managed policies), X-Ray tracing and Powertools settings.
 */
export class AiSpmFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: AiSpmFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_YEAR,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the AI-SPM ${props.name} function`,
    });
    this.role.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn, `${logGroup.logGroupArn}:log-stream:*`],
      }),
    );
    this.role.addToPolicy(new PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }));
    this.fn = new NodejsFunction(this, 'Fn', {
      entry: `${ROOT}functions/${props.name}/handler.ts`,
      handler: 'handler',
      projectRoot: ROOT,
      depsLockFilePath: `${ROOT}package-lock.json`,
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      description: props.description,
      role: this.role,
      logGroup,
      tracing: Tracing.ACTIVE,
      timeout: props.timeout ?? Duration.minutes(1),
      memorySize: props.memorySize ?? 512,
      environmentEncryption: props.key,
      deadLetterQueue: props.deadLetterQueue,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        POWERTOOLS_SERVICE_NAME: `aispm-${props.name}`,
        POWERTOOLS_METRICS_NAMESPACE: 'AiSpm',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: BUNDLING,
    });
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason:
          'Emitted by CDK grants on the project’s own customer-managed key (table, queues, bus, secret); scoped to that single key ARN.',
      });
    }
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions.',
    });
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(logGroup.node.defaultChild as never)}.Arn>:log-stream:*]`,
      reason: 'Log streams are created by Lambda at run time with generated names; the grant is limited to this function’s own log group.',
    });
  }
}
