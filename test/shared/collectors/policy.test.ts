import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../shared/collectors/policy.ts';

describe('parsePolicy', () => {
  it('stores the Condition block as operator / key / values entries (only when there is one)', () => {
    const st = parsePolicy({
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'bedrock-agentcore:InvokeGateway',
          Resource: '*',
          Condition: {
            Bool: { 'aws:SecureTransport': true },
            StringEquals: { 'aws:SourceVpc': ['vpc-1', 'vpc-2'], 'aws:PrincipalOrgID': 'o-1' },
          },
        },
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' },
      ],
    });
    expect(st[0]).toMatchObject({ hasCondition: true });
    expect(st[0]?.conditions).toEqual([
      { op: 'Bool', key: 'aws:SecureTransport', values: ['true'] },
      { op: 'StringEquals', key: 'aws:SourceVpc', values: ['vpc-1', 'vpc-2'] },
      { op: 'StringEquals', key: 'aws:PrincipalOrgID', values: ['o-1'] },
    ]);
    expect(st[1]).toEqual({ effect: 'Allow', actions: ['s3:GetObject'], resources: ['*'], principals: ['*'], hasCondition: false });
  });

  it('bounds the stored values and marks a cut entry truncated (so it is never read as the whole list)', () => {
    const values = Array.from({ length: 60 }, (_, i) => `vpc-${i}`);
    const [s] = parsePolicy({
      Statement: { Effect: 'Allow', Principal: '*', Action: '*', Condition: { StringEquals: { 'aws:SourceVpc': values } } },
    });
    expect(s?.conditions?.[0]).toMatchObject({ truncated: true });
    expect(s?.conditions?.[0]?.values).toHaveLength(50);
  });

  it('keeps at most 50 entries and, when it drops some, marks every kept entry truncated', () => {
    const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`aws:k${i}`, 'v']));
    const [full] = parsePolicy({ Statement: { Effect: 'Deny', Principal: '*', Action: '*', Condition: { StringNotEquals: keys(50) } } });
    expect(full?.conditions).toHaveLength(50);
    expect(full?.conditions?.some((e) => e.truncated)).toBe(false);
    const [cut] = parsePolicy({ Statement: { Effect: 'Deny', Principal: '*', Action: '*', Condition: { StringNotEquals: keys(51) } } });
    expect(cut?.conditions).toHaveLength(50);
    expect(cut?.conditions?.every((e) => e.truncated)).toBe(true);
  });
});
