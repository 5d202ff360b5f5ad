/**
 * Dangerous agent actions: tool calls the model produced whose input steals credentials, opens a remote shell, runs
 * code fetched from the network, tampers with audit logging, plants IAM persistence or destroys data. Only tool-call
 * inputs are read (what the agent is about to do), never the model's prose: explaining `rm -rf /` is not running it.
 * Patterns are bounded (no nested quantifiers, every gap capped), so a megabyte of tool input scans in linear time.
 * Pure; evidence carries the kind, the tool name and a short excerpt with long tokens masked.
 */
import type { Detection, InvocationRecord } from '../../domain/runtime.ts';
import type { Severity } from '../../domain/severity.ts';
import { AGENT_DANGEROUS_TOOL_CALL } from '../catalogue.ts';
import { maxSeverity, pushCapped, recordDetection } from '../text.ts';
import type { ContentDetector, DetectorContext } from '../types.ts';

export interface DangerRule {
  kind: string;
  severity: Severity;
  re: RegExp;
}

/**
 * An AWS API operation named as the operation a generic "call AWS" tool should run: the value of an
 * operation / action / api / command / method field (`{"operation": "kms:ScheduleKeyDeletion"}`), not a name that
 * only appears in a query or filter (a CloudTrail lookup of `CreateAccessKey` events is read-only).
 */
function apiCall(names: string): string {
  return `"(?:operation|operationName|action|api|apiName|command|method|call)"\\s{0,4}:\\s{0,4}"(?:[a-z0-9-]{1,40}[:.])?(?:${names})"`;
}

