import { describe, expect, it } from 'vitest';
import { InventoryGraph } from '../../../shared/assessment/graph.ts';
import { BEDROCKAGENTCORE_CHECKS } from '../../../shared/checks/bedrockagentcore/index.ts';
import { invalidTrustedAccounts, trustedAccountIds } from '../../../shared/checks/lib/policy.ts';
import { parsePolicy } from '../../../shared/collectors/policy.ts';
import type { CheckOutcome } from '../../../shared/domain/check.ts';
import { ACCOUNT, NOW, withConfig } from '../../fixtures/checks/builders.ts';
import { agentcore, agentcoreCases, gatewayTarget, pinnedToWeakV1 } from '../../fixtures/checks/cases-agentcore.ts';
import { describeChecks } from '../../fixtures/checks/run-cases.ts';

describeChecks(BEDROCKAGENTCORE_CHECKS, agentcoreCases);

describe('AgentCore runtime checks judge every served version (endpoint prod pinned to a weak version 1)', () => {
  const run = (id: string, target: unknown = pinnedToWeakV1): CheckOutcome => {
    const check = BEDROCKAGENTCORE_CHECKS.find((c) => c.metadata.id === id);
    if (!check) throw new Error(id);
    const r = check.evaluate(target as never, { graph: new InventoryGraph([target as never], []), now: NOW, settings: {} });
    return (Array.isArray(r) ? r[0] : r) as CheckOutcome;
  };

  it('network mode: FAIL naming version 1 and endpoint prod, with every judged version in the evidence', () => {
    const o = run('bedrockagentcore_runtime_vpc_network_mode_configured');
    expect(o.status).toBe('FAIL');
    expect(o.reason).toContain('version 1 (endpoint prod)');
    expect(o.evidence?.versions).toEqual([
      { version: '2', latest: true, endpoints: ['DEFAULT'], networkMode: 'VPC' },
      { version: '1', latest: false, endpoints: ['prod'], networkMode: 'PUBLIC' },
    ]);
  });

  it('MMDSv2: FAIL naming version 1 and endpoint prod', () => {
    const o = run('bedrockagentcore_runtime_mmdsv2_required');
    expect(o.status).toBe('FAIL');
    expect(o.reason).toContain('version 1 (endpoint prod)');
    expect(o.reason).not.toContain('version 2');
  });

  it('secrets: FAIL naming the variable, version 1 and endpoint prod (names only)', () => {
    const o = run('bedrockagentcore_runtime_environment_no_secrets');
    expect(o.status).toBe('FAIL');
    expect(o.reason).toContain('version 1 (endpoint prod): OPENAI_API_KEY');
    expect(o.evidence).toMatchObject({
      envNames: ['OPENAI_API_KEY'],
      versions: [{ version: '1', latest: false, endpoints: ['prod'], envNames: ['OPENAI_API_KEY'] }],
      versionsJudged: ['2', '1'],
    });
  });

  it('a served version that was not read is ERROR naming the version and the endpoint, for all three checks', () => {
    const target = {
      ...pinnedToWeakV1,
      config: { ...pinnedToWeakV1.config, otherVersions: [] },
      collectionErrors: ['GetAgentRuntime(version 1): AccessDeniedException'],
    };
    for (const id of [
      'bedrockagentcore_runtime_vpc_network_mode_configured',
      'bedrockagentcore_runtime_mmdsv2_required',
      'bedrockagentcore_runtime_environment_no_secrets',
    ]) {
      const o = run(id, target);
      expect(o.status, id).toBe('ERROR');
      expect(o.evidence, id).toMatchObject({
        unreadVersions: ['1'],
        endpoints: ['prod'],
        collectionErrors: ['GetAgentRuntime(version 1): AccessDeniedException'],
      });
    }
  });
});

