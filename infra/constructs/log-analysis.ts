import { Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { type CfnRule, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { FilterPattern, LogGroup, SubscriptionFilter } from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AiSpmSettings } from '../../shared/config/settings.ts';
import { roleSessionsGlob } from '../../shared/detectors/config.ts';
import { RUNTIME_TRAIL_EVENTS } from '../policies.ts';
import { acknowledgeTableIndexes } from './assessment.ts';
import { AiSpmFunction } from './function.ts';

export interface LogAnalysisProps {
  key: IKey;
  table: Table;
  analyzeQueue: Queue;
  deliveryQueue: Queue;
  recordDlq: Queue;
  /** The discovery function's role: its List/Get calls in every region are inventory, not reconnaissance. */
  discoveryRole?: IRole;
  settings: AiSpmSettings;
}

/**
 * Runtime analysis: Bedrock invocation logs from S3 (Object Created via EventBridge -> SQS), from CloudWatch Logs
 * (subscription filter), and Bedrock CloudTrail events (reconnaissance, defence evasion, API keys) -> detectors ->
 * aggregated runtime findings.
 */
export class LogAnalysis extends Construct {
  readonly fn: AiSpmFunction;

  constructor(scope: Construct, id: string, props: LogAnalysisProps) {
    super(scope, id);
    const { settings } = props;
    this.fn = new AiSpmFunction(this, 'Analyze', {
      name: 'analyze-logs',
      description: 'AI-SPM runtime analysis of model invocation logs and Bedrock CloudTrail events',
      key: props.key,
      timeout: Duration.minutes(5),
      memorySize: 1769,
      environment: {
        TABLE_NAME: props.table.tableName,
        DELIVERY_QUEUE_URL: props.deliveryQueue.queueUrl,
        DLQ_URL: props.recordDlq.queueUrl,
        IDENTITY_ALLOWLIST: settings.identityAllowlist.join(','),
        MODEL_ALLOWLIST: settings.modelAllowlist.join(','),
        CANARY_TOKENS: settings.canaryTokens.join(','),
        SCANNER_PRINCIPALS: scannerPrincipals(settings, props.discoveryRole).join(','),
      },
    });
    const fn = this.fn.fn;
    props.table.grantReadWriteData(fn);
    props.deliveryQueue.grantSendMessages(fn);
    props.recordDlq.grantSendMessages(fn);
    fn.addEventSource(new SqsEventSource(props.analyzeQueue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 10 }));
    acknowledgeTableIndexes(this.fn, props.table);

    if (settings.invocationLogBuckets.length > 0) {
      fn.addToRolePolicy(
        new PolicyStatement({ actions: ['s3:GetObject'], resources: settings.invocationLogBuckets.map((b) => `arn:aws:s3:::${b}/*`) }),
      );
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [`arn:aws:kms:${Stack.of(this).region}:${Stack.of(this).account}:key/*`],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
      new Rule(this, 'InvocationLogObjects', {
        description: 'AI-SPM: new Bedrock invocation log objects',
        eventPattern: {
          source: ['aws.s3'],
          detailType: ['Object Created'],
          detail: { bucket: { name: settings.invocationLogBuckets }, object: { key: [{ suffix: '.json.gz' }] } },
        },
        targets: [new SqsQueue(props.analyzeQueue)],
      });
      const policy = this.fn.role.node.tryFindChild('DefaultPolicy');
      if (policy) {
        for (const b of settings.invocationLogBuckets) {
          Validations.of(policy).acknowledge({
            id: `AwsSolutions-IAM5[Resource::arn:aws:s3:::${b}/*]`,
            reason: `Reads the invocation log objects Bedrock writes under generated keys in the configured log bucket '${b}'.`,
          });
        }
        Validations.of(policy).acknowledge({
          id: `AwsSolutions-IAM5[Resource::arn:aws:kms:<AWS::Region>:<AWS::AccountId>:key/*]`,
          reason:
            'The log bucket’s SSE-KMS key is the customer’s; decrypt is limited to calls made through S3 in this region (kms:ViaService).',
        });
      }
    }

    const trail = new Rule(this, 'BedrockControlPlane', {
      description: 'AI-SPM: Bedrock control-plane calls for LLMjacking and defence-evasion detection',
      eventPattern: {
        source: ['aws.bedrock', 'aws.iam'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: { eventName: [...RUNTIME_TRAIL_EVENTS] },
      },
      targets: [new SqsQueue(props.analyzeQueue)],
    });
    // Reconnaissance is made of read-only calls (List*/Get*), which a plain ENABLED rule never receives.
    (trail.node.defaultChild as CfnRule).addPropertyOverride('State', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');

    if (settings.invocationLogGroup) {
      const group = LogGroup.fromLogGroupName(this, 'InvocationLogGroup', settings.invocationLogGroup);
      new SubscriptionFilter(this, 'InvocationLogSubscription', {
        logGroup: group,
        destination: new LambdaDestination(fn),
        filterPattern: FilterPattern.allEvents(),
      });
    }
  }
}

/**
 * Principals whose Bedrock List/Get calls the reconnaissance detector ignores: the user's `scannerPrincipals`, every
 * session of this stack's discovery role, and of the target-account roles discovery assumes.
 */
export function scannerPrincipals(settings: AiSpmSettings, discoveryRole?: IRole): string[] {
  const own = discoveryRole ? [`arn:${Aws.PARTITION}:sts::${Aws.ACCOUNT_ID}:assumed-role/${discoveryRole.roleName}/*`] : [];
  const targets = settings.targetRoleArns.map(roleSessionsGlob).filter((g): g is string => g !== undefined);
  return [...settings.scannerPrincipals, ...own, ...targets];
}