/** The rules, most severe first (a call matching several reports each kind once). */
export const DANGER_RULES: readonly DangerRule[] = [
  {
    kind: 'instance-credentials',
    severity: 'HIGH',
    re: /(?:169\.254\.169\.254|fd00:ec2::254\]?)\/latest\/meta-data\/iam\/security-credentials|169\.254\.170\.2\/v2\/credentials|AWS_CONTAINER_CREDENTIALS_(?:RELATIVE|FULL)_URI/i,
  },
  {
    kind: 'credential-file',
    severity: 'HIGH',
    re: /(?:~|\$HOME|\/home\/[\w.-]{1,64}|\/root)\/\.aws\/credentials|\/etc\/shadow\b|\.ssh\/id_(?:rsa|ed25519|ecdsa|dsa)\b(?!\.pub)/i,
  },
  {
    kind: 'reverse-shell',
    severity: 'HIGH',
    re: /\/dev\/tcp\/[\w.-]{1,253}\/\d{1,5}|\bn(?:c|cat|etcat)\b[^|;&\n]{0,80}\s-[ec]\s{0,4}(?:\/bin\/|\/usr\/bin\/)?(?:ba|z|da)?sh\b|\bsocat\b[^|;\n]{0,120}\bexec:|socket\.socket\([^)]{0,100}\)[^\n]{0,300}(?:subprocess|pty\.spawn|os\.dup2)/i,
  },
  {
    kind: 'remote-code-execution',
    severity: 'HIGH',
    re: /\b(?:curl|wget)\b[^|;\n]{0,300}\|\s{0,4}(?:sudo\s{1,4})?(?:ba|z|da)?sh\b|\b(?:iex|invoke-expression)\s{0,4}\(?\s{0,4}\(?\s{0,4}(?:iwr|irm|invoke-webrequest|invoke-restmethod|new-object\s{1,4}net\.webclient)\b/i,
  },
  {
    kind: 'audit-tampering',
    severity: 'MEDIUM',
    re: new RegExp(
      `\\baws\\s{1,4}(?:cloudtrail\\s{1,4}(?:stop-logging|delete-trail)|bedrock\\s{1,4}(?:delete-guardrail|delete-model-invocation-logging-configuration)|kms\\s{1,4}(?:schedule-key-deletion|disable-key)|guardduty\\s{1,4}delete-detector|securityhub\\s{1,4}disable-security-hub|logs\\s{1,4}delete-log-group)\\b|${apiCall('StopLogging|DeleteTrail|DeleteModelInvocationLoggingConfiguration|DeleteGuardrail|ScheduleKeyDeletion|DisableKey|DeleteDetector|DisableSecurityHub')}`,
    ),
  },
  {
    kind: 'iam-persistence',
    severity: 'MEDIUM',
    re: new RegExp(
      `\\baws\\s{1,4}iam\\s{1,4}(?:create-access-key|create-user|create-login-profile|update-assume-role-policy|attach-(?:user|role|group)-policy\\b[^\\n]{0,200}AdministratorAccess)\\b|${apiCall('CreateAccessKey|CreateLoginProfile|CreateUser|UpdateAssumeRolePolicy')}`,
    ),
  },
  {
    kind: 'destructive-shell',
    severity: 'MEDIUM',
    re: /\brm\s{1,4}(?:-[a-z]{0,4}r[a-z]{0,4}f[a-z]{0,4}|-[a-z]{0,4}f[a-z]{0,4}r[a-z]{0,4}|--recursive\s{1,4}--force|--force\s{1,4}--recursive)\s{1,4}(?:--no-preserve-root\s{1,4})?(?:\/\*?|~\/?\*?|\$HOME\/?\*?|\*)(?=[\s"';&|]|\\n|$)|\bmkfs(?:\.\w{1,8})?\s{1,4}\/dev\/|\bdd\s[^|;\n]{0,100}\bof=\/dev\/(?:sd|nvme|xvd|hd)|:\(\)\s{0,4}\{\s{0,4}:\s{0,4}\|\s{0,4}:\s{0,4}&\s{0,4}\}\s{0,4};\s{0,4}:/i,
  },
  {
    kind: 'destructive-sql',
    severity: 'MEDIUM',
    re: /(?:^|[;"'`]|\\n)\s{0,8}(?:drop\s{1,4}(?:database|schema|table)\s|truncate\s{1,4}table\s|delete\s{1,4}from\s{1,4}[\w."`[\]]{1,128}\s{0,4}(?=;|"|'|\\n|$))/i,
  },
];

const LONG_TOKEN = /[A-Za-z0-9+/=_-]{16,}/g;

/** Credentials a command line carries in the clear: URL user info, curl -u, password= / token: / Bearer values. */
const INLINE_CREDENTIAL =
  /(\/\/)[^\s/@:"']{1,64}:[^\s/@"']{1,128}@|(\s-u\s{1,4}|--user\s{1,4})[^\s"']{1,128}|((?:password|passwd|pwd|token|secret|api[_-]?key)\s{0,4}[=:]\s{0,4})[^\s"'&]{1,256}|(bearer\s{1,4})[^\s"']{1,512}/gi;

/** A short excerpt of a match: credentials in the clear masked, long tokens (keys, ids, payloads) cut, 60 characters at most. */
export function excerptOf(match: string): string {
  const masked = match.replace(INLINE_CREDENTIAL, (_m, scheme, user, label, bearer) =>
    scheme ? `${scheme}***:***@` : user ? `${user}***` : label ? `${label}***` : `${bearer}***`,
  );
  const cut = masked.length > 60 ? `${masked.slice(0, 60)}…` : masked;
  // keys, ids and payloads carry digits; operation names and paths (ScheduleKeyDeletion, security-credentials) do not
  return cut.replace(LONG_TOKEN, (t) => (/\d/.test(t) ? `${t.slice(0, 4)}…` : t));
}

export interface DangerHit {
  kind: string;
  severity: Severity;
  excerpt: string;
}

/**
 * Tools that look things up (web or document search, knowledge bases): a query about `DROP TABLE` or `rm -rf` is a
 * question, not an action, so only the network and credential kinds (a fetch of the metadata service is SSRF whatever
 * the tool is called) are read in their inputs.
 */
const LOOKUP_TOOL = /search|lookup|browse|retriev|knowledge|wiki|docs?\b|documentation/i;
const READ_IN_LOOKUPS = new Set(['instance-credentials', 'credential-file', 'reverse-shell', 'remote-code-execution']);

/** Every rule that matches `input` (each kind once); `tool`: the tool's name, if known. */
export function dangerousActions(input: string, tool = ''): DangerHit[] {
  const hits: DangerHit[] = [];
  const lookup = tool !== '' && LOOKUP_TOOL.test(tool);
  for (const r of DANGER_RULES) {
    if (lookup && !READ_IN_LOOKUPS.has(r.kind)) continue;
    const m = r.re.exec(input);
    if (m) hits.push({ kind: r.kind, severity: r.severity, excerpt: excerptOf(m[0]) });
  }
  return hits;
}

export const dangerousToolCallDetector: ContentDetector = {
  id: AGENT_DANGEROUS_TOOL_CALL.id,
  metadata: AGENT_DANGEROUS_TOOL_CALL,
  detect(r: InvocationRecord, ctx: DetectorContext): Detection[] {
    if (!r.toolUses?.length) return [];
    const max = ctx.config.content.maxScanChars;
    let severity: Severity = 'INFORMATIONAL';
    let count = 0;
    let truncated = 0;
    const kinds: string[] = [];
    const tools: string[] = [];
    const excerpts: string[] = [];
    for (const t of r.toolUses) {
      const input = t?.input;
      if (typeof input !== 'string' || input.length === 0) continue;
      if (input.length > max) truncated++;
      const hits = dangerousActions(input.length > max ? input.slice(0, max) : input, String(t.name ?? ''));
      if (!hits.length) continue;
      pushCapped(tools, String(t.name ?? '').slice(0, 64), 4);
      for (const h of hits) {
        count++;
        severity = maxSeverity(severity, h.severity);
        pushCapped(kinds, h.kind, 8);
        pushCapped(excerpts, h.excerpt, 3);
      }
    }
    if (count === 0) return [];
    return [
      recordDetection(
        AGENT_DANGEROUS_TOOL_CALL,
        r,
        { kinds, count, tools, excerpts, toolCalls: r.toolUses.length, truncatedFields: truncated },
        { severity, labels: kinds.map((k) => `action:${k}`) },
      ),
    ];
  },
};
