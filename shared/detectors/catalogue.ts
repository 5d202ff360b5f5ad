/**
 * The detector catalogue: one metadata entry per detector id, with compliance mappings and ASFF `Types`.
 *
 * Mapping notes:
 * - OWASP Top 10 for LLM Applications 2025 ids (LLM01..LLM10); MITRE ATLAS technique ids; NIST AI RMF 1.0
 *   subcategories; ISO/IEC 42001:2023 Annex A controls; EU AI Act articles.
 * - Control-plane defence-evasion detectors map to the techniques the removed control defends against
 *   (a deleted guardrail re-opens AML.T0051 / AML.T0054; deleted invocation logging hides AML.T0040 / AML.T0034).
 * - ASFF `Types` use the Security Hub taxonomy namespaces: `Sensitive Data Identifications/...`, `TTPs/...`,
 *   `Unusual Behaviors/...`, `Effects/...`.
 */
import type { DetectorMetadata } from './types.ts';

const RUNTIME_NIST = ['MEASURE 2.7', 'MANAGE 4.1'];
const PRIVACY_NIST = ['MEASURE 2.7', 'MEASURE 2.10', 'MANAGE 4.1'];
const MONITORING_ISO = ['A.6.2.6'];
const LOGGING_ISO = ['A.6.2.6', 'A.6.2.8'];

function entry(m: DetectorMetadata): DetectorMetadata {
  return m;
}

export const LEAK_SECRET = entry({
  id: 'leak.secret',
  kind: 'content',
  title: 'Secret or credential in model output',
  severity: 'HIGH',
  description:
    'A model output (or a tool call the model produced) contains a credential: AWS access keys, private keys, provider API tokens, JWTs or high-entropy secrets.',
  mappings: { owasp: ['LLM02'], atlas: ['AML.T0057', 'AML.T0055'], nist: PRIVACY_NIST, iso42001: MONITORING_ISO, euAiAct: ['Art. 15'] },
  types: ['Sensitive Data Identifications/Security', 'Sensitive Data Identifications/Passwords', 'Effects/Data Exposure'],
  remediation:
    'Rotate the exposed credential now. Find how it reached the model (system prompt, retrieved documents, tool results) and remove it; add a Bedrock guardrail sensitive-information filter (regex for the key formats) on outputs.',
  rule: 'Format regexes per provider (AWS AKIA/ASIA ids, AWS secret keys next to a key id or label, PEM private-key headers, OpenAI/Anthropic/GitHub/Slack/Stripe/Google tokens), JWTs whose header decodes to JSON with "alg", and tokens of 24-200 chars with Shannon entropy >= min(4.5, log2(length) - 0.75) bits/char, containing upper, lower and digits, < 60% of characters in word-like runs (hex hashes, UUIDs and camelCase identifiers excluded).',
});

export const SECRET_IN_PROMPT = entry({
  id: 'leak.secret-in-prompt',
  kind: 'content',
  title: 'Credential sent to the model in a prompt',
  severity: 'HIGH',
  description:
    'A credential in a recognised provider format (AWS keys, private keys, OpenAI / Anthropic / GitHub / Slack / Stripe / Google / Bedrock API keys, JWTs) was sent to the model: embedded in the system prompt (any prompt-extraction attack discloses it), in a retrieved document or tool result (the source hands it to every user of the application), or pasted by a user. The invocation logs now hold it too.',
  mappings: {
    owasp: ['LLM02', 'LLM07'],
    atlas: ['AML.T0055', 'AML.T0057'],
    nist: PRIVACY_NIST,
    iso42001: MONITORING_ISO,
    euAiAct: ['Art. 10', 'Art. 15'],
  },
  types: ['Sensitive Data Identifications/Security', 'Sensitive Data Identifications/Passwords', 'Effects/Data Exposure'],
  remediation:
    'Rotate the credential: it is in the invocation logs and, for a system prompt or a document, in every request that carries it. Keep credentials out of prompts (the application or the tool authenticates, e.g. from Secrets Manager); remove it from the knowledge-base source or tool output and re-sync; add a Bedrock guardrail sensitive-information filter on inputs (regex for the key formats) and restrict who can read the invocation logs.',
  rule: 'The provider-format patterns of leak.secret (not its generic high-entropy rule: prompts carry ids and hashes) over the system prompt, the newest user turn and every document / tool result; an AWS access key id counts only with its secret key, a JWT not in a user turn. System prompt or document: HIGH, or the pattern severity if higher (private key, AWS secret key: CRITICAL); user turn: MEDIUM (HIGH for those); test-mode keys stay LOW.',
});

