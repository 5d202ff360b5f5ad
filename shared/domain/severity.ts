/** Severity labels, in ascending order, exactly as ASFF `Severity.Label` spells them. */
export const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 0 (INFORMATIONAL) .. 4 (CRITICAL). */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function isSeverity(v: unknown): v is Severity {
  return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);
}

/** True when `s` is at or above `threshold`. */
export function atLeast(s: Severity, threshold: Severity): boolean {
  return severityRank(s) >= severityRank(threshold);
}

/** ASFF `Severity.Normalized` equivalent (deprecated field, still useful for sorting and scores). */
export function normalizedSeverity(s: Severity): number {
  return { INFORMATIONAL: 0, LOW: 30, MEDIUM: 50, HIGH: 80, CRITICAL: 95 }[s];
}
