import { flowVersions, versionLabel } from '../lib/flow.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass } from '../lib/outcome.ts';

/** Flow node types that call another service's own guardrail setup instead of exposing one on the node. */
const GUARDED_ELSEWHERE = new Set(['Agent']);

export default defineCheck({
  metadata: {
    id: 'bedrock_flow_guardrail_enabled',
    title: 'Bedrock flow nodes that run a model have a guardrail',
    severity: 'HIGH',
    service: 'bedrock',
    resourceType: 'bedrock.flow',
    description:
      'Checks every prompt node, and every knowledge-base node that generates a response (modelId set), for a guardrail, in every flow version callers can run: each published version an alias routes to, and the DRAFT, which the test alias TSTALIASID that Bedrock creates with every flow always serves. Published versions no alias routes to cannot be invoked and are not judged. Only these two node types expose a guardrail setting: an agent node is guarded by the agent itself (judged by the agent checks); inline-code, Lambda, Lex and storage nodes run no Bedrock model.',
    risk: 'A flow passes user input and retrieved documents into model prompts node after node. An unguarded node lets prompt injection, jailbreaks and harmful or sensitive output through that node, and whatever it produces feeds the nodes after it. Adding a guardrail to the DRAFT protects nothing until a new version is created and the alias is pointed at it.',
    remediation: {
      text: 'Set guardrailConfiguration on every prompt node and on knowledge-base nodes that generate responses, then create a flow version and point the aliases at it.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/flows-guardrails.html',
      cli: 'aws bedrock-agent update-flow --flow-identifier <id> --name <name> --execution-role-arn <role> --definition file://definition-with-guardrails.json && aws bedrock-agent create-flow-version --flow-identifier <id> && aws bedrock-agent update-flow-alias --flow-identifier <id> --alias-identifier <alias> --name <alias-name> --routing-configuration flowVersion=<new-version>',
      cdk: "new bedrock.CfnFlow(this, 'Flow', { definition: { nodes: [{ name: 'answer', type: 'Prompt', configuration: { prompt: { sourceConfiguration: { resource: { promptArn } }, guardrailConfiguration: { guardrailIdentifier: guardrail.attrGuardrailId, guardrailVersion: version.attrVersion } } } }] }, ... })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.guardrail, { owasp: ['LLM02'], atlas: ['AML.T0051.001'] }),
    equivalents: {},
    categories: ['gen-ai', 'guardrails'],
  },
  evaluate(flow) {
    const view = flowVersions(flow);
    if (!view.ok) return view.outcome;
    const judged = view.versions.filter((v) => v.nodes.some((n) => n.invokesModel));
    if (judged.length === 0) return [];
    const unguarded = judged.flatMap((v) =>
      v.nodes.filter((n) => n.invokesModel && !n.guardrail).map((n) => ({ version: v.version, node: n.name, type: n.type })),
    );
    const agentNodes = [...new Set(view.versions.flatMap((v) => v.nodes.filter((n) => GUARDED_ELSEWHERE.has(n.type)).map((n) => n.name)))];
    const evidence = {
      versions: view.versions.map((v) => v.version),
      servedThrough: view.aliased ? 'aliases, and the test alias (DRAFT)' : 'the test alias (DRAFT, no other alias)',
      ...(agentNodes.length ? { agentNodesGuardedByTheAgent: agentNodes } : {}),
    };
    if (unguarded.length > 0) {
      const where = [...new Set(unguarded.map((u) => u.version))]
        .map((ver) => {
          const names = unguarded.filter((u) => u.version === ver).map((u) => u.node);
          return `${ver === 'DRAFT' ? 'DRAFT' : `version ${ver}`}: ${names.join(', ')}`;
        })
        .join('; ');
      return fail(`Flow ${flow.name} has model nodes without a guardrail (${where}).`, { ...evidence, unguardedNodes: unguarded });
    }
    return pass(`Every model node of flow ${flow.name} has a guardrail (${judged.map(versionLabel).join(', ')}).`, evidence);
  },
});
