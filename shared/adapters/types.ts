import type { AsffFinding } from '../findings/asff.ts';

/** Where delivery writes: small interfaces so the pipeline is testable and the SDK clients are injected at the edge. */

export interface ImportFailure {
  id: string;
  errorCode: string;
  errorMessage: string;
  /** The full document, enough to re-drive. */
  doc: AsffFinding;
  attempts: number;
}

export interface SecurityHubSink {
  /** Imports in batches of <= 100 findings / 6 MB, retrying throttling and retryable FailedFindings. */
  importFindings(docs: AsffFinding[]): Promise<{ imported: string[]; failed: ImportFailure[]; calls: number }>;
}

/** One EventBridge entry (PutEventsRequestEntry without the bus, which the sink knows). */
export interface BusEvent {
  Source: string;
  DetailType: string;
  Detail: string;
  Resources?: string[];
  Time?: Date;
}

export interface EventSink {
  /** Publishes in batches of <= 10 entries, retrying failed entries (FailedEntryCount). */
  publish(
    events: BusEvent[],
  ): Promise<{ published: number; failed: { event: BusEvent; errorCode: string; attempts: number }[]; calls: number }>;
}

export interface SlackMessage {
  /** Notification/accessibility fallback. */
  text: string;
  blocks: unknown[];
  /** Off: nothing in an alert should be fetched or previewed by Slack. */
  unfurl_links?: boolean;
  unfurl_media?: boolean;
}

export interface SlackSink {
  /**
   * Posts one message; throws `SlackDeliveryError` after retries (the webhook URL never appears in errors or logs).
   * With `budgetMs`, gives up instead of waiting (pacing, Retry-After, backoff) beyond that many milliseconds.
   */
  post(message: SlackMessage, opts?: { budgetMs?: number }): Promise<{ attempts: number }>;
}

export type DeadLetterSinkName = 'securityhub' | 'eventbridge' | 'slack' | 'input';

/** What goes to the dead-letter queue: enough to re-drive, never the webhook URL. */
export interface DeadLetter {
  sink: DeadLetterSinkName;
  reason: string;
  errorCode?: string;
  attempts: number;
  at: string;
  /** Finding ids concerned (for triage). */
  findingIds: string[];
  /** Idempotency keys that were claimed for this payload (a re-drive must not be blocked by them). */
  keys?: string[];
  /** securityhub: AsffFinding[]; eventbridge: BusEvent[]; slack: SlackMessage; input: { messageId, error } only (no content). */
  payload: unknown;
}

export interface DeadLetterSink {
  send(entry: DeadLetter): Promise<void>;
}

/** Idempotency marks: `MarkStore` from the store satisfies it; `release` (optional) undoes a claim after a failed send. */
export interface Marks {
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  release?(key: string): Promise<void>;
}
