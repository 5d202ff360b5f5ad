import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
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
