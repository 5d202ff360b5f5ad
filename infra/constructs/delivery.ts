import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { EventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type AiSpmSettings, deliveryRoleArns } from '../../shared/config/settings.ts';
import { acknowledgeTableIndexes } from './assessment.ts';
import { AiSpmFunction } from './function.ts';

export interface DeliveryProps {
  key: IKey;
  table: Table;
  bus: EventBus;
  deliveryQueue: Queue;
  deliveryDlq: Queue;
  settings: AiSpmSettings;
}

/**
 * Delivery: finding changes -> Security Hub (ASFF, BatchImportFindings), the system bus (`AI-SPM Finding`) and Slack.
 * At most two concurrent consumers keep Slack under its ~1 message/s limit; idempotency marks in the table make
 * duplicate SQS deliveries produce one import and one post.
 */
export class Delivery extends Construct {
  readonly fn: AiSpmFunction;
  readonly slackWebhook: Secret;

  constructor(scope: Construct, id: string, props: DeliveryProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.slackWebhook = new Secret(this, 'SlackWebhook', {
      description: 'AI-SPM: Slack incoming-webhook URL (set the value after deploy; never logged)',
      encryptionKey: props.key,
    });
    Validations.of(this.slackWebhook).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'A Slack incoming-webhook URL cannot be rotated by a Lambda rotation function; it is rotated in Slack and pasted here.',
    });
    this.fn = new AiSpmFunction(this, 'Deliver', {
      name: 'deliver',
      description: 'AI-SPM delivery: Security Hub, EventBridge and Slack',
      key: props.key,
      timeout: Duration.minutes(2),
      memorySize: 512,
      environment: {
        TABLE_NAME: props.table.tableName,
        EVENT_BUS_NAME: props.bus.eventBusName,
        SLACK_SECRET_ARN: this.slackWebhook.secretArn,
        SLACK_MIN_SEVERITY: props.settings.slackMinSeverity,
        DLQ_URL: props.deliveryDlq.queueUrl,
        SUPPRESSIONS: JSON.stringify(props.settings.suppressions),
        // Findings of member accounts are imported with a role in that account (the default product only accepts the
        // caller's account): the import role TARGET_IMPORT_ROLE_NAME in each TARGET_ROLE_ARNS account, or (not set)
        // the target role itself.
        TARGET_ROLE_ARNS: props.settings.targetRoleArns.join(','),
        ...(props.settings.targetImportRoleName ? { TARGET_IMPORT_ROLE_NAME: props.settings.targetImportRoleName } : {}),
        ...(props.settings.targetExternalId ? { TARGET_EXTERNAL_ID: props.settings.targetExternalId } : {}),
      },
    });
    const fn = this.fn.fn;
    props.table.grantReadWriteData(fn);
    props.bus.grantPutEventsTo(fn);
    props.deliveryDlq.grantSendMessages(fn);
    this.slackWebhook.grantRead(fn);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['securityhub:BatchImportFindings'],
        resources: [`arn:${stack.partition}:securityhub:${stack.region}:${stack.account}:product/${stack.account}/default`],
      }),
    );
    // Only the roles it imports with: the member import roles when configured (not the scan roles).
    const assumed = deliveryRoleArns(props.settings);
    if (assumed.length > 0) fn.addToRolePolicy(new PolicyStatement({ actions: ['sts:AssumeRole'], resources: assumed }));
    fn.addEventSource(
      new SqsEventSource(props.deliveryQueue, {
        batchSize: 25,
        maxBatchingWindow: Duration.seconds(10),
        reportBatchItemFailures: true,
        maxConcurrency: 2,
      }),
    );
    acknowledgeTableIndexes(this.fn, props.table);
  }
}
