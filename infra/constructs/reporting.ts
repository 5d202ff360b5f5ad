import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { type EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectLockRetention, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AiSpmSettings } from '../../shared/config/settings.ts';
import { acknowledgeTableIndexes } from './assessment.ts';
import { AiSpmFunction } from './function.ts';
import { ruleArn, ruleDeadLetterQueue, stackRuleName } from './queue.ts';

export interface ReportingProps {
  key: IKey;
  table: Table;
  bus: EventBus;
  slackWebhook: Secret;
  failures: Queue;
  settings: AiSpmSettings;
}

/**
 * Reporting: after every full scan (an `AI-SPM Scan Completed` event on the system bus) and on demand, writes the HTML
 * report, findings (JSON/CSV/ASFF/OCSF), the CycloneDX AI-BOM and the evidence pack to an encrypted, versioned,
 * object-locked bucket; posts a short-lived presigned link to Slack.
 */
export class Reporting extends Construct {
  readonly fn: AiSpmFunction;
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: ReportingProps) {
    super(scope, id);
    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(400) }],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket is the server-access-log destination of the reports bucket; logging it to itself would loop.',
    });
    this.bucket = new Bucket(this, 'Reports', {
      encryption: BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention:
        props.settings.reportRetentionDays > 0
          ? ObjectLockRetention.compliance(Duration.days(props.settings.reportRetentionDays))
          : undefined,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'reports/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.fn = new AiSpmFunction(this, 'Report', {
      name: 'report',
      description: 'AI-SPM reporting: HTML report, findings exports, AI-BOM and evidence pack',
      key: props.key,
      timeout: Duration.minutes(5),
      memorySize: 1024,
      deadLetterQueue: props.failures,
      environment: {
        TABLE_NAME: props.table.tableName,
        REPORT_BUCKET: this.bucket.bucketName,
        SLACK_SECRET_ARN: props.slackWebhook.secretArn,
        REPORT_RETENTION_DAYS: String(props.settings.reportRetentionDays),
        REPORT_KMS_KEY_ARN: props.key.keyArn,
      },
    });
    props.table.grantReadData(this.fn.fn);
    // Write artifacts (with object-lock retention) and read them back for presigned links; no delete, no list.
    this.fn.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:PutObjectRetention', 's3:GetObject'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    this.fn.fn.addToRolePolicy(new PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.key.keyArn] }));
    Validations.of(this.fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as never)}.Arn>/*]`,
      reason: 'Report artifacts are written under per-run keys (reports/<date>/<scan-id>/...) in this stack’s own reports bucket only.',
    });
    props.slackWebhook.grantRead(this.fn.fn);
    // a fixed name: the failures queue admits dead letters of exactly the rules registered with it (one statement)
    const ruleName = stackRuleName(this, 'after-full-scan');
    new Rule(this, 'AfterFullScan', {
      ruleName,
      description: 'AI-SPM: build the report after each full scan',
      eventBus: props.bus,
      eventPattern: { source: ['aispm'], detailType: ['AI-SPM Scan Completed'] },
      targets: [
        new LambdaFunction(this.fn.fn, {
          deadLetterQueue: ruleDeadLetterQueue(props.failures, ruleArn(ruleName, props.bus)),
          retryAttempts: 2,
        }),
      ],
    });
    acknowledgeTableIndexes(this.fn, props.table);
  }
}
