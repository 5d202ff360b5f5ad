/**
 * Prompt-injection and jailbreak detector: public API.
 *
 * `classifyPrompt` scores a user turn, a retrieved document or a tool result. Everything runs locally
 * (no network, no AWS call); the model weights load once when this module is imported.
 */

import { type Calibration, type Classification, type ClassifyInput, createClassifier } from './classify.ts';
import { type ConversationClassification, type ConversationInput, createConversationClassifier } from './conversation.ts';
import { deserializeModel, type SerializedModel } from './linear-model.ts';
import modelDoc from './model.json' with { type: 'json' };

export type { Calibration, Classification, ClassifyInput, PromptKind, Signal } from './classify.ts';
export { createClassifier, redact, scoreHeuristics } from './classify.ts';
export type { ConversationClassification, ConversationInput, ConversationOptions } from './conversation.ts';
export { createConversationClassifier } from './conversation.ts';
export { type GuardrailConfirmation, GuardrailConfirmer, type GuardrailConfirmOptions } from './guardrail-confirm.ts';
export { normalize } from './normalize.ts';

const doc = modelDoc as unknown as SerializedModel & { calibration: Calibration };

/** The shipped model and calibration (trained by `npm run train`). */
export const shippedCalibration: Calibration = { ...doc.calibration };
const classify = createClassifier({ model: deserializeModel(doc), calibration: shippedCalibration });

/**
 * Classifies one prompt. `kind` says where the text came from: a user turn (default), or data the
 * application put in the prompt (`document`, `tool-result`), where any instruction-like content is an
 * indirect injection. Throws TypeError when `text` is not a string.
 */
export function classifyPrompt(input: ClassifyInput): Classification {
  return classify(input);
}

const classifyConversationWith = createConversationClassifier(classify);

/**
 * Classifies a conversation as a whole from its user turns (multi-turn attacks: crescendo, split payloads, planted
 * triggers; see `conversation.ts`). Needs at least two non-empty user turns; the per-turn verdicts are not repeated.
 */
export function classifyConversation(input: ConversationInput): ConversationClassification {
  return classifyConversationWith(input);
}
