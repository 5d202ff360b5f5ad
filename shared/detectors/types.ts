/**
 * Runtime detector contracts.
 *
 * - Content detectors look at one `InvocationRecord` at a time (pure, no state, no clock): leakage of secrets / PII /
 *   system prompt / canaries, exfiltration URLs, invisible Unicode.
 * - The behaviour analyzer and the drift analyzer are stateful over the records of one run (rolling windows), with
 *   a baseline that survives between runs as `Baseline` items (`shared/store/types.ts`). All times come from the
 *   records' own timestamps; nothing reads the wall clock.
 * - Trail detectors look at CloudTrail `TrailEvent`s (control plane).
 *
 * Every detector emits per-record / per-window `Detection`s; the ingest pipeline aggregates them into findings.
 * Evidence is always redacted (masked excerpts, kinds, counts); raw prompts, outputs and secrets never leave a detector.
 */
import type { FrameworkMappings } from '../domain/frameworks.ts';
import type { Detection, InvocationRecord, TrailEvent } from '../domain/runtime.ts';
import type { Severity } from '../domain/severity.ts';
import type { Baseline } from '../store/types.ts';

export type DetectorKind = 'content' | 'behaviour' | 'drift' | 'trail';

/** Static description of a detector (also the catalogue entry used by docs, reports and ASFF). */
export interface DetectorMetadata {
  id: string;
  kind: DetectorKind;
  title: string;
  /** Default severity; a detection may raise or lower it (e.g. live vs test key). */
  severity: Severity;
  description: string;
  mappings: FrameworkMappings;
  /** ASFF `Types`, e.g. `Sensitive Data Identifications/Security/AWS Credentials`. */
  types: string[];
  remediation: string;
  /** The statistic / rule and its threshold, in words (shown in docs and finding descriptions). */
  rule: string;
}

/** Thresholds of the content detectors. Defaults in `DEFAULT_CONTENT_THRESHOLDS` (`config.ts`). */
export interface ContentThresholds {
  /** Characters scanned per text field (the rest is ignored and counted as `truncatedFields`). */
  maxScanChars: number;
  /**
   * Generic high-entropy strings: minimum length, maximum length, and the cap of the Shannon-entropy bar (bits per
   * char); the bar is min(entropyMinBits, log2(length) - 0.75).
   */
  entropyMinLength: number;
  entropyMaxLength: number;
  entropyMinBits: number;
  /** System-prompt leakage: word shingle size. */
  leakShingleWords: number;
  /** System-prompt leakage: minimum system-prompt words reproduced (covered by shared shingles). */
  leakMinCoveredWords: number;
  /** System-prompt leakage: flag when covered/total system-prompt words reaches this fraction... */
  leakMinCoverage: number;
  /** ...or when at least this many words are reproduced whatever the fraction (long system prompts). */
  leakAbsoluteWords: number;
  /** Exfiltration URLs: a query/fragment value at least this long is data-bearing. */
  exfilMinParamLength: number;
  /** Exfiltration URLs: a query string at least this long is data-bearing. */
  exfilMinQueryLength: number;
  /** Invisible Unicode: zero-width characters needed before flagging (tag characters and bidi controls: any). */
  zeroWidthMin: number;
  /** PII: this many distinct emails / phone numbers in one output raises severity (bulk disclosure). */
  piiBulkCount: number;
}

/** Configuration shared by all detectors. Names match `AiSpmSettings` so settings can be passed through. */
export interface DetectorConfig {
  /** Canary tokens planted in system prompts; one found in an output is a leak. */
  canaryTokens: string[];
  /** Identity ARN globs (`*` wildcard) allowed to invoke models; empty = no allowlist. */
  identityAllowlist: string[];
  /** Model id globs allowed; empty = no allowlist. */
  modelAllowlist: string[];
  /** Hosts (exact or `*.suffix`) whose images/links are expected in outputs (not exfiltration). */
  linkHostAllowlist: string[];
  content: ContentThresholds;
}