export const AGENT_DANGEROUS_TOOL_CALL = entry({
  id: 'agent.dangerous-tool-call',
  kind: 'content',
  title: 'Model issued a dangerous tool call',
  severity: 'HIGH',
  description:
    'A tool call the model produced (an agent action) carries a command or query that steals credentials, opens a remote shell, runs code fetched from the network, tampers with audit logging or destroys data: what a hijacked agent does, and what a human should confirm before it runs.',
  mappings: {
    owasp: ['LLM06', 'LLM05'],
    atlas: ['AML.T0053', 'AML.T0048'],
    nist: RUNTIME_NIST,
    iso42001: MONITORING_ISO,
    euAiAct: ['Art. 14', 'Art. 15'],
  },
  types: ['TTPs/Execution', 'Effects/Data Destruction', 'Unusual Behaviors/Application'],
  remediation:
    "Check whether the call ran (the tool's own logs) and contain it: rotate credentials it could read, restore what it deleted. Find what steered the model (an injection in a tool result or document, or the user). Give the agent's tools least privilege and require human confirmation for destructive or networked actions (Bedrock Agents: user confirmation on the action group).",
  rule: 'Patterns over the inputs of the tool calls in the model output: instance-metadata credential paths (169.254.169.254 / fd00:ec2::254 .../iam/security-credentials, ECS credential endpoint), credential files (~/.aws/credentials, /etc/shadow, id_rsa), reverse shells (/dev/tcp/, nc -e, socat exec, python/perl socket + shell), code fetched and executed (curl | sh, wget | bash, iex(iwr ...)): HIGH; audit tampering (cloudtrail stop-logging / delete-trail, bedrock delete-guardrail / delete-model-invocation-logging-configuration, kms schedule-key-deletion), IAM persistence (iam create-access-key / create-user / attach admin policy), as CLI commands or as the operation field of a generic AWS tool (not a name inside a query or filter), destructive shell (rm -rf of /, ~, * or $HOME; mkfs; dd to a device; fork bomb) and destructive SQL statements (DROP DATABASE/TABLE, TRUNCATE, DELETE without WHERE, at the start of a statement): MEDIUM. In search / lookup / documentation tools only the HIGH kinds count. Model text that merely explains such commands is not read; credentials in command lines are masked in excerpts.',
});

export const LEAK_PII = entry({
  id: 'leak.pii',
  kind: 'content',
  title: 'Personal data in model output',
  severity: 'MEDIUM',
  description:
    'A model output contains personal data: payment card numbers, IBANs, US social security numbers, email addresses or phone numbers.',
  mappings: { owasp: ['LLM02'], atlas: ['AML.T0057'], nist: PRIVACY_NIST, iso42001: MONITORING_ISO, euAiAct: ['Art. 10', 'Art. 15'] },
  types: ['Sensitive Data Identifications/PII', 'Sensitive Data Identifications/Financial', 'Effects/Data Exposure'],
  remediation:
    'Find the source of the personal data (retrieval corpus, tools, fine-tuning data) and restrict it; enable a guardrail sensitive-information filter that masks or blocks these PII types on outputs.',
  rule: 'Cards: 13-19 digits with consistent separators, valid IIN prefix/length and Luhn (HIGH). IBAN: country length table + ISO 7064 mod-97 (HIGH). SSN: ddd-dd-dddd (or 9 digits after "SSN") with valid area/group/serial (HIGH). Emails (reserved example domains ignored) and phone numbers (E.164 with "+", or NANP with separators): LOW, MEDIUM from 5 distinct values.',
});

export const LEAK_SYSTEM_PROMPT = entry({
  id: 'leak.system-prompt',
  kind: 'content',
  title: 'System prompt reproduced in model output',
  severity: 'HIGH',
  description: "A model output reproduces a substantial part of the request's system prompt (system prompt extraction).",
  mappings: { owasp: ['LLM07'], atlas: ['AML.T0056'], nist: RUNTIME_NIST, iso42001: MONITORING_ISO, euAiAct: ['Art. 15'] },
  types: ['Effects/Data Exposure', 'TTPs/Collection'],
  remediation:
    'Treat the system prompt as disclosed: remove secrets and business logic from it, keep authorization outside the model, and add an output filter or guardrail that blocks responses echoing the system prompt.',
  rule: 'Lower-cased word tokens, 6-word shingles; system-prompt words covered by shingles found in the output (shingles also present in the user turns do not count). Flag when >= 8 words are covered and coverage >= 40%, or >= 40 words are covered; CRITICAL from 80% coverage.',
});

