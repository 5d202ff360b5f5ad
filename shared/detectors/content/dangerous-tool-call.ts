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
import { truncate } from '../../findings/text.ts';
import { maxSeverity, pushCapped, recordDetection } from '../text.ts';
import type { ContentDetector, DetectorContext } from '../types.ts';

export interface DangerRule {
  kind: string;
  severity: Severity;
  re: RegExp;
}

/** `StopLogging` -> `StopLogging|stop-logging|stop_logging`: generic AWS tools take the API, CLI or SDK spelling. */
function spellings(names: string[]): string {
  return names
    .flatMap((n) => {
      const words = n
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toLowerCase()
        .split(' ');
      return [n, words.join('-'), words.join('_')];
    })
    .join('|');
}

/**
 * An AWS API operation named as the operation a generic "call AWS" tool should run: the value of an operation /
 * action / api / command / method field in any quoting or case (`{"operation_name": "kms:ScheduleKeyDeletion"}`,
 * `{'Action': 'CreateAccessKey'}`), or a Query API `Action=` parameter; not a name that only appears in a query or
 * filter (a CloudTrail lookup of `CreateAccessKey` events is read-only).
 */
function apiCall(names: string[]): string {
  const n = spellings(names);
  return `["']?(?:operation|operation_?name|action|api|api_?name|command|method|call)["']?\\s{0,4}[:=]\\s{0,4}["']?(?:[a-z0-9-]{1,40}[:.])?(?:${n})(?![\\w-])|[?&]Action=(?:${n})\\b`;
}

