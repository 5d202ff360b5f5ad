import { Aws, Duration, Lazy, Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { type CfnRule, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { type IRole, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { FilterPattern, LogGroup, SubscriptionFilter } from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AiSpmSettings } from '../../shared/config/settings.ts';
import { roleSessionsGlob } from '../../shared/detectors/config.ts';
import { MAX_EVENT_PATTERN_CHARS, PATTERN_RESERVE_CHARS, RUNTIME_RULE_STATE, runtimeTrailPatterns } from '../event-patterns.ts';
import { acknowledgeTableIndexes } from './assessment.ts';
import { forwardedAccountFilter, NOT_THIS_BUS_OR_REGION } from './discovery.ts';
import { AiSpmFunction } from './function.ts';
import { StageQueue, stackRuleName } from './queue.ts';

export interface LogAnalysisProps {
  key: IKey;
  table: Table;
  analyzeQueue: Queue;
  deliveryQueue: Queue;
  recordDlq: Queue;
  /**
   * The forwarded-events bus (Discovery, when forwarding is configured): the CloudTrail events the forwarders send for
   * the analyzer (member accounts, other regions) go to the analyze queue as the central account's own do.
   */
  forwardedBus?: IEventBus;
  /** The discovery function's role: its List/Get calls in every region are inventory, not reconnaissance. */
  discoveryRole?: IRole;
  settings: AiSpmSettings;
}

/** The analyzer's timeout (shared/pipeline/analyze.ts DEFAULT_TRAIL_CLAIM_TTL_SECONDS must exceed it). */
const FUNCTION_TIMEOUT = Duration.minutes(5);
/** CloudTrail events per invocation, and how long SQS gathers them (the CloudTrail detectors see one batch). */
export const TRAIL_BATCH_SIZE = 1000;
export const TRAIL_BATCH_WINDOW = Duration.minutes(2);

/**
 * Runtime analysis: Bedrock invocation logs from S3 (Object Created via EventBridge -> SQS), from CloudWatch Logs
 * (subscription filter), and Bedrock CloudTrail events (reconnaissance, defence evasion, API keys) -> detectors ->
 * aggregated runtime findings.
 */
export class LogAnalysis extends Construct {
  readonly fn: AiSpmFunction;
  /** The CloudTrail events' queue (runtime rules of the default and forwarded-events buses) and its dead-letter queue. */
  readonly trailQueue: Queue;
  readonly trailDlq: Queue;

  constructor(scope: Construct, id: string, props: LogAnalysisProps) {
    super(scope, id);
    const { settings } = props;
    this.fn = new AiSpmFunction(this, 'Analyze', {
      name: 'analyze-logs',
      description: 'AI-SPM runtime analysis of model invocation logs and Bedrock CloudTrail events',
      key: props.key,
      timeout: FUNCTION_TIMEOUT,
      memorySize: 1769,
      environment: {
        TABLE_NAME: props.table.tableName,
        DELIVERY_QUEUE_URL: props.deliveryQueue.queueUrl,
        DLQ_URL: props.recordDlq.queueUrl,
        IDENTITY_ALLOWLIST: settings.identityAllowlist.join(','),
        MODEL_ALLOWLIST: settings.modelAllowlist.join(','),
        CANARY_TOKENS: settings.canaryTokens.join(','),
        SCANNER_PRINCIPALS: scannerPrincipals(settings, props.discoveryRole).join(','),
        // the accounts delivery imports findings into besides this one (CloudTrail events of others are dropped)
        TARGET_ROLE_ARNS: settings.targetRoleArns.join(','),
      },
    });
    const fn = this.fn.fn;
    props.table.grantReadWriteData(fn);
    props.deliveryQueue.grantSendMessages(fn);
    props.recordDlq.grantSendMessages(fn);
    fn.addEventSource(new SqsEventSource(props.analyzeQueue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 10 }));
    // CloudTrail events have a queue of their own, read in large batches gathered over a window, so the CloudTrail
    // detectors (which see one batch: reconnaissance needs 10 calls / 4 distinct actions per identity) see a burst
    // together instead of 10 events at a time. Few concurrent batches keep a burst from being split across them.
    const trail = new StageQueue(this, 'TrailQueue', {
      key: props.key,
      // AWS guidance: at least 6x the function timeout plus the batching window
      visibilityTimeout: Duration.seconds(6 * FUNCTION_TIMEOUT.toSeconds() + TRAIL_BATCH_WINDOW.toSeconds() + 180),
    });
    this.trailQueue = trail.queue;
    this.trailDlq = trail.dlq;
    fn.addEventSource(
      new SqsEventSource(trail.queue, {
        batchSize: TRAIL_BATCH_SIZE,
        maxBatchingWindow: TRAIL_BATCH_WINDOW,
        reportBatchItemFailures: true,
        maxConcurrency: 2,
      }),
    );
    // EventBridge may send to it only from this account's runtime rules (added below), in one statement
    const trailRuleArns: string[] = [];
    trail.queue.addToResourcePolicy(
      new PolicyStatement({
        sid: 'RuntimeCloudTrailRules',
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [trail.queue.queueArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnEquals: { 'aws:SourceArn': Lazy.list({ produce: () => trailRuleArns }) },
        },
      }),
    );
    // targets get an imported reference: CDK adds no statement of its own (one per rule, or an unconditioned one)
    const trailTarget = Queue.fromQueueAttributes(this, 'TrailQueueRef', {
      queueArn: trail.queue.queueArn,
      queueUrl: trail.queue.queueUrl,
      keyArn: props.key.keyArn,
    });
    const trailRule = (rule: Rule) => {
      trailRuleArns.push(rule.ruleArn);
      rule.addTarget(new SqsQueue(trailTarget));
    };
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

    // one source for the analyzer's CloudTrail pattern (infra/event-patterns.ts): the forwarder stacks and the
    // forwarded-events bus rules carry the same
    runtimeTrailPatterns().forEach((pattern, i) => {
      const rule = new Rule(this, i === 0 ? 'BedrockControlPlane' : `BedrockControlPlane${i + 1}`, {
        description: 'AI-SPM: Bedrock control-plane calls for LLMjacking and defence-evasion detection',
        eventPattern: { source: pattern.source, detailType: pattern['detail-type'], detail: pattern.detail },
      });
      trailRule(rule);
      // Reconnaissance is made of read-only calls (List*/Get*), which a plain ENABLED rule never receives.
      (rule.node.defaultChild as CfnRule).addPropertyOverride('State', RUNTIME_RULE_STATE);
    });
    if (props.forwardedBus) this.forwardedRules(trailRule, props.forwardedBus, settings);

    if (settings.invocationLogGroup) {
      const group = LogGroup.fromLogGroupName(this, 'InvocationLogGroup', settings.invocationLogGroup);
      new SubscriptionFilter(this, 'InvocationLogSubscription', {
        logGroup: group,
        destination: new LambdaDestination(fn),
        filterPattern: FilterPattern.allEvents(),
      });
    }
  }

  /**
   * The analyzer's CloudTrail events forwarded from member accounts and other regions: the same patterns on the
   * forwarded-events bus, with the discovery rules' account filter (target accounts and this one) and without this
   * account's events of this region (the default-bus rule has them), to the analyze queue. The events keep their
   * origin `account` and `region`, and the records their `recipientAccountId` and `awsRegion`: findings are the
   * member account's.
   */
  private forwardedRules(target: (rule: Rule) => void, bus: IEventBus, settings: AiSpmSettings): void {
    const { filter: accounts, filterChars } = forwardedAccountFilter(settings);
    runtimeTrailPatterns(MAX_EVENT_PATTERN_CHARS - PATTERN_RESERVE_CHARS - filterChars).forEach((pattern, i) => {
      const rule = new Rule(this, `ForwardedBedrockControlPlane${i + 1}`, {
        eventBus: bus,
        ruleName: stackRuleName(this, `forwarded-runtime-${i + 1}`),
        description: 'AI-SPM: Bedrock control-plane calls forwarded from other accounts or regions (LLMjacking, defence evasion)',
        eventPattern: {
          source: pattern.source,
          detailType: pattern['detail-type'],
          detail: pattern.detail,
          ...(accounts ? { account: accounts } : {}),
          $or: NOT_THIS_BUS_OR_REGION(),
        } as never,
      });
      target(rule);
      (rule.node.defaultChild as CfnRule).addPropertyOverride('State', RUNTIME_RULE_STATE);
    });
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