export const LEAK_CANARY = entry({
  id: 'leak.canary',
  kind: 'content',
  title: 'Canary token found in model output',
  severity: 'HIGH',
  description: 'A canary token planted in a system prompt or document appears in a model output: the protected context leaked.',
  mappings: {
    owasp: ['LLM07', 'LLM02'],
    atlas: ['AML.T0056', 'AML.T0057'],
    nist: RUNTIME_NIST,
    iso42001: MONITORING_ISO,
    euAiAct: ['Art. 15'],
  },
  types: ['Effects/Data Exposure', 'TTPs/Collection'],
  remediation:
    'Investigate the requests that led to the leak (prompt extraction), rotate the canary, and harden the system prompt and output filtering.',
  rule: 'Exact match of a configured canary token in an output or tool call, or a match after removing separators and case (spelled-out tokens; tokens with >= 6 alphanumerics): HIGH. Multi-part tokens whose parts all appear as words within 12 words of each other (paraphrased): MEDIUM.',
});

export const EXFIL_URL = entry({
  id: 'exfil.url',
  kind: 'content',
  title: 'Data-bearing image or link URL in model output',
  severity: 'HIGH',
  description:
    'A model output contains a markdown image (inline or reference-style), an HTML <img>, or a link whose URL carries data in its query or path: rendering it sends that data to a third-party host (zero-click exfiltration after indirect prompt injection).',
  mappings: {
    owasp: ['LLM05', 'LLM02', 'LLM01'],
    atlas: ['AML.T0057', 'AML.T0051.001'],
    nist: RUNTIME_NIST,
    iso42001: MONITORING_ISO,
    euAiAct: ['Art. 15'],
  },
  types: ['Effects/Data Exfiltration', 'TTPs/Collection'],
  remediation:
    'Do not render images or auto-fetch links from model output for hosts outside an allowlist (CSP img-src); strip or proxy URLs in outputs; look for the injected instruction in retrieved documents or tool results.',
  rule: 'Image URLs (markdown inline/reference, HTML img) or link URLs with a query/fragment value >= 24 chars, a query >= 80 chars, a path segment >= 32 chars that looks encoded, or a known request-collector host / raw IP. Images: HIGH; links: MEDIUM. Allowlisted hosts are skipped.',
});

export const INVISIBLE_UNICODE = entry({
  id: 'content.invisible-unicode',
  kind: 'content',
  title: 'Invisible Unicode characters in prompt or output',
  severity: 'MEDIUM',
  description:
    'A prompt, document or output carries invisible characters: Unicode tag characters (ASCII smuggling), zero-width characters or bidirectional controls, used to hide instructions from humans.',
  mappings: {
    owasp: ['LLM01'],
    atlas: ['AML.T0051.000', 'AML.T0051.001'],
    nist: RUNTIME_NIST,
    iso42001: MONITORING_ISO,
    euAiAct: ['Art. 15'],
  },
  types: ['TTPs/Defense Evasion', 'TTPs/Execution'],
  remediation:
    'Strip Unicode tag characters (U+E0000-U+E007F), zero-width characters and bidi controls from untrusted input and from outputs before use; find the source document or user.',
  rule: 'Any tag character U+E0000-U+E007F (HIGH; the hidden ASCII length is reported, never the text), any bidi control U+202A-U+202E / U+2066-U+2069, or >= 3 zero-width characters (U+200B-U+200D, U+2060, U+FEFF not at the start, U+180E; a ZWJ/ZWNJ between two non-ASCII characters - emoji, Indic, Persian - is legitimate and not counted).',
});

