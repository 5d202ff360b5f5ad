import { Aws, CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { type CfnRule, EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { EventBus as EventBusTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { ForwarderSettings } from '../shared/config/settings.ts';
import { ruleArn, ruleDeadLetterQueue } from './constructs/queue.ts';
import {
  type CloudTrailPattern,
  cloudTrailPatterns,
  FORWARDER_ROLE_PREFIX,
  FORWARDER_RULE_PREFIX,
  RUNTIME_RULE_STATE,
  type RuntimeTrailPattern,
  runtimeTrailPatterns,
} from './event-patterns.ts';
import { PlainTemplateSynthesizer } from './member-stack.ts';

export interface AiSpmForwarderStackProps extends Omit<StackProps, 'synthesizer'> {
  settings: ForwarderSettings;
}

/**
 * Forwards this account's CloudTrail events of one region to the central stack's forwarded-events bus, so the central
 * discovery refreshes on them, and the central runtime analyzer's CloudTrail detectors (LLMjacking reconnaissance,
 * defence evasion, Bedrock API keys) read them, as they do with its own account's events in its own region:
 *
 * - rules on the default bus with the central stack's patterns (`cloudTrailPatterns()`, one rule per slice), each
 *   pinned to this account and region, so an event this bus received from elsewhere is never sent on (EventBridge
 *   itself does not send an event received from another account on to a third account, nor one bus's event received
 *   from another bus on to a third bus), named `aispm-forward-<n>` (an accident guard, not a boundary: see FORWARDER_RULE_PREFIX);
 * - likewise rules with the runtime analyzer's patterns (`runtimeTrailPatterns()`), `aispm-forward-runtime-<n>`, in
 *   the state that also receives read-only management events (reconnaissance is List*, Get*);
 * - one role EventBridge assumes to deliver them, named `aispm-forward-<region>` (the central bus admits only roles of
 *   that name), trusted by this account's `aispm-forward-*` rules only: `events:PutEvents` on the central bus only;
 * - a KMS-encrypted dead-letter queue for deliveries the central bus refuses (not retried) or that run out of retries.
 *
 * Deploy it in every scanned region of every member account and, for IAM (delivered in us-east-1 only), in us-east-1;
 * in the central account, in every region but the central stack's. Plain template (no bootstrap, no assets, account and
 * region from pseudo parameters): one template for every account and region, as a StackSet or with `cdk deploy`.
 */
export class AiSpmForwarderStack extends Stack {
  readonly role: Role;
  readonly rules: Rule[];
  readonly key: Key;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: AiSpmForwarderStackProps) {
    super(scope, id, { ...props, synthesizer: new PlainTemplateSynthesizer(), analyticsReporting: false });
    const { settings } = props;
    const central = EventBus.fromEventBusArn(this, 'CentralBus', settings.centralBusArn);

    // A fixed name per region (IAM names are account-wide): the central bus policy admits PutEvents only from roles
    // named `aispm-forward-*` (aws:PrincipalArn). Deploying it needs CAPABILITY_NAMED_IAM.
    this.role = new Role(this, 'ForwardRole', {
      roleName: `${FORWARDER_ROLE_PREFIX}${Aws.REGION}`,
      description: "AI-SPM: EventBridge delivers this account's CloudTrail write events to the central AI-SPM forwarded-events bus",
      // confused deputy: only this account's forwarder rules (of this region) may have EventBridge assume it
      assumedBy: new ServicePrincipal('events.amazonaws.com').withConditions(forwarderRuleSource()),
      inlinePolicies: {
        AispmForward: new PolicyDocument({
          statements: [new PolicyStatement({ sid: 'PutOnCentralBus', actions: ['events:PutEvents'], resources: [settings.centralBusArn] })],
        }),
      },
    });
    // the target must not add its own statement (a separate AWS::IAM::Policy): the inline policy above is the whole grant
    const role = this.role.withoutPolicyUpdates();

    // Deliveries the central bus refuses (a 4xx such as AccessDenied is not retried) or that run out of retries land
    // here instead of being dropped; alarm on the rules' FailedInvocations / this queue's depth (README).
    this.key = new Key(this, 'DeadLetterKey', {
      description: 'AI-SPM forwarder: encrypts the dead-letter queue of undelivered forwarded events',
      enableKeyRotation: true,
    });
    // confused deputy: EventBridge may use the key only for this account's forwarder rules (of this region), as in the
    // role's trust policy; the queue policy admits exactly those rules' ARNs (ruleDeadLetterQueue)
    this.key.grantEncryptDecrypt(new ServicePrincipal('events.amazonaws.com').withConditions(forwarderRuleSource()));
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "The forwarder rules' dead-letter queue (DeadLetterConfig of each rule target): a final destination, nothing consumes it.",
    });

    // cloudTrailPatterns() leaves room (PATTERN_RESERVE_CHARS) for the account and region pins; the dead-letter queue
    // admits exactly these rules (one statement, ruleDeadLetterQueue)
    this.rules = cloudTrailPatterns().map((pattern, i) => {
      const ruleName = `${FORWARDER_RULE_PREFIX}${i + 1}`;
      return new Rule(this, `Forward${i + 1}`, {
        ruleName,
        description: `AI-SPM: forward AI asset write events to the central AI-SPM stack (${pattern.detail.eventSource.join(', ')})`,
        eventPattern: forwarderPattern(pattern),
        targets: [new EventBusTarget(central, { role, deadLetterQueue: ruleDeadLetterQueue(this.deadLetters, ruleArn(ruleName)) })],
      });
    });
    // the runtime analyzer's events: same role, same dead-letter queue (and statement), read-only events included
    runtimeTrailPatterns().forEach((pattern, i) => {
      const ruleName = `${FORWARDER_RULE_PREFIX}runtime-${i + 1}`;
      const rule = new Rule(this, `ForwardRuntime${i + 1}`, {
        ruleName,
        description: 'AI-SPM: forward Bedrock control-plane calls (LLMjacking, defence evasion) to the central AI-SPM stack',
        eventPattern: forwarderPattern(pattern),
        targets: [new EventBusTarget(central, { role, deadLetterQueue: ruleDeadLetterQueue(this.deadLetters, ruleArn(ruleName)) })],
      });
      (rule.node.defaultChild as CfnRule).addPropertyOverride('State', RUNTIME_RULE_STATE);
      this.rules.push(rule);
    });

    new CfnOutput(this, 'ForwardRoleArn', { value: this.role.roleArn, description: 'Role EventBridge uses to forward the events' });
    new CfnOutput(this, 'CentralBusArn', { value: settings.centralBusArn, description: 'Where the events go' });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      value: this.deadLetters.queueUrl,
      description: 'Forwarded events the central bus did not accept (alarm on its depth)',
    });
  }
}

/** EventBridge acting for this account's forwarder rules of this region (`aispm-forward-*`): the service conditions. */
function forwarderRuleSource() {
  return {
    StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
    ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/${FORWARDER_RULE_PREFIX}*` },
  };
}

/** A forwarder rule's pattern: a central pattern pinned to this account and region (the loop guard). */
export function forwarderPattern(pattern: CloudTrailPattern | RuntimeTrailPattern) {
  return {
    source: pattern.source,
    detailType: pattern['detail-type'],
    detail: pattern.detail,
    account: [Aws.ACCOUNT_ID],
    region: [Aws.REGION],
  };
}
