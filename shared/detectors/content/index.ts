import type { ContentDetector } from '../types.ts';
import { canaryDetector } from './canary.ts';
import { dangerousToolCallDetector } from './dangerous-tool-call.ts';
import { exfilUrlDetector } from './exfil-url.ts';
import { invisibleUnicodeDetector } from './invisible-unicode.ts';
import { piiDetector } from './pii.ts';
import { secretInPromptDetector } from './secret-in-prompt.ts';
import { secretsDetector } from './secrets.ts';
import { systemPromptLeakDetector } from './system-prompt-leak.ts';

/** Every content detector (the prompt-injection classifier is wired separately by the ingest pipeline). */
export const contentDetectors: readonly ContentDetector[] = [
  secretsDetector,
  secretInPromptDetector,
  piiDetector,
  systemPromptLeakDetector,
  canaryDetector,
  exfilUrlDetector,
  invisibleUnicodeDetector,
  dangerousToolCallDetector,
];

export {
  canaryDetector,
  dangerousToolCallDetector,
  exfilUrlDetector,
  invisibleUnicodeDetector,
  piiDetector,
  secretInPromptDetector,
  secretsDetector,
  systemPromptLeakDetector,
};