export const BEHAVIOUR_REQUEST_SPIKE = entry({
  id: 'behaviour.request-spike',
  kind: 'behaviour',
  title: 'Request-rate spike for identity and model',
  severity: 'MEDIUM',
  description:
    'An identity sent far more requests to a model in a 5-minute window than its baseline (cost harvesting, abuse of stolen credentials).',
  mappings: { owasp: ['LLM10'], atlas: ['AML.T0034', 'AML.T0040'], nist: RUNTIME_NIST, iso42001: MONITORING_ISO, euAiAct: ['Art. 15'] },
  types: ['Unusual Behaviors/User', 'Effects/Resource Consumption'],
  remediation: "Confirm the workload with its owner; if unknown, revoke the identity's credentials and set Bedrock quotas / budgets.",
  rule: 'Per identity x model, 5-minute buckets vs an EWMA (alpha 0.1) mean/variance of past active buckets: flag when the bucket has >= 50 requests, >= 4x the mean and z >= 4 (std floored at max(0.25 x mean, 1)) after >= 12 learned buckets; without history, >= 500 requests in 5 minutes.',
});

export const BEHAVIOUR_TOKEN_SPIKE = entry({
  id: 'behaviour.token-spike',
  kind: 'behaviour',
  title: 'Token-usage spike for identity and model',
  severity: 'MEDIUM',
  description:
    'An identity consumed far more tokens on a model in a 5-minute window than its baseline (cost harvesting, denial of wallet).',
  mappings: { owasp: ['LLM10'], atlas: ['AML.T0034', 'AML.T0029'], nist: RUNTIME_NIST, iso42001: MONITORING_ISO, euAiAct: ['Art. 15'] },
  types: ['Unusual Behaviors/User', 'Effects/Resource Consumption'],
  remediation: 'Check the requests (max tokens, long contexts); cap maxTokens and set per-identity quotas; revoke credentials if unknown.',
  rule: 'Per identity x model, input+output tokens per 5-minute bucket vs EWMA baseline: >= 50 000 tokens, >= 4x the mean and z >= 4 after >= 12 learned buckets; without history, >= 2 000 000 tokens in 5 minutes.',
});

export const BEHAVIOUR_TEMPLATED = entry({
  id: 'behaviour.templated-querying',
  kind: 'behaviour',
  title: 'Systematic templated querying (model extraction)',
  severity: 'MEDIUM',
  description:
    'An identity sent many prompts built from one template with varying slots to a model within an hour, unusual for it: systematic querying to extract or distil the model or the application behind it.',
  mappings: { owasp: ['LLM10'], atlas: ['AML.T0024.002', 'AML.T0040'], nist: RUNTIME_NIST, iso42001: MONITORING_ISO, euAiAct: ['Art. 15'] },
  types: ['Unusual Behaviors/User', 'TTPs/Collection'],
  remediation: 'Confirm the batch job with its owner; rate-limit the identity; watch for the same template from other identities.',
  rule: 'Per identity x model x 1-hour window: >= 200 requests, >= 80% share one template (same first 5 words or same last 5 words of the newest user turn), >= 50% of prompts distinct; not flagged when the identity showed templated hours in >= 3 earlier hours (learned batch job) or the volume is < 3x its usual hourly volume.',
});

export const BEHAVIOUR_MODEL_PROBING = entry({
  id: 'behaviour.model-probing',
  kind: 'behaviour',
  title: 'Many distinct models probed by one identity',
  severity: 'MEDIUM',
  description:
    'One identity invoked many distinct models within an hour, more than it ever did (probing which models stolen credentials can use).',
  mappings: { owasp: ['LLM10'], atlas: ['AML.T0040', 'AML.T0012'], nist: RUNTIME_NIST, iso42001: MONITORING_ISO, euAiAct: ['Art. 15'] },
  types: ['Unusual Behaviors/User', 'TTPs/Discovery'],
  remediation: 'Verify the identity; restrict bedrock:InvokeModel to the model ARNs the workload needs.',
  rule: 'Per identity x 1-hour window: >= 5 distinct models and more than 2 + the largest hourly count in its baseline (HIGH when >= 50% of those calls failed).',
});

export const BEHAVIOUR_ERROR_BURST = entry({
  id: 'behaviour.error-burst',
  kind: 'behaviour',
  title: 'Burst of failed invocations',
  severity: 'LOW',
  description:
    'An identity had a burst of failed invocations on a model (throttling, validation errors): misuse, probing or denial of service.',
  mappings: { owasp: ['LLM10'], atlas: ['AML.T0029', 'AML.T0040'], nist: RUNTIME_NIST, iso42001: MONITORING_ISO, euAiAct: ['Art. 15'] },
  types: ['Unusual Behaviors/Application', 'Effects/Denial of Service'],
  remediation: 'Look at the error codes; fix the client or block the identity if it is not a known workload.',
  rule: 'Per identity x model x 5-minute bucket: >= 20 errors and an error rate >= 50%.',
});

