import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { AiSpmMemberStack } from '../../infra/member-stack.ts';

const DISCOVERY_ROLE = 'arn:aws:iam::111122223333:role/AiSpm-DiscoveryDiscoverRole1A2B3C4D-AbCdEf123456';
const DELIVERY_ROLE = 'arn:aws:iam::111122223333:role/AiSpm-DeliveryDeliverRole5E6F7A8B-GhIjKl789012';

function synth(member: unknown, extra: Record<string, unknown> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], aispmMember: member, ...extra } });
  return buildApp(app);
}

/** The scan's read-only actions, straight from the documented policy (not through infra/policies.ts). */
function scanPolicyActions(): string[] {
  const doc = JSON.parse(readFileSync('docs/iam-scan-policy.json', 'utf8')) as { Statement: { Action: string | string[] }[] };
  return [...new Set(doc.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])))].sort();
}

function trustStatements(template: Template) {
  const roles = Object.values(template.findResources('AWS::IAM::Role'));
  expect(roles).toHaveLength(1);
  return roles[0].Properties.AssumeRolePolicyDocument.Statement as {
    Action: string;
    Principal: { AWS: string | string[] };
    Condition?: Record<string, Record<string, string>>;
  }[];
}

describe('AiSpmMember stack', () => {
  let member: AiSpmMemberStack;
  let template: Template;
  beforeAll(() => {
    ({ member } = synth({ trustedPrincipalArns: [DISCOVERY_ROLE, DELIVERY_ROLE] }) as { member: AiSpmMemberStack });
    template = Template.fromStack(member);
  });

  it('is not part of the default app (no aispmMember context)', () => {
    const { app, member: none } = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
    expect(none).toBeUndefined();
    expect(app.node.children.filter((c) => c instanceof AiSpmMemberStack)).toEqual([]);
  });

  it('creates one role, named AispmScanRole by default, with 1-hour sessions', () => {
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'AispmScanRole', MaxSessionDuration: 3600 });
    template.hasOutput('ScanRoleArn', { Value: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } });
  });

  it("grants exactly the scan policy's read-only actions on * plus Security Hub import into its own default product", () => {
    const role = Object.values(template.findResources('AWS::IAM::Role'))[0];
    const statements = role.Properties.Policies.flatMap(
      (p: { PolicyDocument: { Statement: unknown[] } }) => p.PolicyDocument.Statement,
    ) as { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown }[];
    const actions = (s: (typeof statements)[number]) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
    for (const s of statements) expect(s.Effect).toBe('Allow');

    const wildcard = statements.filter((s) => s.Resource === '*');
    expect([...new Set(wildcard.flatMap(actions))].sort()).toEqual(scanPolicyActions());

    const scoped = statements.filter((s) => s.Resource !== '*');
    expect(scoped.flatMap(actions)).toEqual(['securityhub:BatchImportFindings']);
    // arn:<partition>:securityhub:<region>:<this account>:product/<this account>/default, from pseudo parameters
    // (one template for every member account, e.g. a StackSet)
    expect(scoped[0].Resource).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':securityhub:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':product/',
          { Ref: 'AWS::AccountId' },
          '/default',
        ],
      ],
    });
    const all = statements.flatMap(actions);
    expect(all).not.toContain('secretsmanager:GetSecretValue');
    expect(all).not.toContain('s3:GetObject');
    expect(all.filter((a) => a.startsWith('securityhub:'))).toEqual(['securityhub:BatchImportFindings']);
  });

  // One statement per principal, or one for all with `@aws-cdk/aws-iam:minimizePolicies` (cdk.json): compare the union.
  const principals = (statements: ReturnType<typeof trustStatements>) => statements.flatMap((s) => [s.Principal.AWS].flat()).sort();

  it('trusts exactly the given principals, with no external id unless one is configured', () => {
    const statements = trustStatements(template);
    expect(principals(statements)).toEqual([DELIVERY_ROLE, DISCOVERY_ROLE].sort());
    for (const s of statements) {
      expect(s.Action).toBe('sts:AssumeRole');
      expect(s.Condition).toBeUndefined();
    }
  });

  it('requires sts:ExternalId when externalId is given', () => {
    const { member: m } = synth({
      trustedPrincipalArns: [DISCOVERY_ROLE, DELIVERY_ROLE],
      externalId: 'aispm-7f3a9c2e',
      roleName: 'OrgAiSpmScan',
    });
    const t = Template.fromStack(m as AiSpmMemberStack);
    const statements = trustStatements(t);
    expect(principals(statements)).toEqual([DELIVERY_ROLE, DISCOVERY_ROLE].sort());
    for (const s of statements) {
      expect(s.Action).toBe('sts:AssumeRole');
      expect(s.Condition).toEqual({ StringEquals: { 'sts:ExternalId': 'aispm-7f3a9c2e' } });
    }
    t.hasResourceProperties('AWS::IAM::Role', { RoleName: 'OrgAiSpmScan' });
  });

  it('keeps the trust to a single statement under the minimizePolicies flag the CLI synth uses (cdk.json)', () => {
    const { member: m } = synth(
      { trustedPrincipalArns: [DISCOVERY_ROLE, DELIVERY_ROLE], externalId: 'aispm-7f3a9c2e' },
      { '@aws-cdk/aws-iam:minimizePolicies': true },
    );
    const statements = trustStatements(Template.fromStack(m as AiSpmMemberStack));
    expect(statements).toHaveLength(1);
    expect(statements[0].Condition).toEqual({ StringEquals: { 'sts:ExternalId': 'aispm-7f3a9c2e' } });
  });

  it('imports findings into the configured Security Hub region', () => {
    const { member: m } = synth(JSON.stringify({ trustedPrincipalArns: [DISCOVERY_ROLE], securityHubRegion: 'eu-west-1' }));
    expect(JSON.stringify(Template.fromStack(m as AiSpmMemberStack).toJSON())).toContain(':securityhub:eu-west-1:');
  });

  it('passes every cdk-nag AwsSolutions rule (every acknowledgement carries a reason)', () => {
    const report = new AwsSolutionsChecks().validateScope(member);
    const unacknowledged = report.violations.map(
      (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`,
    );
    expect(unacknowledged).toEqual([]);
  });

  it('synthesizes a plain template: no bootstrap version parameter or rule, no CDK metadata resource', () => {
    const json = template.toJSON();
    expect(json.Parameters).toBeUndefined();
    expect(json.Rules).toBeUndefined();
    expect(Object.keys(json.Resources)).toHaveLength(1);
    // small enough for `--template-body` (51,200 bytes), so neither cdk deploy nor a StackSet needs an S3 upload
    expect(JSON.stringify(json, null, 1).length).toBeLessThan(51_200 / 2);
    const { app } = synth({ trustedPrincipalArns: [DISCOVERY_ROLE] });
    const artifact = app.synth().getStackByName('AiSpmMember');
    expect(artifact.assumeRoleArn).toBeUndefined();
    expect(artifact.cloudFormationExecutionRoleArn).toBeUndefined();
    expect(artifact.stackTemplateAssetObjectUrl).toBeUndefined();
  });
});

describe('member configuration errors stop the synth naming the setting', () => {
  for (const [bad, setting] of [
    [{}, 'trustedPrincipalArns'],
    [{ trustedPrincipalArns: [] }, 'trustedPrincipalArns'],
    [{ trustedPrincipalArns: ['arn:aws:iam::111122223333:role/*'] }, 'trustedPrincipalArns[0]'],
    [{ trustedPrincipalArns: [DISCOVERY_ROLE, 'arn:aws:iam::12:role/x'] }, 'trustedPrincipalArns[1]'],
    [{ trustedPrincipalArns: 'arn:aws:iam::111122223333:user/alice' }, 'trustedPrincipalArns[0]'],
    [{ trustedPrincipalArns: Array.from({ length: 11 }, (_, i) => `${DISCOVERY_ROLE}${i}`) }, 'trustedPrincipalArns'],
    [{ trustedPrincipalArns: [DISCOVERY_ROLE], roleName: 'has space' }, 'roleName'],
    [{ trustedPrincipalArns: [DISCOVERY_ROLE], roleName: 'x'.repeat(65) }, 'roleName'],
    [{ trustedPrincipalArns: [DISCOVERY_ROLE], externalId: 'x' }, 'externalId'],
    [{ trustedPrincipalArns: [DISCOVERY_ROLE], externalId: 'no spaces allowed' }, 'externalId'],
    [{ trustedPrincipalArns: [DISCOVERY_ROLE], securityHubRegion: 'mars-1' }, 'securityHubRegion'],
    [{ trustedPrincipalArns: [DISCOVERY_ROLE], trustedPrincipals: [] }, 'trustedPrincipals'],
  ] as const) {
    it(`${JSON.stringify(bad).slice(0, 100)} -> ${setting}`, () => {
      expect(() => synth(bad)).toThrowError(
        new RegExp(`AI-SPM member configuration error \\(aispmMember\\): invalid setting '${setting.replace(/[[\]]/g, '\\$&')}'`),
      );
    });
  }

  it('rejects context that is not a JSON object', () => {
    expect(() => synth('{"trustedPrincipalArns": [')).toThrowError(
      /AI-SPM member configuration error \(aispmMember\): expected a JSON object/,
    );
    expect(() => synth('[]')).toThrowError(/aispmMember\): expected a JSON object/);
  });
});
