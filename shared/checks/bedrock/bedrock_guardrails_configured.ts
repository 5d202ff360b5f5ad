import { bedrockInUse, gapsFor } from '../lib/context.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, manual, pass } from '../lib/outcome.ts';

/** Region-level check, evaluated on the region's Bedrock logging-config asset (one per account and region). */
export default defineCheck({
  metadata: {
    id: 'bedrock_guardrails_configured',
    title: 'Regions that use Bedrock have at least one guardrail',
    severity: 'MEDIUM',
    service: 'bedrock',
    resourceType: 'bedrock.logging-config',
    description:
      'In every region where Bedrock models are used, at least one guardrail exists. Regions without model use are not applicable.',
    risk: 'Without any guardrail, no application in the region can filter prompt attacks, harmful content or PII.',
    remediation: {
      text: 'Create a baseline guardrail (prompt attack HIGH, harm categories, PII) and use it from every application.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-create.html',
      cli: "aws bedrock create-guardrail --name baseline --blocked-input-messaging 'Blocked' --blocked-outputs-messaging 'Blocked' --content-policy-config 'filtersConfig=[{type=PROMPT_ATTACK,inputStrength=HIGH,outputStrength=NONE}]'",
      cdk: "new bedrock.CfnGuardrail(this, 'Baseline', { name: 'baseline', blockedInputMessaging: 'Blocked', blockedOutputsMessaging: 'Blocked', contentPolicyConfig: { filtersConfig: [...] } })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.guardrail, { nist: ['GOVERN 1.4'] }),
    equivalents: { prowler: ['bedrock_guardrails_configured'] },
    categories: ['gen-ai', 'guardrails'],
  },
  evaluate(anchor, ctx) {
    const guardrails = ctx.graph.byType('bedrock.guardrail', { accountId: anchor.accountId, region: anchor.region });
    if (guardrails.length > 0)
      return pass(`${guardrails.length} guardrail(s) exist in ${anchor.region}.`, { guardrails: guardrails.map((g) => g.name) });
    if (gapsFor(ctx.graph, anchor, 'bedrock').length > 0)
      return error(`Bedrock in ${anchor.region} could not be fully read, so missing guardrails cannot be confirmed.`);
    const inUse = bedrockInUse(ctx.graph, anchor.accountId, anchor.region);
    if (inUse === false) return [];
    if (inUse === undefined) return manual(`No guardrail exists in ${anchor.region}, and whether models are used there is unknown.`);
    return fail(`Bedrock models are used in ${anchor.region} but no guardrail exists there.`);
  },
});
