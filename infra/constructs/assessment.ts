import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { EventBus } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { SuppressionRule } from '../../shared/findings/suppressions.ts';
import { AiSpmFunction } from './function.ts';

export interface AssessmentProps {
  key: IKey;
  table: Table;
  assessQueue: Queue;
  deliveryQueue: Queue;
  /** Malformed requests (reference only) go here. */
  assessDlq: Queue;
  bus: EventBus;
  /** Accepted-risk rules: lapsed suppressions are swept after each full assessment. */
  suppressions: readonly SuppressionRule[];
}

/**
 * Assessment: consumes `AssessRequest`s, runs the check catalogue, reconciles findings, queues changes for delivery, and
 * announces a completed full scan (`AI-SPM Scan Completed`, which triggers the report).
 */
export class Assessment extends Construct {
  readonly fn: AiSpmFunction;

  constructor(scope: Construct, id: string, props: AssessmentProps) {
    super(scope, id);
    this.fn = new AiSpmFunction(this, 'Assess', {
      name: 'assess',
      description: 'AI-SPM assessment: posture checks over the inventory, finding lifecycle',
      key: props.key,
      timeout: Duration.minutes(5),
      memorySize: 1024,
      environment: {
        TABLE_NAME: props.table.tableName,
        DELIVERY_QUEUE_URL: props.deliveryQueue.queueUrl,
        DLQ_URL: props.assessDlq.queueUrl,
        EVENT_BUS_NAME: props.bus.eventBusName,
        SUPPRESSIONS: JSON.stringify(props.suppressions),
      },
    });
    props.table.grantReadWriteData(this.fn.fn);
    props.deliveryQueue.grantSendMessages(this.fn.fn);
    props.assessDlq.grantSendMessages(this.fn.fn);
    props.bus.grantPutEventsTo(this.fn.fn);
    this.fn.fn.addEventSource(new SqsEventSource(props.assessQueue, { batchSize: 5, reportBatchItemFailures: true, maxConcurrency: 5 }));
    acknowledgeTableIndexes(this.fn, props.table);
  }
}

/** grantReadWriteData includes `<table>/index/*`; the functions query only this table's own GSIs. */
export function acknowledgeTableIndexes(fn: AiSpmFunction, table: Table): void {
  const policy = fn.role.node.tryFindChild('DefaultPolicy');
  if (!policy) return;
  Validations.of(policy).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${Stack.of(table).getLogicalId(table.node.defaultChild as never)}.Arn>/index/*]`,
    reason:
      'Queries this table’s own global secondary indexes (assets by account/region, findings by resource, open findings by severity).',
  });
}