export const BEHAVIOUR_ACCESS_DENIED = entry({
  id: 'behaviour.access-denied-burst',
  kind: 'behaviour',
  title: 'Burst of AccessDenied invocations',
  severity: 'HIGH',
  description:
    'An identity was denied access to one or several models repeatedly within 5 minutes (credentials tried against models they cannot use).',
  mappings: { owasp: ['LLM10'], atlas: ['AML.T0012', 'AML.T0040'], nist: RUNTIME_NIST, iso42001: MONITORING_ISO, euAiAct: ['Art. 15'] },
  types: ['Unusual Behaviors/User', 'TTPs/Discovery'],
  remediation: 'Confirm who uses the identity; rotate its credentials if the calls are not expected.',
  rule: 'Per identity x model x 5-minute bucket: >= 5 errors whose code contains AccessDenied / Unauthorized / NotAuthorized / UnrecognizedClient / InvalidSignature / ExpiredToken / InvalidClientTokenId / Forbidden; also per identity across >= 2 models (model `*`) when no single model reached 5.',
});

export const BEHAVIOUR_FIRST_USE = entry({
  id: 'behaviour.first-model-use',
  kind: 'behaviour',
  title: 'First use of a model by an established identity',
  severity: 'LOW',
  description: 'An identity with at least a day of history invoked a model it never used before.',
  mappings: { owasp: ['LLM10'], atlas: ['AML.T0040'], nist: RUNTIME_NIST, iso42001: MONITORING_ISO, euAiAct: ['Art. 15'] },
  types: ['Unusual Behaviors/User'],
  remediation: 'Confirm the new model is approved for this workload; otherwise restrict the identity to its models.',
  rule: "Model absent from the identity's baseline set of known models, and the baseline started >= 24 h before the record.",
});

export const BEHAVIOUR_UNAUTHORIZED_IDENTITY = entry({
  id: 'behaviour.unauthorized-identity',
  kind: 'behaviour',
  title: 'Model invoked by an identity outside the allowlist',
  severity: 'HIGH',
  description: 'An identity that is not in the configured identity allowlist invoked a model.',
  mappings: {
    owasp: ['LLM10', 'LLM06'],
    atlas: ['AML.T0012', 'AML.T0040'],
    nist: RUNTIME_NIST,
    iso42001: ['A.6.2.6', 'A.9.2'],
    euAiAct: ['Art. 15'],
  },
  types: ['Unusual Behaviors/User', 'TTPs/Initial Access'],
  remediation: 'Add the identity to the allowlist if legitimate; otherwise revoke its Bedrock permissions and investigate its credentials.',
  rule: 'Identity ARN matches none of the configured identityAllowlist globs (only when an allowlist is configured). One detection per identity x model x hour.',
});

export const BEHAVIOUR_UNAUTHORIZED_MODEL = entry({
  id: 'behaviour.unauthorized-model',
  kind: 'behaviour',
  title: 'Model outside the allowlist invoked',
  severity: 'MEDIUM',
  description: 'A model that is not in the configured model allowlist was invoked.',
  mappings: { owasp: ['LLM10', 'LLM03'], atlas: ['AML.T0040'], nist: RUNTIME_NIST, iso42001: ['A.6.2.6', 'A.9.2'], euAiAct: ['Art. 15'] },
  types: ['Unusual Behaviors/Application'],
  remediation: 'Approve the model (add it to the allowlist) or deny it with an SCP / IAM condition on bedrock:InvokeModel.',
  rule: 'Model id matches none of the configured modelAllowlist globs (only when an allowlist is configured). One detection per identity x model x hour.',
});

export const DRIFT_OUTPUT_LENGTH = entry({
  id: 'drift.output-length',
  kind: 'drift',
  title: 'Output length drift for model',
  severity: 'MEDIUM',
  description: "The model's output length shifted significantly in the current window compared with its baseline window.",
  mappings: {
    owasp: ['LLM09', 'LLM10'],
    atlas: ['AML.T0031'],
    nist: ['MEASURE 2.4', 'MANAGE 4.1'],
    iso42001: MONITORING_ISO,
    euAiAct: ['Art. 15', 'Art. 72'],
  },
  types: ['Unusual Behaviors/Application'],
  remediation: 'Check for a model/version change, a changed system prompt, or abuse (long-output jailbreaks, cost harvesting).',
  rule: 'Per model x 1-hour window vs baseline (exponentially decayed sufficient statistics, half-life 7 days): Welch t on log(1 + output tokens); flag when |t| >= 4, the geometric-mean ratio is >= 1.5 or <= 0.67, and both sides have >= 30 samples (baseline >= 100).',
});

