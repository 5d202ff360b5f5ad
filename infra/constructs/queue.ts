import { createHash } from 'node:crypto';
import { Aws, Duration, Lazy, Stack } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface StageQueueProps {
  key: IKey;
  /** Must be at least 6x the consumer's timeout (AWS guidance for Lambda event sources). */
  visibilityTimeout: Duration;
  maxReceiveCount?: number;
  fifo?: boolean;
}

/** An SQS queue between stages with its dead-letter queue; both KMS-encrypted and TLS-only. */
export class StageQueue extends Construct {
  readonly queue: Queue;
  readonly dlq: Queue;

  constructor(scope: Construct, id: string, props: StageQueueProps) {
    super(scope, id);
    this.dlq = new Queue(this, 'Dlq', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      fifo: props.fifo,
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout,
      retentionPeriod: Duration.days(4),
      fifo: props.fifo,
      contentBasedDeduplication: props.fifo ? true : undefined,
      deadLetterQueue: { queue: this.dlq, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
  }
}

/** EventBridge's limit on a rule name. */
const MAX_RULE_NAME = 64;

/** Stack names up to this length are the rule-name prefix as they are; longer ones are cut and hashed. */
const MAX_PREFIX_STACK_NAME = 40;

/**
 * Name prefix of the rules a stack creates with `stackRuleName`: `<stack name>-`, leaving room for the suffix. A stack
 * name longer than 40 characters becomes its first 31 characters, `-` and 8 hex characters of a SHA-256 of the whole
 * name (40 characters, deterministic): two stacks sharing their first 40 characters still get different rule names.
 */
export function stackRulePrefix(scope: Construct): string {
  const name = Stack.of(scope).stackName;
  if (name.length <= MAX_PREFIX_STACK_NAME) return `${name}-`;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, MAX_PREFIX_STACK_NAME - 9)}-${hash}-`;
}

/** A rule name under the stack's prefix: `<stack name>-<suffix>` (at most 64 characters). */
export function stackRuleName(scope: Construct, suffix: string): string {
  const name = `${stackRulePrefix(scope)}${suffix}`;
  if (name.length > MAX_RULE_NAME) throw new Error(`rule name '${name}' is longer than ${MAX_RULE_NAME} characters`);
  return name;
}

/**
 * The ARN of the rule named `ruleName` in the deploying account and region: `rule/<name>` on the default bus,
 * `rule/<bus name>/<name>` on another bus (`bus`). Account and region are always pseudo parameters, even in a stack
 * with an explicit env, so one forwarder template fits every region (StackSet).
 */
export function ruleArn(ruleName: string, bus?: IEventBus): string {
  return `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/${bus ? `${bus.eventBusName}/` : ''}${ruleName}`;
}

const deadLetterRefs = new WeakMap<Queue, { ref: IQueue; ruleArns: string[] }>();

/**
 * `queue` as the dead-letter queue of the target of the rule whose ARN is `ruleArn` (`ruleArn()`), with ONE
 * queue-policy statement for all the rules that use it.
 *
 * Given the queue itself, every target with `deadLetterQueue` adds a statement of its own to the queue policy (one
 * per rule, `aws:SourceArn` equal to that rule), and SQS allows at most 20 statements and 8,192 bytes per policy: the
 * stack's rules outgrew it. Instead the targets get an imported reference to the same queue (CDK adds nothing to an
 * imported queue's policy) and the queue admits `sqs:SendMessage` from EventBridge once, from this account and from
 * exactly the rules passed here (`ArnEquals` `aws:SourceArn` with the list of their ARNs, filled in as rules are
 * added): no other rule, whatever its name or bus. Every rule that uses the returned reference must be passed.
 */
export function ruleDeadLetterQueue(queue: Queue, ruleArn: string): IQueue {
  let known = deadLetterRefs.get(queue);
  if (!known) {
    const ruleArns: string[] = [];
    queue.addToResourcePolicy(
      new PolicyStatement({
        sid: 'EventBridgeRuleDeadLetters',
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [queue.queueArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnEquals: { 'aws:SourceArn': Lazy.list({ produce: () => ruleArns }) },
        },
      }),
    );
    const ref = Queue.fromQueueAttributes(queue, 'RuleDeadLetterRef', {
      queueArn: queue.queueArn,
      queueUrl: queue.queueUrl,
      ...(queue.encryptionMasterKey ? { keyArn: queue.encryptionMasterKey.keyArn } : {}),
    });
    known = { ref, ruleArns };
    deadLetterRefs.set(queue, known);
  }
  if (!known.ruleArns.includes(ruleArn)) known.ruleArns.push(ruleArn);
  return known.ref;
}
