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
    re: /\baws\s{1,4}(?:cloudtrail\s{1,4}(?:stop-logging|delete-trail)|bedrock\s{1,4}(?:delete-guardrail|delete-model-invocation-logging-configuration)|kms\s{1,4}(?:schedule-key-deletion|disable-key)|guardduty\s{1,4}delete-detector|securityhub\s{1,4}disable-security-hub|logs\s{1,4}delete-log-group)\b|\b(?:StopLogging|DeleteTrail|DeleteModelInvocationLoggingConfiguration|ScheduleKeyDeletion|DisableSecurityHub)\b/,
  },
  {
    kind: 'iam-persistence',
    severity: 'MEDIUM',
    re: /\baws\s{1,4}iam\s{1,4}(?:create-access-key|create-user|create-login-profile|update-assume-role-policy|attach-(?:user|role|group)-policy\b[^\n]{0,200}AdministratorAccess)\b|\b(?:CreateAccessKey|CreateLoginProfile|UpdateAssumeRolePolicy)\b/,
  },
  {
    kind: 'destructive-shell',
    severity: 'MEDIUM',
    re: /\brm\s{1,4}(?:-[a-z]{0,4}r[a-z]{0,4}f[a-z]{0,4}|-[a-z]{0,4}f[a-z]{0,4}r[a-z]{0,4}|--recursive\s{1,4}--force|--force\s{1,4}--recursive)\s{1,4}(?:--no-preserve-root\s{1,4})?(?:\/\*?|~\/?\*?|\$HOME\/?\*?|\*)(?=[\s"';&|]|\\n|$)|\bmkfs(?:\.\w{1,8})?\s{1,4}\/dev\/|\bdd\s[^|;\n]{0,100}\bof=\/dev\/(?:sd|nvme|xvd|hd)|:\(\)\s{0,4}\{\s{0,4}:\s{0,4}\|\s{0,4}:\s{0,4}&\s{0,4}\}\s{0,4};\s{0,4}:/i,
  },
  {
    kind: 'destructive-sql',
    severity: 'MEDIUM',
    re: /\bdrop\s{1,4}(?:database|schema|table)\b|\btruncate\s{1,4}table\s|\bdelete\s{1,4}from\s{1,4}[\w."`[\]]{1,128}\s{0,4}(?=;|"|'|\\n|$)/i,
  },
];

const LONG_TOKEN = /[A-Za-z0-9+/=_-]{16,}/g;

/** A short excerpt of a match: at most 60 characters, long tokens (keys, ids, payloads) masked. */
function excerptOf(match: string): string {
  const cut = match.length > 60 ? `${match.slice(0, 60)}…` : match;
  return cut.replace(LONG_TOKEN, (t) => `${t.slice(0, 4)}…`);
}

export interface DangerHit {
  kind: string;
  severity: Severity;
  excerpt: string;
}

/** Every rule that matches `input` (each kind once). */
export function dangerousActions(input: string): DangerHit[] {
  const hits: DangerHit[] = [];
  for (const r of DANGER_RULES) {
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
      const hits = dangerousActions(input.length > max ? input.slice(0, max) : input);
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