/** `aws [--opt value]... <service> [--opt value]... <operation>`: the CLI with global options anywhere. */
function cli(service: string, ops: string): string {
  const opts = '(?:\\s{1,4}--?[\\w-]{1,40}(?:[ =](?!-)[^\\s"\']{1,200})?){0,4}';
  return `\\baws${opts}\\s{1,4}${service}${opts}\\s{1,4}(?:${ops})\\b`;
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
    re: /(?:^|[\s"'=:/~])\.aws\/credentials\b|\/etc\/shadow\b|\.ssh\/id_(?:rsa|ed25519|ecdsa|dsa)\b(?!\.pub)/i,
  },
  {
    kind: 'reverse-shell',
    severity: 'HIGH',
    re: /\/dev\/tcp\/[\w.-]{1,253}\/\d{1,5}|\bn(?:c|cat|etcat)\b[^|;&\n]{0,80}\s-[ec]\s{0,4}(?:\/bin\/|\/usr\/bin\/)?(?:ba|z|da)?sh\b|\bsocat\b[^|;\n]{0,120}\bexec:|socket\.socket\([^)]{0,100}\)[^\n]{0,300}(?:subprocess|pty\.spawn|os\.dup2)|\bperl\b[^\n]{0,60}\bsocket\s{0,4}\([^\n]{0,300}(?:\bexec\b|open\s{0,4}\(\s{0,4}STD(?:IN|OUT))/i,
  },
  {
    kind: 'remote-code-execution',
    severity: 'HIGH',
    re: /\b(?:curl|wget)\b[^|;\n]{0,300}\|\s{0,4}(?:sudo(?:\s{1,4}-[\w-]{1,20}){0,3}\s{1,4})?(?:(?:ba|z|da)?sh|python[23]?|perl|node|ruby)\b|\b(?:ba|z)?sh\s{1,4}<\(\s{0,4}(?:curl|wget)\b|\b(?:iex|invoke-expression)\s{0,4}\(?\s{0,4}\(?\s{0,4}(?:iwr|irm|invoke-webrequest|invoke-restmethod|new-object\s{1,4}net\.webclient)\b/i,
  },
  {
    kind: 'audit-tampering',
    severity: 'MEDIUM',
    re: new RegExp(
      [
        cli('cloudtrail', 'stop-logging|delete-trail'),
        cli('bedrock', 'delete-guardrail|delete-model-invocation-logging-configuration'),
        cli('kms', 'schedule-key-deletion|disable-key'),
        cli('guardduty', 'delete-detector'),
        cli('securityhub', 'disable-security-hub'),
        cli('logs', 'delete-log-group'),
        apiCall([
          'StopLogging',
          'DeleteTrail',
          'DeleteModelInvocationLoggingConfiguration',
          'DeleteGuardrail',
          'ScheduleKeyDeletion',
          'DisableKey',
          'DeleteDetector',
          'DisableSecurityHub',
        ]),
      ].join('|'),
      'i',
    ),
  },
  {
    kind: 'iam-persistence',
    severity: 'MEDIUM',
    re: new RegExp(
      [
        cli('iam', 'create-access-key|create-user|create-login-profile|update-assume-role-policy'),
        `${cli('iam', 'attach-(?:user|role|group)-policy')}[^\\n]{0,200}AdministratorAccess`,
        apiCall(['CreateAccessKey', 'CreateLoginProfile', 'CreateUser', 'UpdateAssumeRolePolicy']),
      ].join('|'),
      'i',
    ),
  },
  {
    kind: 'destructive-shell',
    severity: 'MEDIUM',
    re: /\brm(?:\s{1,4}-[a-z]{1,6}){0,3}?\s{1,4}(?:-[a-z]{0,4}r[a-z]{0,4}f[a-z]{0,4}|-[a-z]{0,4}f[a-z]{0,4}r[a-z]{0,4}|-r\s{1,4}-f|-f\s{1,4}-r|--recursive\s{1,4}--force|--force\s{1,4}--recursive)\s{1,4}(?:--no-preserve-root\s{1,4})?(?:\\?["'])?(?:\/\*?|~\/?\*?|\$\{?HOME\}?\/?\*?|\*)(?:\\?["'])?(?=[\s"';&|]|\\n|$)|\bmkfs(?:\.\w{1,8})?\s{1,4}\/dev\/|\bdd\s[^|;\n]{0,100}\bof=\/dev\/(?:sd|nvme|xvd|hd)|:\(\)\s{0,4}\{\s{0,4}:\s{0,4}\|\s{0,4}:\s{0,4}&\s{0,4}\}\s{0,4};\s{0,4}:/i,
  },
  {
    // a statement: at the start of the input, a string, a line or after `;` / `(` / a comment, and ending like one
    kind: 'destructive-sql',
    severity: 'MEDIUM',
    re: /(?:^|[;"'`(]|\\n|\n|\*\/)\s{0,8}(?:drop\s{1,4}(?:database|schema|table)\s{1,4}(?:if\s{1,4}exists\s{1,4})?[\w."`[\]]{1,128}\s{0,4}(?:;|"|'|\)|\\n|\n|$|cascade\b|restrict\b|,)|truncate\s{1,4}table\s|delete\s{1,4}from\s{1,4}[\w."`[\]]{1,128}\s{0,4}(?=;|"|'|\)|\\n|\n|$))/i,
  },
];

const LONG_TOKEN = /[A-Za-z0-9+/=_-]{16,}/g;

/**
 * Credentials a command line carries in the clear, masked in excerpts (aggressively: an excerpt is a hint for a
 * responder, over-masking costs nothing): URL user info up to the last `@`, `-u` / `-p` / `--user` / `--password` /
 * `--token` arguments (attached, spaced, quoted), `label=value` / `label: value` for password, token, secret, key,
 * session and cookie labels, and `Authorization:` / `Bearer` / `Basic` values.
 */
const INLINE_CREDENTIAL: readonly [RegExp, string][] = [
  [/(\/\/)[^\s"'<>]{0,256}@/g, '$1***@'],
  [/((?:authorization|bearer|basic)\b(?:\\?["'])?\s{0,4}:?\s{0,4}(?:[a-z]{1,20}\s{1,4})?)[^\s"'\\]{1,512}/gi, '$1***'],
  [
    /((?:^|[\s"'])(?:-[up]|--(?:user|password|pass|passwd|token|secret|api-key)))(?:\s{1,4}|=)?(?:\\?["'])?[^\s"'\\]{1,256}(?:\\?["'])?/gi,
    '$1 ***',
  ],
  [
    /((?:password|passwd|pwd|token|secret|api[_-]?key|apikey|session|cookie|auth)[\w-]{0,20}(?:\\?["'])?\s{0,4}[=:]\s{0,4})(?:\\?["'])?[^\s"'&\\;]{1,256}/gi,
    '$1***',
  ],
];

/** A short excerpt of a match: credentials in the clear masked, long tokens (keys, ids, payloads) cut, 60 characters at most. */
export function excerptOf(match: string): string {
  let masked = match;
  for (const [re, to] of INLINE_CREDENTIAL) masked = masked.replace(re, to);
  const cut = masked.length > 60 ? `${truncate(masked, 60, '')}…` : masked;
  // keys, ids and payloads carry digits; operation names and paths (ScheduleKeyDeletion, security-credentials) do not
  return cut.replace(LONG_TOKEN, (t) => (/\d/.test(t) ? `${truncate(t, 4, '')}…` : t));
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
const LOOKUP_SEGMENTS = new Set([
  'search',
  'lookup',
  'browse',
  'retrieve',
  'retrieval',
  'knowledge',
  'kb',
  'wiki',
  'doc',
  'docs',
  'documentation',
]);

/** A lookup tool: one of the name's segments (split on `_ - . :`, after an MCP `mcp__server__` prefix) is a lookup word. */
function isLookupTool(name: string): boolean {
  const bare = name.replace(/^mcp__[^_]+(?:_[^_]+)*?__/i, '');
  return bare.split(/[_\-.:\s]+|(?<=[a-z])(?=[A-Z])/).some((seg) => LOOKUP_SEGMENTS.has(seg.toLowerCase()));
}
const READ_IN_LOOKUPS = new Set(['instance-credentials', 'credential-file', 'reverse-shell', 'remote-code-execution']);

/** Every rule that matches `input` (each kind once); `tool`: the tool's name, if known. */
export function dangerousActions(input: string, tool = ''): DangerHit[] {
  const hits: DangerHit[] = [];
  const lookup = tool !== '' && isLookupTool(tool);
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
