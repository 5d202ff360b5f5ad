/**
 * Optional second opinion: confirm suspicious prompts with the Amazon Bedrock `ApplyGuardrail` API.
 *
 * Only records whose local score falls in the "suspicious" band are sent (never all traffic: it costs money and
 * ships the prompt to another service). The default detector path makes no AWS call; this adapter is used
 * only when a guardrail id is configured. The Bedrock client is injected (tests use aws-sdk-client-mock).
 *
 * As in Lakera's PINT configuration for Bedrock Guardrails, a PROMPT_ATTACK filter with MEDIUM or HIGH confidence
 * counts as an attack; NONE and LOW do not.
 */
import { ApplyGuardrailCommand, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { Classification } from './classify.ts';

export interface GuardrailConfirmOptions {
  guardrailId: string;
  guardrailVersion: string;
  /** Local scores in [minScore, maxScore] are confirmed; outside the band the local verdict stands. */
  minScore?: number;
  maxScore?: number;
  /** Longest text sent (ApplyGuardrail bills per 1,000 characters); longer texts send head and tail. */
  maxChars?: number;
}

export interface GuardrailConfirmation {
  /** Whether the guardrail was consulted. */
  consulted: boolean;
  /** The final verdict after the second opinion (the local one when not consulted or on error). */
  verdict: 'attack' | 'benign';
  /** Guardrail PROMPT_ATTACK confidence when consulted. */
  confidence?: string;
  /** The guardrail's overall action (NONE / GUARDRAIL_INTERVENED). */
  action?: string;
  /** Set when the call failed; the local verdict is kept and the failure is reported, never hidden. */
  error?: string;
}

const ATTACK_CONFIDENCE = new Set(['MEDIUM', 'HIGH']);

export class GuardrailConfirmer {
  private readonly minScore: number;
  private readonly maxScore: number;
  private readonly maxChars: number;

  constructor(
    private readonly client: BedrockRuntimeClient,
    private readonly options: GuardrailConfirmOptions,
  ) {
    if (!options.guardrailId) throw new Error('guardrailId is required');
    if (!options.guardrailVersion) throw new Error('guardrailVersion is required');
    this.minScore = options.minScore ?? 0.2;
    this.maxScore = options.maxScore ?? 0.9;
    this.maxChars = options.maxChars ?? 10_000;
    if (!(this.minScore <= this.maxScore)) throw new Error('minScore must not exceed maxScore');
  }

  /** True when a local result is uncertain enough to be worth a second opinion. */
  isSuspicious(local: Classification): boolean {
    return local.score >= this.minScore && local.score <= this.maxScore;
  }

  async confirm(text: string, local: Classification): Promise<GuardrailConfirmation> {
    if (!this.isSuspicious(local)) return { consulted: false, verdict: local.verdict };
    const sent = text.length > this.maxChars ? `${text.slice(0, this.maxChars / 2)}\n${text.slice(-this.maxChars / 2)}` : text;
    try {
      const res = await this.client.send(
        new ApplyGuardrailCommand({
          guardrailIdentifier: this.options.guardrailId,
          guardrailVersion: this.options.guardrailVersion,
          source: 'INPUT',
          content: [{ text: { text: sent, qualifiers: ['guard_content'] } }],
        }),
      );
      let confidence: string | undefined;
      for (const a of res.assessments ?? []) {
        for (const f of a.contentPolicy?.filters ?? []) {
          if (f.type === 'PROMPT_ATTACK') confidence = maxConfidence(confidence, f.confidence);
        }
      }
      const attack = confidence !== undefined && ATTACK_CONFIDENCE.has(confidence);
      return { consulted: true, verdict: attack ? 'attack' : 'benign', confidence: confidence ?? 'NONE', action: res.action };
    } catch (err) {
      // The error names the failure, never the prompt.
      const name = err instanceof Error ? err.name : 'Error';
      return { consulted: true, verdict: local.verdict, error: `ApplyGuardrail failed: ${name}` };
    }
  }
}

const ORDER = ['NONE', 'LOW', 'MEDIUM', 'HIGH'];
function maxConfidence(a: string | undefined, b: string | undefined): string | undefined {
  if (b === undefined) return a;
  if (a === undefined) return b;
  return ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a;
}
