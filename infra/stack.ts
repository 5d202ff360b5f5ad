import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AiSpmSettings } from '../shared/config/settings.ts';
import { Assessment } from './constructs/assessment.ts';
import { Delivery } from './constructs/delivery.ts';
import { Discovery } from './constructs/discovery.ts';
import { Inventory } from './constructs/inventory.ts';
import { LogAnalysis } from './constructs/log-analysis.ts';
import { StageQueue } from './constructs/queue.ts';
import { Reporting } from './constructs/reporting.ts';

export interface AiSpmStackProps extends StackProps {
  settings: AiSpmSettings;
}

/** The whole system in one stack, composed of one construct per stage (mirrors `functions/`). */
export class AiSpmStack extends Stack {
  constructor(scope: Construct, id: string, props: AiSpmStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const inv = new Inventory(this, 'Inventory');
    const key = inv.key;

    const assess = new StageQueue(this, 'AssessQueue', { key, visibilityTimeout: Duration.minutes(30) });
    const analyze = new StageQueue(this, 'AnalyzeQueue', { key, visibilityTimeout: Duration.minutes(30) });
    const delivery = new StageQueue(this, 'DeliveryQueue', { key, visibilityTimeout: Duration.minutes(12) });
    // Failed asynchronous invocations (scheduler, EventBridge targets) and records that could not be parsed.
    const failures = new StageQueue(this, 'Failures', { key, visibilityTimeout: Duration.minutes(5) });
    const badRecords = new StageQueue(this, 'BadRecords', { key, visibilityTimeout: Duration.minutes(5) });

    const discovery = new Discovery(this, 'Discovery', {
      key,
      table: inv.table,
      bus: inv.bus,
      assessQueue: assess.queue,
      failures: failures.queue,
      settings,
    });
    new Assessment(this, 'Assessment', {
      key,
      table: inv.table,
      assessQueue: assess.queue,
      deliveryQueue: delivery.queue,
      assessDlq: assess.dlq,
      bus: inv.bus,
      suppressions: settings.suppressions,
    });
    new LogAnalysis(this, 'LogAnalysis', {
      key,
      table: inv.table,
      analyzeQueue: analyze.queue,
      deliveryQueue: delivery.queue,
      recordDlq: badRecords.queue,
      discoveryRole: discovery.fn.role,
      forwardedBus: discovery.forwardedBus,
      settings,
    });
    const deliver = new Delivery(this, 'Delivery', {
      key,
      table: inv.table,
      bus: inv.bus,
      deliveryQueue: delivery.queue,
      deliveryDlq: delivery.dlq,
      settings,
    });
    const reporting = new Reporting(this, 'Reporting', {
      key,
      table: inv.table,
      bus: inv.bus,
      slackWebhook: deliver.slackWebhook,
      failures: failures.queue,
      settings,
    });

    new CfnOutput(this, 'TableName', { value: inv.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: inv.bus.eventBusName });
    new CfnOutput(this, 'SlackWebhookSecretArn', { value: deliver.slackWebhook.secretArn, description: 'Put the Slack webhook URL here' });
    if (discovery.forwardedBus)
      new CfnOutput(this, 'ForwardedEventsBusArn', {
        value: discovery.forwardedBus.eventBusArn,
        description: 'Forwarded CloudTrail events: put it in centralBusArn of the forwarder stack (aispmForwarder)',
      });
    new CfnOutput(this, 'ReportBucket', { value: reporting.bucket.bucketName });
    // The two roles that assume the member accounts' roles: the member stack's scan role (`targetRoleArns`) trusts the
    // discovery role only, its import role (`targetImportRoleName`) the delivery role only.
    new CfnOutput(this, 'DiscoveryRoleArn', {
      value: discovery.fn.role.roleArn,
      description: 'Discovery role: put it in discoveryPrincipalArns of the member stack (aispmMember)',
    });
    new CfnOutput(this, 'DeliveryRoleArn', {
      value: deliver.fn.role.roleArn,
      description: 'Delivery role (Security Hub imports of member findings): put it in deliveryPrincipalArns of the member stack',
    });
  }
}
