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
});