/** What every detector receives. Built once per run with `createDetectorContext` (`config.ts`). */
export interface DetectorContext {
  config: DetectorConfig;
}

export interface ContentDetector {
  id: string;
  metadata: DetectorMetadata;
  /** Pure: the same record and context always give the same detections. At most one detection per record. */
  detect(r: InvocationRecord, ctx: DetectorContext): Detection[];
}

/**
 * A stateful analyzer over the records of one run.
 *
 * Usage by the pipeline:
 * 1. `keysFor(record)` for each record (or per identity/model seen) -> load those baselines from the `BaselineStore`
 *    and pass them to the factory (`createBehaviourAnalyzer(cfg, baselines)`).
 * 2. `observe(record)` for every record, in any order.
 * 3. `finish()` -> detections (windows are evaluated in time order; baselines are updated only with windows newer
 *    than their watermark, so re-processing the same logs never learns twice).
 * 4. `state()` -> the updated baselines; write each with `putBaseline(b, b.version)` (conditional on the version that
 *    was loaded; `undefined` = must not exist). On a lost race, reload and run again.
 */
export interface RecordAnalyzer {
  observe(r: InvocationRecord): void;
  finish(): Detection[];
  state(): Baseline[];
}

export interface TrailDetector {
  id: string;
  metadata: DetectorMetadata;
  /**
   * Looks at all events of a batch (sorted by time by the caller or not: detectors sort what they need).
   * Never throws on missing fields, unknown regions or error records.
   */
  detect(events: readonly TrailEvent[], ctx: TrailContext): Detection[];
  /**
   * The detector joins an identity's events across batches: the deployed queue path passes it, besides the batch, the
   * identity's recent events stored by earlier batches (`ctx.priorEventIds` names them), and it emits only detections
   * that include at least one event not in `priorEventIds` (windows drawn from earlier events only were judged then).
   */
  crossBatch?: boolean;
}

export interface TrailContext extends DetectorContext {
  /** Identities known to have invoked models before this batch (e.g. from behaviour baselines). */
  knownInvokers?: ReadonlySet<string>;
  /**
   * Principals whose read-only inventory calls are expected: this tool's own discovery (the deployed role's sessions,
   * the CLI's caller) and scanners the user names (`scannerPrincipals` setting). Their calls are not reconnaissance.
   */
  scannerPrincipals?: RegExp;
  /**
   * Events of earlier batches passed to the `crossBatch` detectors with the batch (the identity's stored recent
   * activity): already judged, so a detection drawn only from them is not emitted again. Unset: every event is new.
   */
  priorEventIds?: ReadonlySet<string>;
  /**
   * The credential ids, among those the batch's UpdateServiceSpecificCredential events name, that the asset inventory
   * holds as Bedrock API keys (`iam.bedrock-api-key`): the event names no service. Each with the stored key's creation
   * and expiry (`expirationDate` null: no expiry; `undefined`: not recorded) to judge its lifetime as a creation is
   * judged. `undefined` when the inventory was not consulted (CLI, lookback, or the lookup failed).
   */
  bedrockApiKeyIds?: ReadonlyMap<string, { createDate?: string; expirationDate?: string | null }>;
  trail: TrailThresholds;
}

export interface TrailThresholds {
  /** Recon burst window (ms) and the counts that make a burst. */
  reconWindowMs: number;
  reconMinCalls: number;
  reconMinDistinctActions: number;
  /** Invocations by a new identity within this long after a model-access enablement are LLMjacking-like. */
  enablementFollowMs: number;
  /** Prowler-style coverage: one identity using at least this fraction of the LLMjacking action set in a day. */
  llmjackingCoverage: number;
  /** Bedrock API keys valid longer than this (days) are long-term (no expiry is always long-term). */
  apiKeyMaxDays: number;
}
