import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_guardrail_prompt_attack_filter_enabled',
    title: 'Bedrock guardrails block prompt attacks at HIGH strength',
    severity: 'HIGH',
    service: 'bedrock',
    resourceType: 'bedrock.guardrail',
    description:
      'Checks that the guardrail (working draft) has the PROMPT_ATTACK content filter enabled on input with strength HIGH and a blocking action.',
    risk: 'Without a strong prompt-attack filter, jailbreaks and prompt injections pass to the model; GuardDuty also cannot raise PromptInjection findings without it.',
    remediation: {
      text: 'Add a PROMPT_ATTACK content filter with inputStrength HIGH (outputStrength NONE), then publish a new version and point applications at it.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-prompt-attack.html',
      cli: "aws bedrock update-guardrail --guardrail-identifier <id> --name <name> --blocked-input-messaging '...' --blocked-outputs-messaging '...' --content-policy-config 'filtersConfig=[{type=PROMPT_ATTACK,inputStrength=HIGH,outputStrength=NONE}]'",
      cdk: "new bedrock.CfnGuardrail(this, 'G', { contentPolicyConfig: { filtersConfig: [{ type: 'PROMPT_ATTACK', inputStrength: 'HIGH', outputStrength: 'NONE' }] }, ... })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.guardrail, { atlas: ['AML.T0051.000', 'AML.T0051.001'] }),
    equivalents: { prowler: ['bedrock_guardrail_prompt_attack_filter_enabled'] },
    categories: ['gen-ai', 'guardrails'],
  },
  evaluate(g) {
    const u = unread(g, ['contentFilters']);
    if (u) return u;
    const f = (g.config.contentFilters ?? []).find((x) => x.type === 'PROMPT_ATTACK');
    if (!f) return fail(`Guardrail ${g.name} has no prompt-attack filter.`);
    const enabled = f.inputEnabled !== false && f.inputAction !== 'NONE';
    if (f.inputStrength !== 'HIGH' || !enabled) {
      return fail(
        `Guardrail ${g.name} prompt-attack filter is ${enabled ? `at ${f.inputStrength}` : 'not blocking'} (HIGH and blocking required).`,
        {
          inputStrength: f.inputStrength,
          inputAction: f.inputAction ?? null,
        },
      );
    }
    return pass(`Guardrail ${g.name} blocks prompt attacks at HIGH strength.`, { inputStrength: f.inputStrength });
  },
});