export const DRIFT_REFUSAL_RATE = entry({
  id: 'drift.refusal-rate',
  kind: 'drift',
  title: 'Refusal-rate drift for model',
  severity: 'MEDIUM',
  description:
    "The share of refusals in the model's outputs changed significantly (a rise: attack campaign or over-blocking; a drop: safety bypass or model change).",
  mappings: {
    owasp: ['LLM01', 'LLM09'],
    atlas: ['AML.T0031', 'AML.T0054'],
    nist: ['MEASURE 2.4', 'MANAGE 4.1'],
    iso42001: MONITORING_ISO,
    euAiAct: ['Art. 15', 'Art. 72'],
  },
  types: ['Unusual Behaviors/Application'],
  remediation: 'Review recent prompts for jailbreak campaigns and recent model / prompt / guardrail changes.',
  rule: 'Refusal phrases in the first 300 chars of the output; pooled two-proportion z-test, |z| >= 3.5 and |difference| >= 5 points, >= 5 events for an increase (>= 5 expected for a decrease), >= 30 samples (baseline >= 100).',
});

export const DRIFT_GUARDRAIL_RATE = entry({
  id: 'drift.guardrail-rate',
  kind: 'drift',
  title: 'Guardrail-intervention-rate drift for model',
  severity: 'MEDIUM',
  description:
    'The share of requests where a guardrail intervened changed significantly (attack campaign, or a guardrail that stopped working).',
  mappings: {
    owasp: ['LLM01', 'LLM02'],
    atlas: ['AML.T0031', 'AML.T0051'],
    nist: ['MEASURE 2.4', 'MANAGE 4.1'],
    iso42001: MONITORING_ISO,
    euAiAct: ['Art. 15', 'Art. 72'],
  },
  types: ['Unusual Behaviors/Application'],
  remediation: 'Look at the intervening policies and the identities behind them; check guardrail configuration changes.',
  rule: 'Guardrail trace intervened or stop reason guardrail_intervened / content_filtered; pooled two-proportion z-test, |z| >= 3.5 and |difference| >= 5 points, >= 5 events for an increase (>= 5 expected for a decrease), >= 30 samples (baseline >= 100).',
});

export const DRIFT_ERROR_RATE = entry({
  id: 'drift.error-rate',
  kind: 'drift',
  title: 'Error-rate drift for model',
  severity: 'LOW',
  description: "The model's error rate changed significantly compared with its baseline (throttling, denial of service, misuse).",
  mappings: {
    owasp: ['LLM10'],
    atlas: ['AML.T0029', 'AML.T0031'],
    nist: ['MEASURE 2.4', 'MANAGE 4.1'],
    iso42001: MONITORING_ISO,
    euAiAct: ['Art. 15', 'Art. 72'],
  },
  types: ['Unusual Behaviors/Application', 'Effects/Denial of Service'],
  remediation: 'Check the error codes, quotas and the identities causing the errors.',
  rule: 'Records with an errorCode; pooled two-proportion z-test, |z| >= 3.5 and |difference| >= 5 points, >= 5 events for an increase (>= 5 expected for a decrease), >= 30 samples (baseline >= 100).',
});

export const TRAIL_RECON = entry({
  id: 'trail.llmjacking-recon',
  kind: 'trail',
  title: 'Bedrock reconnaissance burst (LLMjacking)',
  severity: 'MEDIUM',
  description:
    'One identity made a burst of Bedrock discovery calls (model lists, model availability, invocation-logging configuration, use-case / agreement queries): the reconnaissance step of LLMjacking with stolen credentials.',
  mappings: {
    owasp: ['LLM10'],
    atlas: ['AML.T0012', 'AML.T0040', 'AML.T0034'],
    nist: RUNTIME_NIST,
    iso42001: MONITORING_ISO,
    euAiAct: ['Art. 15'],
  },
  types: ['TTPs/Discovery', 'Unusual Behaviors/User'],
  remediation: 'Verify the identity and its source IPs; rotate its credentials if the activity is not expected.',
  rule: 'Per identity, sliding 10-minute window: >= 10 recon calls or >= 4 distinct recon actions. HIGH when it includes GetModelInvocationLoggingConfiguration, when >= 50% of the calls were denied, or when the identity used >= 40% of the LLMjacking action set within a day (Prowler-style coverage).',
});

