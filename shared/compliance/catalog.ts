import type { Check } from '../domain/check.ts';
import { FRAMEWORK_KEYS, FRAMEWORK_NAMES, type FrameworkKey, type FrameworkMappings } from '../domain/frameworks.ts';

/** One requirement of a compliance framework (titles are short paraphrases of the published names). */
export interface Requirement {
  framework: FrameworkKey;
  id: string;
  title: string;
}

const OWASP: [string, string][] = [
  ['LLM01', 'Prompt Injection'],
  ['LLM02', 'Sensitive Information Disclosure'],
  ['LLM03', 'Supply Chain'],
  ['LLM04', 'Data and Model Poisoning'],
  ['LLM05', 'Improper Output Handling'],
  ['LLM06', 'Excessive Agency'],
  ['LLM07', 'System Prompt Leakage'],
  ['LLM08', 'Vector and Embedding Weaknesses'],
  ['LLM09', 'Misinformation'],
  ['LLM10', 'Unbounded Consumption'],
];

const ATLAS: [string, string][] = [
  ['AML.T0010', 'AI Supply Chain Compromise'],
  ['AML.T0012', 'Valid Accounts'],
  ['AML.T0015', 'Evade AI Model'],
  ['AML.T0018', 'Manipulate AI Model'],
  ['AML.T0020', 'Poison Training Data'],
  ['AML.T0024', 'Exfiltration via AI Inference API'],
  ['AML.T0024.000', 'Exfiltration via AI Inference API: Infer Training Data Membership'],
  ['AML.T0024.001', 'Exfiltration via AI Inference API: Invert AI Model'],
  ['AML.T0024.002', 'Exfiltration via AI Inference API: Extract AI Model'],
  ['AML.T0025', 'Exfiltration via Cyber Means'],
  ['AML.T0029', 'Denial of AI Service'],
  ['AML.T0031', 'Erode AI Model Integrity'],
  ['AML.T0034', 'Cost Harvesting'],
  ['AML.T0035', 'AI Artifact Collection'],
  ['AML.T0040', 'AI Model Inference API Access'],
  ['AML.T0043', 'Craft Adversarial Data'],
  ['AML.T0044', 'Full AI Model Access'],
  ['AML.T0048', 'External Harms'],
  ['AML.T0049', 'Exploit Public-Facing Application'],
  ['AML.T0051', 'LLM Prompt Injection'],
  ['AML.T0051.000', 'LLM Prompt Injection: Direct'],
  ['AML.T0051.001', 'LLM Prompt Injection: Indirect'],
  ['AML.T0053', 'AI Agent Tool Invocation'],
  ['AML.T0054', 'LLM Jailbreak'],
  ['AML.T0055', 'Unsecured Credentials'],
  ['AML.T0056', 'Extract LLM System Prompt'],
  ['AML.T0057', 'LLM Data Leakage'],
  ['AML.T0070', 'RAG Poisoning'],
];

const NIST: [string, string][] = [
  ['GOVERN 1.1', 'Legal and regulatory requirements involving AI are understood, managed and documented'],
  ['GOVERN 1.4', 'The risk management process and its outcomes are established through transparent policies, procedures and controls'],
  ['GOVERN 1.5', 'Ongoing monitoring and periodic review of the risk management process are planned'],
  ['GOVERN 1.6', 'Mechanisms are in place to inventory AI systems'],
  ['GOVERN 6.1', 'Policies and procedures address AI risks of third-party entities'],
  ['GOVERN 6.2', 'Contingency processes handle failures or incidents in third-party data or AI systems'],
  ['MAP 4.1', 'Approaches for mapping AI technology and legal risks of components, including third-party data or software, are in place'],
  ['MAP 4.2', 'Internal risk controls for AI system components, including third-party AI technologies, are identified and documented'],
  ['MEASURE 2.4', 'Functionality and behaviour of the AI system and its components are monitored in production'],
  ['MEASURE 2.5', 'The AI system is demonstrated to be valid and reliable'],
  ['MEASURE 2.6', 'The AI system is evaluated regularly for safety risks'],
  ['MEASURE 2.7', 'AI system security and resilience are evaluated and documented'],
  ['MEASURE 2.8', 'Risks of transparency and accountability are examined and documented'],
  ['MEASURE 2.10', 'Privacy risk of the AI system is examined and documented'],
  ['MEASURE 3.1', 'Existing, unanticipated and emergent AI risks are regularly identified and tracked'],
  ['MANAGE 1.3', 'Responses to high-priority AI risks are developed, planned and documented'],
  ['MANAGE 2.2', 'Mechanisms sustain the value of deployed AI systems'],
  ['MANAGE 2.4', 'Mechanisms exist to supersede, disengage or deactivate AI systems that behave inconsistently'],
  ['MANAGE 3.1', 'AI risks and benefits from third-party resources are regularly monitored'],
  ['MANAGE 4.1', 'Post-deployment AI system monitoring plans are implemented'],
  ['MANAGE 4.3', 'Incidents and errors are communicated to relevant AI actors'],
];

