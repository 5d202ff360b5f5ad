import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * docs/iam-scan-policy.json must be exactly the set of AWS actions the `scan` command's discovery can call: derived
 * here from the collectors' source (every `new XxxCommand(` of an @aws-sdk client), so a new collector call without
 * a policy update (or a stale extra permission) fails this test.
 */
const ROOT = join(import.meta.dirname, '../../..');
const SOURCES = ['shared/collectors', 'shared/discovery', 'shared/pipeline/discover.ts'];
/** Lambda-only code paths that `scan` never runs (it publishes no events). */
const NOT_IN_SCAN = new Set(['shared/discovery/eventbridge-sink.ts']);

const PREFIX: Record<string, string> = {
  '@aws-sdk/client-bedrock': 'bedrock',
  '@aws-sdk/client-bedrock-agent': 'bedrock',
  '@aws-sdk/client-bedrock-agentcore-control': 'bedrock-agentcore',
  '@aws-sdk/client-sagemaker': 'sagemaker',
  '@aws-sdk/client-iam': 'iam',
  '@aws-sdk/client-s3': 's3',
  '@aws-sdk/client-s3-control': 's3control',
  '@aws-sdk/client-lambda': 'lambda',
  '@aws-sdk/client-ecs': 'ecs',
  '@aws-sdk/client-secrets-manager': 'secretsmanager',
  '@aws-sdk/client-ec2': 'ec2',
  '@aws-sdk/client-cloudwatch-logs': 'logs',
  '@aws-sdk/client-kms': 'kms',
  '@aws-sdk/client-sts': 'sts',
};
/** SDK operation -> IAM action where the names differ. */
const RENAMED: Record<string, string> = {
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
  // S3 Control actions are in the s3 IAM namespace
  's3control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
};
/** Operations that need no IAM permission. */
const NO_PERMISSION = new Set(['sts:GetCallerIdentity']);
/** Read-only actions that are not List/Get/Describe (Logs Insights query over the invocation log group). */
const READ_ONLY_OTHER = new Set(['logs:StartQuery', 'logs:StopQuery']);

function files(p: string): string[] {
  const abs = join(ROOT, p);
  if (statSync(abs).isFile()) return [p];
  return readdirSync(abs).flatMap((f) => files(join(p, f)));
}

function actionsUsed(): Set<string> {
  const out = new Set<string>();
  for (const f of SOURCES.flatMap(files).filter((f) => f.endsWith('.ts') && !NOT_IN_SCAN.has(f))) {
    const src = readFileSync(join(ROOT, f), 'utf8');
    const cmdModule = new Map<string, string>();
    for (const m of src.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'(@aws-sdk\/client-[a-z0-9-]+)'/g)) {
      for (const name of (m[1] as string).split(',').map(
        (s) =>
          s
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)[0] as string,
      )) {
        if (name.endsWith('Command')) cmdModule.set(name, m[2] as string);
      }
    }
    for (const m of src.matchAll(/new\s+([A-Z][A-Za-z0-9]+Command)\s*\(/g)) {
      const mod = cmdModule.get(m[1] as string);
      if (!mod) continue;
      const prefix = PREFIX[mod];
      if (!prefix) throw new Error(`${f}: no IAM prefix known for ${mod}`);
      const action = `${prefix}:${(m[1] as string).slice(0, -'Command'.length)}`;
      if (NO_PERMISSION.has(action)) continue;
      out.add(RENAMED[action] ?? action);
    }
  }
  return out;
}

describe('docs/iam-scan-policy.json', () => {
  const policy = JSON.parse(readFileSync(join(ROOT, 'docs/iam-scan-policy.json'), 'utf8')) as {
    Version: string;
    Statement: { Sid: string; Effect: string; Action: string[]; Resource: string }[];
  };
  const granted = policy.Statement.flatMap((s) => s.Action);

  it('is a valid identity policy with Allow statements only', () => {
    expect(policy.Version).toBe('2012-10-17');
    for (const s of policy.Statement) {
      expect(s.Effect).toBe('Allow');
      expect(s.Resource).toBe('*');
      expect(s.Sid).toMatch(/^[A-Za-z0-9]+$/);
    }
    expect(new Set(granted).size).toBe(granted.length);
  });

  it('grants exactly the actions the collectors call (minimal, complete)', () => {
    const used = [...actionsUsed()].sort();
    expect(used.length).toBeGreaterThan(40);
    expect([...granted].sort()).toEqual(used);
  });

  it('is read-only: List/Get/Describe plus the Logs Insights query', () => {
    for (const a of granted) expect(/^[a-z0-9-]+:(List|Get|Describe)[A-Za-z0-9]+$/.test(a) || READ_ONLY_OTHER.has(a)).toBe(true);
  });

  it('is listed action by action in docs/reporting.md', () => {
    const doc = readFileSync(join(ROOT, 'docs/reporting.md'), 'utf8');
    for (const a of granted) expect(doc).toContain(`\`${a}\``);
  });

  it('is the action list of docs/discovery.md (it once missed flows, AgentCore and two S3 reads)', () => {
    const doc = readFileSync(join(ROOT, 'docs/discovery.md'), 'utf8');
    const block = doc.split('IAM actions (all read-only')[1]?.split('```')[1] ?? '';
    const listed = new Set(block.match(/[a-z0-9-]+:[A-Za-z0-9]+/g) ?? []);
    listed.delete('sts:GetCallerIdentity'); // needs no permission
    expect([...listed].sort()).toEqual([...granted].sort());
  });
});