export const TRAIL_MODEL_ACCESS = entry({
  id: 'trail.model-access-enabled',
  kind: 'trail',
  title: 'Model access enabled (use case / agreement)',
  severity: 'MEDIUM',
  description:
    'Someone submitted a model-access use case or accepted a model agreement (PutUseCaseForModelAccess, CreateFoundationModelAgreement, PutFoundationModelEntitlement). HIGH when followed by invocations from an identity not seen invoking before.',
  mappings: {
    owasp: ['LLM10'],
    atlas: ['AML.T0012', 'AML.T0034', 'AML.T0040'],
    nist: RUNTIME_NIST,
    iso42001: ['A.6.2.6', 'A.10.3'],
    euAiAct: ['Art. 15'],
  },
  types: ['TTPs/Persistence', 'Unusual Behaviors/User'],
  remediation: 'Confirm the model enablement was approved; if not, remove the agreement, revoke the identity and check invocations since.',
  rule: 'Any successful or denied enablement call; HIGH when an invocation by a new identity (not seen invoking before the enablement, nor in knownInvokers) follows within 24 h, or the same identity did recon first.',
});

export const TRAIL_GUARDRAIL_DELETED = entry({
  id: 'trail.guardrail-deleted',
  kind: 'trail',
  title: 'Bedrock guardrail deleted',
  severity: 'HIGH',
  description:
    'A Bedrock guardrail was deleted (or deletion was attempted): defence evasion that removes prompt-attack, content and PII filtering.',
  mappings: {
    owasp: ['LLM01', 'LLM02'],
    atlas: ['AML.T0051', 'AML.T0054'],
    nist: ['MANAGE 2.4', 'MANAGE 4.1'],
    iso42001: MONITORING_ISO,
    euAiAct: ['Art. 15'],
  },
  types: ['TTPs/Defense Evasion'],
  remediation: 'Confirm the change with its owner; recreate the guardrail and restrict bedrock:DeleteGuardrail to a break-glass role.',
  rule: 'eventName DeleteGuardrail (failed attempts reported as MEDIUM with the error code).',
});

export const TRAIL_GUARDRAIL_WEAKENED = entry({
  id: 'trail.guardrail-weakened',
  kind: 'trail',
  title: 'Bedrock guardrail weakened or changed',
  severity: 'HIGH',
  description:
    'A Bedrock guardrail was updated in a way that weakens it (filter strength lowered, prompt-attack filter or policies removed), or updated with parameters CloudTrail does not show.',
  mappings: {
    owasp: ['LLM01', 'LLM02'],
    atlas: ['AML.T0051', 'AML.T0054'],
    nist: ['MANAGE 2.4', 'MANAGE 4.1'],
    iso42001: MONITORING_ISO,
    euAiAct: ['Art. 15'],
  },
  types: ['TTPs/Defense Evasion'],
  remediation:
    'Review the guardrail version history; restore PROMPT_ATTACK at HIGH and the removed policies; restrict bedrock:UpdateGuardrail.',
  rule: 'UpdateGuardrail compared with the previous Create/UpdateGuardrail of the same guardrail in the batch (strength rank NONE<LOW<MEDIUM<HIGH per filter type, removed policies); without a previous state, absolute checks (no PROMPT_ATTACK filter or below HIGH, policies absent): HIGH when weakened, MEDIUM when contents are hidden or not comparable.',
});

export const TRAIL_LOGGING_DELETED = entry({
  id: 'trail.invocation-logging-deleted',
  kind: 'trail',
  title: 'Bedrock model invocation logging deleted',
  severity: 'HIGH',
  description: 'Model invocation logging was deleted (or deletion was attempted): defence evasion that blinds prompt/response monitoring.',
  mappings: {
    owasp: ['LLM10', 'LLM02'],
    atlas: ['AML.T0040', 'AML.T0034'],
    nist: ['MANAGE 4.1', 'MEASURE 2.7'],
    iso42001: LOGGING_ISO,
    euAiAct: ['Art. 12', 'Art. 26'],
  },
  types: ['TTPs/Defense Evasion'],
  remediation: 'Re-enable invocation logging (PutModelInvocationLoggingConfiguration) and restrict the Delete action with an SCP.',
  rule: 'eventName DeleteModelInvocationLoggingConfiguration (failed attempts reported as MEDIUM with the error code).',
});

