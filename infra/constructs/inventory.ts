import { RemovalPolicy, Stack } from 'aws-cdk-lib';
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
    // CloudWatch Logs, EventBridge and S3 server access logging use the key on our behalf.
    this.key.grantEncryptDecrypt(new ServicePrincipal(`logs.${stack.region}.amazonaws.com`));
    this.key.grantEncryptDecrypt(new ServicePrincipal('events.amazonaws.com'));
    this.key.grantEncryptDecrypt(new ServicePrincipal('scheduler.amazonaws.com'));

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