const ISO: [string, string][] = [
  ['A.2.2', 'AI policy'],
  ['A.2.3', 'Alignment with other organizational policies'],
  ['A.2.4', 'Review of the AI policy'],
  ['A.3.2', 'AI roles and responsibilities'],
  ['A.3.3', 'Reporting of concerns'],
  ['A.4.2', 'Resource documentation'],
  ['A.4.3', 'Data resources'],
  ['A.4.4', 'Tooling resources'],
  ['A.4.5', 'System and computing resources'],
  ['A.4.6', 'Human resources'],
  ['A.5.2', 'AI system impact assessment process'],
  ['A.5.3', 'Documentation of AI system impact assessments'],
  ['A.5.4', 'Assessing AI system impact on individuals or groups of individuals'],
  ['A.5.5', 'Assessing societal impacts of AI systems'],
  ['A.6.1.2', 'Objectives for responsible development of AI system'],
  ['A.6.1.3', 'Processes for responsible AI system design and development'],
  ['A.6.2.2', 'AI system requirements and specification'],
  ['A.6.2.3', 'Documentation of AI system design and development'],
  ['A.6.2.4', 'AI system verification and validation'],
  ['A.6.2.5', 'AI system deployment'],
  ['A.6.2.6', 'AI system operation and monitoring'],
  ['A.6.2.7', 'AI system technical documentation'],
  ['A.6.2.8', 'AI system recording of event logs'],
  ['A.7.2', 'Data for development and enhancement of AI system'],
  ['A.7.3', 'Acquisition of data'],
  ['A.7.4', 'Quality of data for AI systems'],
  ['A.7.5', 'Data provenance'],
  ['A.7.6', 'Data preparation'],
  ['A.8.2', 'System documentation and information for users'],
  ['A.8.3', 'External reporting'],
  ['A.8.4', 'Communication of incidents'],
  ['A.8.5', 'Information for interested parties'],
  ['A.9.2', 'Processes for responsible use of AI systems'],
  ['A.9.3', 'Objectives for responsible use of AI system'],
  ['A.9.4', 'Intended use of the AI system'],
  ['A.10.2', 'Allocating responsibilities'],
  ['A.10.3', 'Suppliers'],
  ['A.10.4', 'Customers'],
];

const EU: [string, string][] = [
  ['Art. 9', 'Risk management system'],
  ['Art. 10', 'Data and data governance'],
  ['Art. 11', 'Technical documentation'],
  ['Art. 12', 'Record-keeping'],
  ['Art. 13', 'Transparency and provision of information to deployers'],
  ['Art. 14', 'Human oversight'],
  ['Art. 15', 'Accuracy, robustness and cybersecurity'],
  ['Art. 17', 'Quality management system'],
  ['Art. 19', 'Automatically generated logs'],
  ['Art. 26', 'Obligations of deployers of high-risk AI systems'],
  ['Art. 50', 'Transparency obligations for providers and deployers of certain AI systems'],
  ['Art. 55', 'Obligations of providers of general-purpose AI models with systemic risk'],
  ['Art. 72', 'Post-market monitoring by providers'],
  ['Art. 73', 'Reporting of serious incidents'],
];

const RAW: Record<FrameworkKey, [string, string][]> = { owasp: OWASP, atlas: ATLAS, nist: NIST, iso42001: ISO, euAiAct: EU };

/** Every requirement the catalogue knows, per framework, in published order. */
export const REQUIREMENTS: Record<FrameworkKey, Requirement[]> = Object.fromEntries(
  FRAMEWORK_KEYS.map((k) => [k, RAW[k].map(([id, title]) => ({ framework: k, id, title }))]),
) as Record<FrameworkKey, Requirement[]>;

export { FRAMEWORK_NAMES };

/** Title of a requirement id (undefined when the catalogue does not list it). */
export function requirementTitle(framework: FrameworkKey, id: string): string | undefined {
  return REQUIREMENTS[framework].find((r) => r.id === id)?.title;
}

/** Mapping ids that are not in the catalogue (used by tests to keep checks and catalogue in sync). */
export function unknownRequirementIds(m: FrameworkMappings): string[] {
  const out: string[] = [];
  for (const k of FRAMEWORK_KEYS) for (const id of m[k] ?? []) if (!requirementTitle(k, id)) out.push(`${k}:${id}`);
  return out;
}

export interface RequirementCoverage extends Requirement {
  /** Ids of the rules (checks, detectors) mapped to the requirement, sorted. */
  ruleIds: string[];
}

/**
 * Per framework requirement, the ids of the rules that map to it. A rule mapped to a sub-technique (e.g.
 * `AML.T0051.001`) also counts for its parent technique. Works for checks and for anything else with
 * `{ id, mappings }` (runtime detectors).
 */
export function coverageMatrix(rules: { id: string; mappings: FrameworkMappings }[]): Record<FrameworkKey, RequirementCoverage[]> {
  const out = {} as Record<FrameworkKey, RequirementCoverage[]>;
  for (const k of FRAMEWORK_KEYS) {
    out[k] = REQUIREMENTS[k].map((r) => {
      const ids = new Set<string>();
      for (const rule of rules) {
        for (const m of rule.mappings[k] ?? []) {
          if (m === r.id || (k === 'atlas' && m.startsWith(`${r.id}.`))) ids.add(rule.id);
        }
      }
      return { ...r, ruleIds: [...ids].sort() };
    });
  }
  return out;
}

/** Check ids per framework requirement (for the report's coverage matrix). */
export function checksByRequirement(checks: Check[]): Record<FrameworkKey, RequirementCoverage[]> {
  return coverageMatrix(checks.map((c) => ({ id: c.metadata.id, mappings: c.metadata.mappings })));
}
