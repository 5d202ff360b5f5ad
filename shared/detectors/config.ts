import type { ContentThresholds, DetectorConfig, DetectorContext, TrailContext, TrailThresholds } from './types.ts';

/**
 * Content-detector thresholds. Chosen from first principles and synthetic cases, never fitted on eval-only data:
 * - 200 000 characters scanned per field keeps the worst case linear and bounded (~0.2 MB per field).
 * - High-entropy strings: 24..200 characters with Shannon entropy >= min(4.5, log2(length) - 0.75) bits/char (random
 *   base64 of length n averages ~log2(n) - 0.4; measured recall on random 24-char tokens ~97%), containing upper, lower
 *   and digits (hex hashes and UUIDs never qualify), and with < 60% of characters in word-like runs (camelCase
 *   identifiers such as `getUserAccountDetailsByIdV2` score 0.78; random base64 p99 ~0.6).
 * - System-prompt leakage: 6-word shingles; flag when >= 8 system-prompt words are reproduced AND they are >= 40% of
 *   the system prompt, or >= 40 words are reproduced whatever the fraction. Quoting one short phrase never flags.
 */
export const DEFAULT_CONTENT_THRESHOLDS: ContentThresholds = {
  maxScanChars: 200_000,
  entropyMinLength: 24,
  entropyMaxLength: 200,
  entropyMinBits: 4.5,
  leakShingleWords: 6,
  leakMinCoveredWords: 8,
  leakMinCoverage: 0.4,
  leakAbsoluteWords: 40,
  exfilMinParamLength: 24,
  exfilMinQueryLength: 80,
  zeroWidthMin: 3,
  piiBulkCount: 5,
};

export const DEFAULT_TRAIL_THRESHOLDS: TrailThresholds = {
  reconWindowMs: 10 * 60_000,
  reconMinCalls: 10,
  reconMinDistinctActions: 4,
  enablementFollowMs: 24 * 3600_000,
  llmjackingCoverage: 0.4,
  apiKeyMaxDays: 90,
};

export interface DetectorConfigInput {
  canaryTokens?: string[];
  identityAllowlist?: string[];
  modelAllowlist?: string[];
  linkHostAllowlist?: string[];
  content?: Partial<ContentThresholds>;
}

export function createDetectorConfig(input: DetectorConfigInput = {}): DetectorConfig {
  const canaryTokens = (input.canaryTokens ?? []).filter((t) => typeof t === 'string' && t.length >= 4);
  return {
    canaryTokens,
    identityAllowlist: [...(input.identityAllowlist ?? [])],
    modelAllowlist: [...(input.modelAllowlist ?? [])],
    linkHostAllowlist: (input.linkHostAllowlist ?? []).map((h) => h.toLowerCase()),
    content: { ...DEFAULT_CONTENT_THRESHOLDS, ...input.content },
  };
}

export function createDetectorContext(input: DetectorConfigInput = {}): DetectorContext {
  return { config: createDetectorConfig(input) };
}

export function createTrailContext(
  input: DetectorConfigInput & { trail?: Partial<TrailThresholds>; knownInvokers?: Iterable<string>; scannerPrincipals?: string[] } = {},
): TrailContext {
  return {
    config: createDetectorConfig(input),
    trail: { ...DEFAULT_TRAIL_THRESHOLDS, ...input.trail },
    knownInvokers: input.knownInvokers ? new Set(input.knownInvokers) : undefined,
    scannerPrincipals: compileGlobs((input.scannerPrincipals ?? []).filter((g) => typeof g === 'string' && g.length > 0)),
  };
}

/**
 * The CloudTrail identity glob of every session of an IAM role: `arn:aws:iam::111122223333:role/path/Name` ->
 * `arn:aws:sts::111122223333:assumed-role/Name/*` (CloudTrail names an assumed role's caller by its session ARN, without
 * the role's path). Undefined for anything that is not a role ARN.
 */
export function roleSessionsGlob(roleArn: string): string | undefined {
  const m = /^arn:([\w-]+):iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]+)$/.exec(roleArn);
  return m ? `arn:${m[1]}:sts::${m[2]}:assumed-role/${m[3]}/*` : undefined;
}

/** Compiles `*` globs (anchored, case-sensitive; `*` matches any run of characters) into one regex. */
export function compileGlobs(globs: readonly string[]): RegExp | undefined {
  if (globs.length === 0) return undefined;
  const parts = globs.map((g) =>
    g
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*'),
  );
  return new RegExp(`^(?:${parts.join('|')})$`);
}