describe('AgentCore resource policies parsed from the document: only a condition that pins the caller passes', () => {
  const run = (id: string, target: unknown, settings: Record<string, unknown> = {}): CheckOutcome => {
    const check = BEDROCKAGENTCORE_CHECKS.find((c) => c.metadata.id === id);
    if (!check) throw new Error(id);
    const r = check.evaluate(target as never, { graph: new InventoryGraph([target as never], []), now: NOW, settings });
    return (Array.isArray(r) ? r[0] : r) as CheckOutcome;
  };
  const doc = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });
  const GW = 'bedrockagentcore_gateway_resource_policy_not_public';
  const RT = 'bedrockagentcore_runtime_resource_policy_not_public';
  const star = (Condition: unknown, Principal: unknown = '*') =>
    parsePolicy(doc({ Effect: 'Allow', Principal, Action: 'bedrock-agentcore:InvokeGateway', Resource: '*', Condition }));

  it('Principal * with only Bool aws:SecureTransport=true is open to everyone: MANUAL, not PASS', () => {
    const o = run(GW, withConfig(agentcore.gateway(), { resourcePolicy: star({ Bool: { 'aws:SecureTransport': 'true' } }) }));
    expect(o.status).toBe('MANUAL');
    expect(o.reason).toContain('does not pin the caller');
  });

  it('Principal {AWS: *} with StringLike aws:PrincipalAccount "*" (every account): MANUAL, not PASS', () => {
    const policy = star({ StringLike: { 'aws:PrincipalAccount': '*' } }, { AWS: '*' });
    expect(run(RT, withConfig(agentcore.runtime(), { resourcePolicy: policy })).status).toBe('MANUAL');
  });

  it('wildcard or untrusted account ids in aws:PrincipalAccount / aws:PrincipalArn do not pass; own and trusted ones do', () => {
    const gw = (c: unknown) => withConfig(agentcore.gateway(), { resourcePolicy: star(c) });
    expect(run(GW, gw({ StringLike: { 'aws:PrincipalAccount': `${ACCOUNT.slice(0, 6)}*` } })).status).toBe('MANUAL');
    expect(run(GW, gw({ StringEquals: { 'aws:PrincipalAccount': [ACCOUNT, '999999999999'] } })).status).toBe('MANUAL');
    expect(
      run(GW, gw({ StringEquals: { 'aws:PrincipalAccount': [ACCOUNT, '999999999999'] } }), { trustedAccounts: ['999999999999'] }).status,
    ).toBe('PASS');
    expect(run(GW, gw({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/agent' } })).status).toBe('MANUAL');
    const own = run(GW, gw({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/agent-*` } }));
    expect(own.status).toBe('PASS');
    expect(own.reason).toContain('* (aws:PrincipalArn)');
    expect(run(GW, gw({ 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } })).status).toBe('MANUAL');
    expect(run(GW, gw({ StringEquals: { 'aws:PrincipalAccount': ACCOUNT }, Bool: { 'aws:SecureTransport': 'true' } })).status).toBe('PASS');
  });

  const gw = (c: unknown) => withConfig(agentcore.gateway(), { resourcePolicy: star(c) });

  it("a grant to * pinned to an organization, VPC or VPC endpoint is MANUAL naming the value: the check cannot tell it is the owner's", () => {
    const org = run(GW, gw({ StringEquals: { 'aws:PrincipalOrgID': 'o-attacker000' } }));
    expect(org.status).toBe('MANUAL');
    expect(org.reason).toContain('* (aws:PrincipalOrgID o-attacker000)');
    expect(org.reason).toContain('confirm it is yours');
    expect(org.evidence).toMatchObject({ anyoneUnverified: ['* (aws:PrincipalOrgID o-attacker000)'] });
    expect(run(GW, gw({ StringEquals: { 'aws:SourceVpc': 'vpc-1' } })).status).toBe('MANUAL');
    expect(run(GW, gw({ StringEquals: { 'aws:sourcevpce': 'vpce-0123' }, Bool: { 'aws:SecureTransport': 'true' } })).status).toBe('MANUAL');
    // an own-account pin among the entries (ANDed) still passes
    expect(run(GW, gw({ StringEquals: { 'aws:SourceVpc': 'vpc-1', 'aws:PrincipalAccount': ACCOUNT } })).status).toBe('PASS');
  });

  it('wildcards and policy variables in aws:PrincipalOrgID / aws:SourceVpc / aws:SourceVpce restrict nothing: "does not pin the caller"', () => {
    for (const c of [
      { StringLike: { 'aws:PrincipalOrgID': 'o-*' } },
      { StringLike: { 'aws:PrincipalOrgID': ['o-abcdefghij', 'o-*'] } },
      { StringLike: { 'aws:SourceVpc': 'vpc-?' } },
      { StringLike: { 'aws:SourceVpce': '*' } },
      { StringEquals: { 'aws:SourceVpc': '${aws:SourceVpc}' } },
    ]) {
      const o = run(GW, gw(c));
      expect(o.status, JSON.stringify(c)).toBe('MANUAL');
      expect(o.reason, JSON.stringify(c)).toContain('does not pin the caller');
    }
  });

  it('aws:SourceArn passes only with a literal own or trusted account field (not another account, not an ARN without one)', () => {
    const lambda = (acct: string, fn = 'x') => `arn:aws:lambda:us-east-1:${acct}:function:${fn}`;
    expect(run(GW, gw({ ArnEquals: { 'aws:SourceArn': lambda('999999999999') } })).status).toBe('MANUAL');
    expect(run(GW, gw({ ArnLike: { 'aws:SourceArn': lambda('999999999999', '*') } })).status).toBe('MANUAL');
    expect(run(GW, gw({ ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::someone-elses-bucket' } })).status).toBe('MANUAL');
    expect(run(GW, gw({ ArnLike: { 'aws:SourceArn': 'arn:aws:lambda:*:*:function:*' } })).status).toBe('MANUAL');
    expect(run(GW, gw({ ArnEquals: { 'aws:SourceArn': lambda('${aws:PrincipalAccount}') } })).status).toBe('MANUAL');
    expect(run(GW, gw({ ArnEquals: { 'aws:SourceArn': lambda(ACCOUNT) } })).status).toBe('PASS');
    expect(run(GW, gw({ ArnLike: { 'aws:SourceArn': `arn:aws:lambda:*:${ACCOUNT}:function:*` } })).status).toBe('PASS');
    expect(run(GW, gw({ ArnEquals: { 'aws:SourceArn': lambda('999999999999') } }), { trustedAccounts: ['999999999999'] }).status).toBe(
      'PASS',
    );
  });

  it('StringLike aws:PrincipalArn / aws:SourceArn with a wildcard before the account field (`*` crosses colons) does not pass', () => {
    // a role in 999999999999 with path "/x::<ACCOUNT>:/" is arn:aws:iam::999999999999:role/x::<ACCOUNT>:/r, matched by the pattern
    expect(run(GW, gw({ StringLike: { 'aws:PrincipalArn': `arn:aws:*::${ACCOUNT}:*` } })).status).toBe('MANUAL');
    expect(run(GW, gw({ StringLike: { 'aws:SourceArn': `arn:*:${ACCOUNT}:*` } })).status).toBe('MANUAL');
    expect(run(GW, gw({ StringLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/*` } })).status).toBe('PASS');
    // a policy variable before the account field may expand to colons (a principal tag the caller sets): not literal
    const tagged = `arn:aws:\${aws:PrincipalTag/p}:${ACCOUNT}:role/r`;
    expect(run(GW, gw({ StringEquals: { 'aws:PrincipalArn': tagged } })).status).toBe('MANUAL');
    // ArnLike matches each field apart: a wildcard in the service field cannot reach the account field
    expect(run(GW, gw({ ArnLike: { 'aws:PrincipalArn': `arn:aws:*::${ACCOUNT}:*` } })).status).toBe('PASS');
  });

  it('a condition entry cut by the parser bounds (more than 50 values) proves nothing: MANUAL', () => {
    const vpcs = Array.from({ length: 60 }, (_, i) => `vpc-${i}`);
    const o = run(GW, withConfig(agentcore.gateway(), { resourcePolicy: star({ StringEquals: { 'aws:SourceVpc': vpcs } }) }));
    expect(o.status).toBe('MANUAL');
  });

  it('Allow * unconditionally + Deny * when aws:SourceVpc is not ours (a perimeter): MANUAL, neither FAIL nor PASS', () => {
    const policy = parsePolicy(
      doc(
        { Effect: 'Allow', Principal: '*', Action: 'bedrock-agentcore:InvokeAgentRuntime', Resource: '*' },
        { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-1a2b3c4d' } } },
      ),
    );
    const o = run(RT, withConfig(agentcore.runtime(), { resourcePolicy: policy }));
    expect(o.status).toBe('MANUAL');
    expect(o.reason).toContain('a Deny statement may limit it');
  });

  const allowStar = { Effect: 'Allow', Principal: '*', Action: 'bedrock-agentcore:InvokeAgentRuntime', Resource: '*' };
  const denyIf = (Condition: unknown, Principal: unknown = '*') => ({ Effect: 'Deny', Principal, Action: '*', Resource: '*', Condition });
  const rtp = (...s: unknown[]) => withConfig(agentcore.runtime(), { resourcePolicy: parsePolicy(doc(...s)) });

  it('a Deny perimeter written with StringNotEqualsIfExists (denies even more) fences like StringNotEquals: MANUAL, not FAIL', () => {
    expect(run(RT, rtp(allowStar, denyIf({ StringNotEqualsIfExists: { 'aws:SourceVpc': 'vpc-0abc' } }))).status).toBe('MANUAL');
    expect(run(RT, rtp(allowStar, denyIf({ ArnNotLikeIfExists: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:*` } }))).status).toBe(
      'MANUAL',
    );
  });

  it('a Deny fences only when it applies to everyone and its perimeter values are literal (own accounts for account keys)', () => {
    // Deny to one role only: does not limit the grant to everyone
    const denyRole = denyIf({ StringNotEquals: { 'aws:SourceVpc': 'vpc-0abc' } }, { AWS: `arn:aws:iam::${ACCOUNT}:role/r` });
    expect(run(RT, rtp(allowStar, denyRole)).status).toBe('FAIL');
    expect(run(RT, rtp(allowStar, denyIf({ StringNotEquals: { 'aws:SourceVpc': 'vpc-0abc' } }, { AWS: '*' }))).status).toBe('MANUAL');
    // wildcard / variable perimeter values fence nothing
    expect(run(RT, rtp(allowStar, denyIf({ StringNotLike: { 'aws:SourceVpc': 'vpc-*' } }))).status).toBe('FAIL');
    expect(run(RT, rtp(allowStar, denyIf({ StringNotEquals: { 'aws:SourceVpce': '${aws:SourceVpce}' } }))).status).toBe('FAIL');
    expect(run(RT, rtp(allowStar, denyIf({ StringNotLike: { 'aws:PrincipalAccount': '99999999999?' } }))).status).toBe('FAIL');
    expect(run(RT, rtp(allowStar, denyIf({ StringNotEquals: { 'aws:PrincipalAccount': ACCOUNT } }))).status).toBe('MANUAL');
    // a Deny whose condition list was cut by the parser (more than 50 entries) is not read as a perimeter
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [i === 0 ? 'aws:SourceVpc' : `aws:k${i}`, 'v']));
    expect(run(RT, rtp(allowStar, denyIf({ StringNotEquals: many }))).status).toBe('FAIL');
  });
});

describe('AgentCore resource policies: a Deny perimeter naming other accounts, and trustedAccounts entries that are not account ids', () => {
  const run = (id: string, target: unknown, settings: Record<string, unknown> = {}): CheckOutcome => {
    const check = BEDROCKAGENTCORE_CHECKS.find((c) => c.metadata.id === id);
    if (!check) throw new Error(id);
    const r = check.evaluate(target as never, { graph: new InventoryGraph([target as never], []), now: NOW, settings });
    return (Array.isArray(r) ? r[0] : r) as CheckOutcome;
  };
  const RT = 'bedrockagentcore_runtime_resource_policy_not_public';
  const FOREIGN = '999988887777';
  const allowStar = (Condition?: unknown) => ({
    Effect: 'Allow',
    Principal: '*',
    Action: 'bedrock-agentcore:InvokeAgentRuntime',
    Resource: '*',
    ...(Condition ? { Condition } : {}),
  });
  const denyOutside = (Condition: unknown) => ({ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition });
  const rtp = (...Statement: unknown[]) =>
    withConfig(agentcore.runtime(), { resourcePolicy: parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement })) });

  it('Allow * + a Deny outside the own and another account: MANUAL naming the accounts, not "without any condition", never PASS', () => {
    for (const c of [
      { StringNotEquals: { 'aws:PrincipalAccount': [ACCOUNT, FOREIGN] } },
      { StringNotEquals: { 'aws:PrincipalAccount': FOREIGN } },
      { ArnNotLike: { 'aws:PrincipalArn': [`arn:aws:iam::${ACCOUNT}:*`, `arn:aws:iam::${FOREIGN}:*`] } },
    ]) {
      const o = run(RT, rtp(allowStar(), denyOutside(c)));
      expect(o.status, JSON.stringify(c)).toBe('MANUAL');
      expect(o.reason).toContain(FOREIGN);
      expect(o.reason).toContain('limited by a Deny');
      expect(o.reason).not.toContain('without any condition');
    }
    // the other account trusted: the Deny is a perimeter to known accounts (MANUAL, not evaluated), never PASS
    const trusted = run(RT, rtp(allowStar(), denyOutside({ StringNotEquals: { 'aws:PrincipalAccount': [ACCOUNT, FOREIGN] } })), {
      trustedAccounts: [FOREIGN],
    });
    expect(trusted.status).toBe('MANUAL');
  });

  it("trustedAccounts entries that are not 12-digit account ids ('*', '') never make a grant pass", () => {
    const anyAccount = rtp(allowStar({ StringLike: { 'aws:PrincipalAccount': '*' } }));
    expect(run(RT, anyAccount, { trustedAccounts: ['*'] }).status).toBe('MANUAL');
    const anyBucket = rtp(allowStar({ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::any-bucket-of-anyone' } }));
    expect(run(RT, anyBucket, { trustedAccounts: [''] }).status).toBe('MANUAL');
    const foreignRoot = rtp({ ...allowStar(), Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` } });
    expect(run(RT, foreignRoot, { trustedAccounts: ['', '*'] }).status).toBe('MANUAL');
    expect(run(RT, foreignRoot, { trustedAccounts: [FOREIGN] }).status).toBe('PASS');
  });

  it('trustedAccountIds keeps 12-digit ids only; invalidTrustedAccounts lists the rest (warned at settings load)', () => {
    const settings = { trustedAccounts: [FOREIGN, '*', '', '12345', 123456789012, ` ${FOREIGN}`] };
    expect(trustedAccountIds(settings)).toEqual([FOREIGN]);
    expect(invalidTrustedAccounts(settings)).toEqual(['*', '', '12345', 123456789012, ` ${FOREIGN}`]);
    expect(invalidTrustedAccounts({ trustedAccounts: FOREIGN })).toEqual([FOREIGN]);
    expect(invalidTrustedAccounts({})).toEqual([]);
  });
});

describe('gateway outbound auth: GATEWAY_IAM_ROLE counts only toward AWS service endpoints', () => {
  const OA = 'bedrockagentcore_gateway_target_outbound_auth_configured';
  const run = (target: unknown): CheckOutcome => {
    const check = BEDROCKAGENTCORE_CHECKS.find((c) => c.metadata.id === OA);
    if (!check) throw new Error(OA);
    const r = check.evaluate(target as never, { graph: new InventoryGraph([target as never], []), now: NOW, settings: {} });
    return (Array.isArray(r) ? r[0] : r) as CheckOutcome;
  };
  const gw = (endpoints: string[], endpointsUnread = false, targetType = 'MCP_SERVER') =>
    withConfig(agentcore.gateway('g'), { targets: [gatewayTarget('t', targetType, ['GATEWAY_IAM_ROLE'], { endpoints, endpointsUnread })] });

  it('customer hosts under amazonaws.com (ELB, EC2 public names, API Gateway, RDS, VPC endpoints, S3 websites) are MANUAL, naming the host', () => {
    for (const e of [
      'https://my-alb-123.us-east-1.elb.amazonaws.com',
      'https://internal-my-alb-1.eu-west-1.elb.amazonaws.com',
      'https://ec2-3-4-5-6.compute-1.amazonaws.com',
      'https://ec2-3-4-5-6.us-west-2.compute.amazonaws.com',
      'https://ec2-3-4-5-6.eu-west-1.compute.amazonaws.com',
      'https://abc123.execute-api.us-east-1.amazonaws.com',
      'https://db.abc.us-east-1.rds.amazonaws.com',
      'https://vpce-0abc-xyz.vpce-svc-0123.us-east-1.vpce.amazonaws.com',
      'https://bucket.s3-website-us-east-1.amazonaws.com',
      'https://x.appsync-api.us-east-1.amazonaws.com',
    ]) {
      const o = run(gw([e]));
      expect(o.status, e).toBe('MANUAL');
      expect(o.reason, e).toContain(e);
    }
  });

  it('AWS service endpoints (also <service>[.<region>|.global].api.aws) pass', () => {
    for (const e of [
      'https://bedrock-runtime.us-east-1.amazonaws.com',
      'https://sts.amazonaws.com',
      'https://bedrock-agentcore.us-gov-west-1.amazonaws.com',
      'https://s3.cn-north-1.amazonaws.com.cn',
      'https://my-bucket.s3.us-east-1.amazonaws.com',
      'https://s3.dualstack.eu-west-1.amazonaws.com',
      'https://runtime.sagemaker.us-east-1.amazonaws.com',
      'https://knowledge-mcp.global.api.aws',
      'https://ec2.us-east-1.api.aws',
      'https://STS.AMAZONAWS.COM:443',
    ])
      expect(run(gw([e])).status, e).toBe('PASS');
  });

  it('a Lambda function URL (its AuthType may be NONE, which accepts anyone) is MANUAL, saying so', () => {
    const e = 'https://abcdefghijklmnop.lambda-url.us-east-1.on.aws';
    const o = run(gw([e]));
    expect(o.status).toBe('MANUAL');
    expect(o.reason).toContain(e);
    expect(o.reason).toContain('AuthType');
  });

  it('names under api.aws with a customer label, or more labels than <service>.<region>, are MANUAL', () => {
    for (const e of [
      'https://anything.customer-label.api.aws',
      'https://a.b.us-east-1.api.aws',
      'https://api.aws',
      'https://x_y.us-east-1.api.aws',
    ])
      expect(run(gw([e])).status, e).toBe('MANUAL');
  });

  it('a role-only target whose endpoints were not read (OpenAPI schema in S3) is MANUAL: the host is unknown', () => {
    const o = run(gw([], true, 'OPEN_API_SCHEMA'));
    expect(o.status).toBe('MANUAL');
    expect(o.reason).toContain('endpoints not read');
  });

  it('a non-AWS host stays MANUAL', () => {
    expect(run(gw(['https://mcp.example.com'])).status).toBe('MANUAL');
  });
});
