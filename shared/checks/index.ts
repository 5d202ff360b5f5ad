// Registry of every posture check (one file per check under shared/checks/<service>/).
import type { Check } from '../domain/check.ts';
import { BEDROCK_CHECKS } from './bedrock/index.ts';

export const ALL_CHECKS: Check[] = [
  ...BEDROCK_CHECKS,
];

export function checkById(id: string): Check | undefined {
  return ALL_CHECKS.find((c) => c.metadata.id === id);
}
