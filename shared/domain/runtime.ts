import type { EvidenceValue } from './finding.ts';
import type { FrameworkMappings } from './frameworks.ts';
import type { Severity } from './severity.ts';

/** Where a record came from, precise enough to re-drive it (never its content). */
export interface RecordRef {
  /** `s3://bucket/key`, `cwl://group/stream`, `file:///path`, ... */
  uri: string;
  /** 1-based line number in the (decompressed) object, or the log event id. */
  line?: number;
  eventId?: string;
}

export interface ToolUse {
  name: string;
  /** Serialized input, truncated; attacker-influenced. */
  input: string;
}

/**
 * One model invocation, normalized from any log shape (Bedrock S3/CloudWatch invocation logs, SageMaker data capture).
 * Text fields are attacker-controlled and sensitive: never log them.
 */
export interface InvocationRecord {
  requestId: string;
  timestamp: string;
  accountId: string;
  region: string;
  /** Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream, sagemaker:InvokeEndpoint, ... */
  operation: string;
  modelId: string;
  /** Caller identity ARN (normalized: assumed-role session ARNs keep the session name). */
  identity: string;
  inputTokens?: number;
  outputTokens?: number;
  errorCode?: string;
  /** System prompt(s). */
  system: string[];
  /** User turns (the last one is the newest). */
  userTurns: string[];
  /** Earlier assistant turns supplied in the request (multi-turn history). */
  assistantHistory: string[];
  /** Embedded data where indirect injection lives: tool results, retrieved documents. */
  documents: { kind: 'tool-result' | 'retrieved' | 'document'; text: string }[];
  /** Model output text(s). */
  outputs: string[];
  toolUses: ToolUse[];
  /** Guardrail trace already present in the log, if any. */
  guardrail?: { intervened: boolean; action?: string; policies?: string[] };
  stopReason?: string;
  requestMetadata?: Record<string, string>;
  source: RecordRef;
}

/** A CloudTrail event, normalized (from S3 `{"Records": [...]}` files, JSON lines or EventBridge envelopes). */
export interface TrailEvent {
  eventId: string;
  eventTime: string;
  eventSource: string;
  eventName: string;
  /** May be anything (unknown / anonymised regions in real data). */
  region: string;
  accountId: string;
  identity: string;
  identityType?: string;
  sourceIp?: string;
  userAgent?: string;
  errorCode?: string;
  readOnly?: boolean;
  requestParameters?: Record<string, unknown>;
  responseElements?: Record<string, unknown>;
  source: RecordRef;
}

/** One detector hit on one record/event, before aggregation. */
export interface Detection {
  detector: string;
  severity: Severity;
  title: string;
  description: string;
  identity: string;
  modelId: string;
  accountId: string;
  region: string;
  timestamp: string;
  requestId?: string;
  eventId?: string;
  /** Redacted: short masked excerpts, counts, kinds; never raw prompts/outputs/secrets. */
  evidence: Record<string, EvidenceValue>;
  labels: string[];
  mappings: FrameworkMappings;
  types: string[];
  remediation: string;
  /**
   * CloudTrail cross-batch detectors: this detection continues a window or a judgement of stored events (earlier
   * batches'), which a stored finding already counted: it adds no occurrence to an open finding of its key (it only
   * merges what it brings: severity, labels, evidence, its event ids), and opens one with a single occurrence when
   * there is none.
   */
  continues?: boolean;
}
