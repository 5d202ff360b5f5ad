/**
 * Dead-letter path for records that cannot be parsed. An entry carries a reference precise enough to re-drive the
 * record (object URI + line, or log event id) and a reason code, never the record's content.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { RecordRef } from '../domain/runtime.ts';

export interface DeadLetterEntry {
  ref: RecordRef;
  reason: string;
  at: string;
}

export interface DeadLetterSink {
  put(entry: DeadLetterEntry): void;
  /** Sends/writes what is buffered; resolves when durable. */
  flush(): Promise<void>;
  /** Drops what is buffered and not yet flushed (a batch found to be a re-delivery), when the sink buffers. */
  discard?(): void;
}

/** Keeps entries in memory (tests, the Lambda handler collects then sends them in batches). */
export class MemoryDeadLetter implements DeadLetterSink {
  readonly entries: DeadLetterEntry[] = [];
  put(e: DeadLetterEntry): void {
    this.entries.push(e);
  }
  async flush(): Promise<void> {}
}

/** Appends entries as JSON lines to a file (CLI `--dead-letter <file>`). */
export class FileDeadLetter implements DeadLetterSink {
  private out: WriteStream | undefined;
  count = 0;
  constructor(private readonly path: string) {}
  put(e: DeadLetterEntry): void {
    this.out ??= createWriteStream(this.path, { flags: 'a' });
    this.out.write(`${JSON.stringify(e)}\n`);
    this.count++;
  }
  async flush(): Promise<void> {
    const out = this.out;
    if (!out) return;
    this.out = undefined;
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

/** Minimal SQS surface (an `SQSClient` satisfies it through `sendBatch` below). */
export interface MessageBatchSender {
  sendBatch(queueUrl: string, bodies: string[]): Promise<void>;
}

/** Buffers entries and sends them to an SQS dead-letter queue in batches of 10 on `flush`. */
export class QueueDeadLetter implements DeadLetterSink {
  private buf: DeadLetterEntry[] = [];
  constructor(
    private readonly sender: MessageBatchSender,
    private readonly queueUrl: string,
  ) {}
  put(e: DeadLetterEntry): void {
    this.buf.push(e);
  }
  discard(): void {
    this.buf = [];
  }
  async flush(): Promise<void> {
    const all = this.buf;
    this.buf = [];
    for (let i = 0; i < all.length; i += 10) {
      await this.sender.sendBatch(
        this.queueUrl,
        all.slice(i, i + 10).map((e) => JSON.stringify({ kind: 'aispm.runtime.dead-letter', ...e })),
      );
    }
  }
}
