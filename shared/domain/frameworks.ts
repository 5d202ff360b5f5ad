/**
 * Compliance framework mappings carried by checks, detectors and findings.
 * Ids are written exactly as the frameworks publish them:
 * - owasp: OWASP Top 10 for LLM Applications 2025, `LLM01`..`LLM10`
 * - atlas: MITRE ATLAS technique ids, e.g. `AML.T0051.000`
 * - nist: NIST AI RMF 1.0 function/category, e.g. `MEASURE 2.7`, `MANAGE 4.1`
 * - iso42001: ISO/IEC 42001:2023 Annex A control, e.g. `A.6.2.8`
 * - euAiAct: EU AI Act (Regulation 2024/1689) article, e.g. `Art. 12`
 */
export interface FrameworkMappings {
  owasp?: string[];
  atlas?: string[];
  nist?: string[];
  iso42001?: string[];
  euAiAct?: string[];
}

export const FRAMEWORK_KEYS = ['owasp', 'atlas', 'nist', 'iso42001', 'euAiAct'] as const;
export type FrameworkKey = (typeof FRAMEWORK_KEYS)[number];

export const FRAMEWORK_NAMES: Record<FrameworkKey, string> = {
  owasp: 'OWASP Top 10 for LLM Applications 2025',
  atlas: 'MITRE ATLAS',
  nist: 'NIST AI RMF 1.0',
  iso42001: 'ISO/IEC 42001:2023 Annex A',
  euAiAct: 'EU AI Act (Regulation 2024/1689)',
};
