import type { FrameworkMappings } from '../../domain/frameworks.ts';

/** ASFF `Types` used by the checks (namespace/category[/classifier], from the ASFF types taxonomy). */
export const TYPES = {
  bestPractice: 'Software and Configuration Checks/AWS Security Best Practices',
  standards: 'Software and Configuration Checks/Industry and Regulatory Standards',
  dataExposure: 'Effects/Data Exposure',
  exfiltration: 'Effects/Data Exfiltration',
  dos: 'Effects/Denial of Service',
  resourceConsumption: 'Effects/Resource Consumption',
  privEsc: 'TTPs/Privilege Escalation',
  initialAccess: 'TTPs/Initial Access',
  credentialAccess: 'TTPs/Credential Access',
  defenseEvasion: 'TTPs/Defense Evasion',
  secrets: 'Sensitive Data Identifications/Passwords',
} as const;

/**
 * Reusable mapping fragments. Every check composes the fragments that describe its control (e.g. encryption at rest
 * of AI data) and adds check-specific ids. Ids follow the conventions in `shared/domain/frameworks.ts`.
 */
export const M = {
  /** Encryption at rest of AI data / model artifacts with keys the customer controls. */
  encryption: {
    owasp: ['LLM02'],
    atlas: ['AML.T0035', 'AML.T0025'],
    nist: ['MEASURE 2.7', 'MEASURE 2.10'],
    iso42001: ['A.7.2'],
    euAiAct: ['Art. 15'],
  },
  /** Network isolation / private connectivity of AI workloads. */
  network: {
    owasp: ['LLM02', 'LLM03'],
    atlas: ['AML.T0025', 'AML.T0049'],
    nist: ['MEASURE 2.7'],
    iso42001: ['A.6.2.5'],
    euAiAct: ['Art. 15'],
  },
  /** Event logging of AI system use. */
  logging: {
    owasp: ['LLM10', 'LLM01'],
    atlas: ['AML.T0040', 'AML.T0034'],
    nist: ['MEASURE 2.4', 'MANAGE 4.1'],
    iso42001: ['A.6.2.8'],
    euAiAct: ['Art. 12', 'Art. 26'],
  },
  /** Runtime guardrails on prompts and completions. */
  guardrail: {
    owasp: ['LLM01'],
    atlas: ['AML.T0051', 'AML.T0054'],
    nist: ['MEASURE 2.7', 'MANAGE 1.3'],
    iso42001: ['A.6.2.4', 'A.9.2'],
    euAiAct: ['Art. 15'],
  },
  /** Least privilege of identities AI systems act as. */
  privilege: {
    owasp: ['LLM06'],
    atlas: ['AML.T0012', 'AML.T0053'],
    nist: ['GOVERN 1.4', 'MEASURE 2.7'],
    iso42001: ['A.3.2', 'A.9.2'],
    euAiAct: ['Art. 14', 'Art. 15'],
  },
  /** Credentials and secrets near AI workloads. */
  secrets: {
    owasp: ['LLM02', 'LLM03'],
    atlas: ['AML.T0055', 'AML.T0012'],
    nist: ['MEASURE 2.7'],
    iso42001: ['A.4.4'],
    euAiAct: ['Art. 15'],
  },
  /** Integrity of training / grounding data (poisoning). */
  dataIntegrity: {
    owasp: ['LLM04'],
    atlas: ['AML.T0020'],
    nist: ['MEASURE 2.7', 'MAP 4.2'],
    iso42001: ['A.7.4', 'A.7.5'],
    euAiAct: ['Art. 10', 'Art. 15'],
  },
  /** Retrieval-augmented generation sources. */
  rag: {
    owasp: ['LLM08', 'LLM04'],
    atlas: ['AML.T0070', 'AML.T0051.001'],
    nist: ['MEASURE 2.7', 'MAP 4.2'],
    iso42001: ['A.7.5'],
    euAiAct: ['Art. 10', 'Art. 15'],
  },
  /** Provenance of models, containers and artifacts. */
  supplyChain: {
    owasp: ['LLM03'],
    atlas: ['AML.T0010'],
    nist: ['GOVERN 6.1', 'MAP 4.1'],
    iso42001: ['A.10.3', 'A.7.5'],
    euAiAct: ['Art. 15'],
  },
  /** Monitoring of deployed models (quality, drift, captured traffic). */
  monitoring: {
    owasp: ['LLM09'],
    atlas: ['AML.T0031'],
    nist: ['MEASURE 2.4', 'MANAGE 4.1'],
    iso42001: ['A.6.2.6'],
    euAiAct: ['Art. 72'],
  },
  /** Availability and resilience of inference. */
  availability: {
    owasp: ['LLM10'],
    atlas: ['AML.T0029'],
    nist: ['MANAGE 2.2', 'MEASURE 2.7'],
    iso42001: ['A.6.2.6'],
    euAiAct: ['Art. 15'],
  },
  /** Inventory and governance of AI systems (registries, approvals, shadow AI). */
  governance: {
    owasp: ['LLM03'],
    atlas: ['AML.T0010'],
    nist: ['GOVERN 1.6', 'MAP 4.1'],
    iso42001: ['A.4.2', 'A.6.2.7'],
    euAiAct: ['Art. 17'],
  },
  /** Identity and access management of people using AI platforms. */
  access: {
    owasp: ['LLM02'],
    atlas: ['AML.T0012'],
    nist: ['GOVERN 1.4', 'MEASURE 2.7'],
    iso42001: ['A.3.2'],
    euAiAct: ['Art. 15'],
  },
} satisfies Record<string, FrameworkMappings>;

/** Merges mapping fragments (plus extra ids), deduplicated and in first-seen order. */
export function maps(...parts: FrameworkMappings[]): FrameworkMappings {
  const out: FrameworkMappings = {};
  for (const p of parts) {
    for (const k of ['owasp', 'atlas', 'nist', 'iso42001', 'euAiAct'] as const) {
      const v = p[k];
      if (!v) continue;
      const cur = out[k] ?? [];
      for (const id of v) if (!cur.includes(id)) cur.push(id);
      out[k] = cur;
    }
  }
  return out;
}