export const TRAIL_LOGGING_NARROWED = entry({
  id: 'trail.invocation-logging-narrowed',
  kind: 'trail',
  title: 'Bedrock model invocation logging narrowed',
  severity: 'MEDIUM',
  description: 'Invocation logging was reconfigured so less is delivered (text delivery off, a destination removed).',
  mappings: {
    owasp: ['LLM10', 'LLM02'],
    atlas: ['AML.T0040', 'AML.T0034'],
    nist: ['MANAGE 4.1', 'MEASURE 2.7'],
    iso42001: LOGGING_ISO,
    euAiAct: ['Art. 12', 'Art. 26'],
  },
  types: ['TTPs/Defense Evasion'],
  remediation: 'Restore text delivery and both destinations; restrict bedrock:PutModelInvocationLoggingConfiguration.',
  rule: 'PutModelInvocationLoggingConfiguration whose loggingConfig turns textDataDeliveryEnabled off or has no destination, or (compared with the previous Put in the batch) drops a destination or a delivery flag.',
});

export const TRAIL_API_KEY = entry({
  id: 'trail.bedrock-api-key-created',
  kind: 'trail',
  title: 'Long-term Bedrock API key created',
  severity: 'HIGH',
  description:
    'A long-term Bedrock API key (IAM service-specific credential for bedrock.amazonaws.com) was created: a static bearer credential that works from anywhere until it expires or is deleted.',
  mappings: {
    owasp: ['LLM10'],
    atlas: ['AML.T0012', 'AML.T0055'],
    nist: ['GOVERN 1.4', 'MANAGE 4.1'],
    iso42001: MONITORING_ISO,
    euAiAct: ['Art. 15'],
  },
  types: ['TTPs/Persistence', 'TTPs/Credential Access'],
  remediation:
    'Prefer short-term Bedrock API keys or IAM roles; delete the key if unneeded, or set a short expiry and least-privilege policies on its user.',
  rule: "iam CreateServiceSpecificCredential with serviceName bedrock.amazonaws.com: HIGH without expiry (credentialAgeDays absent) or longer than 90 days, MEDIUM otherwise. A re-activation (UpdateServiceSpecificCredential Active) names no service: when the AI asset inventory holds the credential as a Bedrock API key, the same rule on the stored key's lifetime (HIGH with no expiry or longer than 90 days, MEDIUM otherwise or when its expiry is not recorded), else LOW labelled service-unknown (not found in the account's inventory: another service's credential, or a Bedrock key the inventory has not seen; the inventory is read for the trail queue's events only).",
});

export const DETECTOR_CATALOGUE: readonly DetectorMetadata[] = [
  LEAK_SECRET,
  SECRET_IN_PROMPT,
  AGENT_DANGEROUS_TOOL_CALL,
  LEAK_PII,
  LEAK_SYSTEM_PROMPT,
  LEAK_CANARY,
  EXFIL_URL,
  INVISIBLE_UNICODE,
  BEHAVIOUR_REQUEST_SPIKE,
  BEHAVIOUR_TOKEN_SPIKE,
  BEHAVIOUR_TEMPLATED,
  BEHAVIOUR_MODEL_PROBING,
  BEHAVIOUR_ERROR_BURST,
  BEHAVIOUR_ACCESS_DENIED,
  BEHAVIOUR_FIRST_USE,
  BEHAVIOUR_UNAUTHORIZED_IDENTITY,
  BEHAVIOUR_UNAUTHORIZED_MODEL,
  DRIFT_OUTPUT_LENGTH,
  DRIFT_REFUSAL_RATE,
  DRIFT_GUARDRAIL_RATE,
  DRIFT_ERROR_RATE,
  TRAIL_RECON,
  TRAIL_MODEL_ACCESS,
  TRAIL_GUARDRAIL_DELETED,
  TRAIL_GUARDRAIL_WEAKENED,
  TRAIL_LOGGING_DELETED,
  TRAIL_LOGGING_NARROWED,
  TRAIL_API_KEY,
];

const BY_ID = new Map(DETECTOR_CATALOGUE.map((m) => [m.id, m]));

export function detectorMetadata(id: string): DetectorMetadata | undefined {
  return BY_ID.get(id);
}
