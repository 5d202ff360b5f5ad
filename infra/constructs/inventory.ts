import { Aws, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE_KEYS } from '../../shared/store/dynamo-schema.ts';

/**
 * State of the system: the customer-managed KMS key every other resource uses, the single DynamoDB table
 * (assets + history, findings + lifecycle, baselines, scan runs, idempotency marks; see docs/data-model.md) and the
 * custom event bus for the system's own events (`AI Asset Changed`, `AI-SPM Finding`, `AI-SPM Scan Completed`).
 */
export class Inventory extends Construct {
  readonly key: Key;
  readonly table: Table;
  readonly bus: EventBus;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new Key(this, 'Key', {
      description: 'AI-SPM: encrypts the inventory table, queues, logs, secrets, bus and reports',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs (the functions' log groups), EventBridge (rule targets and dead-letter queues on the encrypted
    // queues, the buses' dead-letter queue) and EventBridge Scheduler use the key on our behalf. Confused deputy: each
    // service may use it only for this account's resources (keyServiceConditions).
    for (const [service, conditions] of Object.entries(keyServiceConditions(stack.region))) {
      this.key.grantEncryptDecrypt(new ServicePrincipal(service).withConditions(conditions));
    }

    const k = TABLE_KEYS;
    this.table = new Table(this, 'Table', {
      partitionKey: { name: k.partitionKey, type: AttributeType.STRING },
      sortKey: { name: k.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: k.ttlAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const g of [k.gsi1, k.gsi2]) {
      this.table.addGlobalSecondaryIndex({
        indexName: g.name,
        partitionKey: { name: g.partitionKey, type: AttributeType.STRING },
        sortKey: { name: g.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    this.bus = new EventBus(this, 'Bus', {
      description: 'AI-SPM events: AI Asset Changed, AI-SPM Finding, AI-SPM Scan Completed',
      kmsKey: this.key,
    });
  }
}

/**
 * The conditions under which each AWS service may use the central key, keyed by service principal. Only conditions the
 * services' guides document:
 *
 * - CloudWatch Logs: `kms:EncryptionContext:aws:logs:arn` (the log group's ARN, which CloudWatch Logs passes as the
 *   encryption context of every call) matches a log group of this account and region (CloudWatch Logs User Guide,
 *   "Encrypt log data in CloudWatch Logs using AWS KMS"; the same key and pattern as the AWS managed policy
 *   CloudWatchLogsAPIKeyAccess).
 * - EventBridge: `aws:SourceAccount` this account (EventBridge User Guide, "Authorizing EventBridge to use a customer
 *   managed key": add aws:SourceArn, aws:SourceAccount or the event-bus encryption context). `aws:SourceArn` is
 *   documented there only for a bus's own encryption (CDK adds that statement per bus, with the bus ARN), not for
 *   deliveries to encrypted queues: no rule ARN condition here.
 * - EventBridge Scheduler: `aws:SourceAccount` this account (the global condition key for service principals; the
 *   Scheduler guide documents no narrower key for the service principal).
 */
export function keyServiceConditions(region: string): Record<string, Record<string, Record<string, unknown>>> {
  const sourceAccount = { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } };
  return {
    [`logs.${region}.amazonaws.com`]: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${region}:${Aws.ACCOUNT_ID}:log-group:*` },
    },
    'events.amazonaws.com': sourceAccount,
    'scheduler.amazonaws.com': sourceAccount,
  };
}
