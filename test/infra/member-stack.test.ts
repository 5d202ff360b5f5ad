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

type TrustStatement = { Action: string; Principal: { AWS: string | string[] }; Condition?: Record<string, Record<string, string>> };
type PolicyStatementJson = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };

/** The role named `name` in the template, with its trust and inline policy statements. */
function role(template: Template, name: string) {
  const found = Object.values(template.findResources('AWS::IAM::Role')).filter((r) => r.Properties.RoleName === name);
  expect(found).toHaveLength(1);
  const props = found[0].Properties;
  return {
    trust: props.AssumeRolePolicyDocument.Statement as TrustStatement[],
    statements: props.Policies.flatMap(
      (p: { PolicyDocument: { Statement: unknown[] } }) => p.PolicyDocument.Statement,
    ) as PolicyStatementJson[],
  };
}

const actions = (s: PolicyStatementJson) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
// One statement per principal, or one for all with `@aws-cdk/aws-iam:minimizePolicies` (cdk.json): compare the union.
const principals = (statements: TrustStatement[]) => statements.flatMap((s) => [s.Principal.AWS].flat()).sort();

const BOTH = { discoveryPrincipalArns: [DISCOVERY_ROLE], deliveryPrincipalArns: [DELIVERY_ROLE] };

describe('AiSpmMember stack', () => {
  let member: AiSpmMemberStack;
  let template: Template;
  beforeAll(() => {
    ({ member } = synth(BOTH) as { member: AiSpmMemberStack });
    template = Template.fromStack(member);
  });

  it('is not part of the default app (no aispmMember context)', () => {
    const { app, member: none } = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
    expect(none).toBeUndefined();
    expect(app.node.children.filter((c) => c instanceof AiSpmMemberStack)).toEqual([]);
  });

  it('creates two roles, AispmScanRole and AispmImportRole by default, with 1-hour sessions', () => {
    template.resourceCountIs('AWS::IAM::Role', 2);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'AispmScanRole', MaxSessionDuration: 3600 });
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'AispmImportRole', MaxSessionDuration: 3600 });
    template.hasOutput('ScanRoleArn', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ScanRole'), 'Arn'] } });
    template.hasOutput('ImportRoleArn', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ImportRole'), 'Arn'] } });
  });

  it("the scan role grants exactly the scan policy's read-only actions on *, and nothing of Security Hub", () => {
    const { statements } = role(template, 'AispmScanRole');
    for (const s of statements) {
      expect(s.Effect).toBe('Allow');
      expect(s.Resource).toBe('*');
    }
    const all = statements.flatMap(actions);
    expect([...new Set(all)].sort()).toEqual(scanPolicyActions());
    expect(all).not.toContain('secretsmanager:GetSecretValue');
    expect(all).not.toContain('s3:GetObject');
    expect(all.filter((a) => a.startsWith('securityhub:'))).toEqual([]);
  });

  it('the import role grants only Security Hub import into its own default product', () => {
    const { statements } = role(template, 'AispmImportRole');
    expect(statements).toHaveLength(1);
    expect(statements[0].Effect).toBe('Allow');
    expect(actions(statements[0])).toEqual(['securityhub:BatchImportFindings']);
    // arn:<partition>:securityhub:<region>:<this account>:product/<this account>/default, from pseudo parameters
    // (one template for every member account, e.g. a StackSet)
    expect(statements[0].Resource).toEqual({
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
  });

  it('the scan role trusts only the discovery principals, the import role only the delivery principals, no external id by default', () => {
    const scan = role(template, 'AispmScanRole').trust;
    const imp = role(template, 'AispmImportRole').trust;
    expect(principals(scan)).toEqual([DISCOVERY_ROLE]);
    expect(principals(imp)).toEqual([DELIVERY_ROLE]);
    for (const s of [...scan, ...imp]) {
      expect(s.Action).toBe('sts:AssumeRole');
      expect(s.Condition).toBeUndefined();
    }
  });

  it('requires sts:ExternalId on both roles when externalId is given; role names are configurable', () => {
    const { member: m } = synth({
      ...BOTH,
      externalId: 'aispm-7f3a9c2e',
      roleName: 'OrgAiSpmScan',
      importRoleName: 'OrgAiSpmImport',
    });
    const t = Template.fromStack(m as AiSpmMemberStack);
    for (const [name, principal] of [
      ['OrgAiSpmScan', DISCOVERY_ROLE],
      ['OrgAiSpmImport', DELIVERY_ROLE],
    ]) {
      const { trust } = role(t, name);
      expect(principals(trust)).toEqual([principal]);
      for (const s of trust) {
        expect(s.Action).toBe('sts:AssumeRole');
        expect(s.Condition).toEqual({ StringEquals: { 'sts:ExternalId': 'aispm-7f3a9c2e' } });
      }
    }
  });

  it('keeps each trust to a single statement under the minimizePolicies flag the CLI synth uses (cdk.json)', () => {
    const { member: m } = synth(
      {
        discoveryPrincipalArns: [DISCOVERY_ROLE, `${DISCOVERY_ROLE}-2`],
        deliveryPrincipalArns: [DELIVERY_ROLE],
        externalId: 'aispm-7f3a9c2e',
      },
      { '@aws-cdk/aws-iam:minimizePolicies': true },
    );
    const t = Template.fromStack(m as AiSpmMemberStack);
    for (const name of ['AispmScanRole', 'AispmImportRole']) {
      const { trust } = role(t, name);
      expect(trust).toHaveLength(1);
      expect(trust[0].Condition).toEqual({ StringEquals: { 'sts:ExternalId': 'aispm-7f3a9c2e' } });
    }
  });

  it("stops the synth when a rendered trust policy exceeds IAM's default 2,048 characters", () => {
    const ten = Array.from({ length: 10 }, (_, i) => `${DISCOVERY_ROLE}-${i}`);
    // ten ~90-character ARNs fit when minimized into one statement...
    const ok = synth(
      { discoveryPrincipalArns: ten, deliveryPrincipalArns: [DELIVERY_ROLE] },
      { '@aws-cdk/aws-iam:minimizePolicies': true },
    );
    expect(() => ok.app.synth()).not.toThrow();
    // ...but not with a long external id (STS accepts 1,224 characters), nor one statement per principal
    const longId = synth(
      { discoveryPrincipalArns: ten, deliveryPrincipalArns: [DELIVERY_ROLE], externalId: 'x'.repeat(1224) },
      { '@aws-cdk/aws-iam:minimizePolicies': true },
    );
    expect(() => longId.app.synth()).toThrowError(/trust policy of ScanRole renders to \d+ characters, above IAM's default quota of 2048/);
    const unminimized = synth(
      { discoveryPrincipalArns: ten, deliveryPrincipalArns: [DELIVERY_ROLE], externalId: 'aispm-7f3a9c2e' },
      { '@aws-cdk/aws-iam:minimizePolicies': false },
    );
    expect(() => unminimized.app.synth()).toThrowError(/trust policy of ScanRole renders to \d+ characters/);
  });

  it('imports findings into the configured Security Hub region', () => {
    const { member: m } = synth(JSON.stringify({ ...BOTH, securityHubRegion: 'eu-west-1' }));
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
    expect(Object.keys(json.Resources)).toHaveLength(2);
    // small enough for `--template-body` (51,200 bytes), so neither cdk deploy nor a StackSet needs an S3 upload
    expect(JSON.stringify(json, null, 1).length).toBeLessThan(51_200 / 2);
    const { app } = synth(BOTH);
    const artifact = app.synth().getStackByName('AiSpmMember');
    expect(artifact.assumeRoleArn).toBeUndefined();
    expect(artifact.cloudFormationExecutionRoleArn).toBeUndefined();
    expect(artifact.stackTemplateAssetObjectUrl).toBeUndefined();
  });
});

describe('member configuration errors stop the synth naming the setting', () => {
  const D = { discoveryPrincipalArns: [DISCOVERY_ROLE] };
  for (const [bad, setting] of [
    [{}, 'discoveryPrincipalArns'],
    [{ discoveryPrincipalArns: [], deliveryPrincipalArns: [DELIVERY_ROLE] }, 'discoveryPrincipalArns'],
    [D, 'deliveryPrincipalArns'],
    [{ ...D, deliveryPrincipalArns: [] }, 'deliveryPrincipalArns'],
    // the single role trusted by both principals is gone: the old key is refused, not silently mapped
    [{ trustedPrincipalArns: [DISCOVERY_ROLE, DELIVERY_ROLE] }, 'trustedPrincipalArns'],
    [{ discoveryPrincipalArns: ['arn:aws:iam::111122223333:role/*'], deliveryPrincipalArns: [DELIVERY_ROLE] }, 'discoveryPrincipalArns[0]'],
    [{ ...D, deliveryPrincipalArns: [DELIVERY_ROLE, 'arn:aws:iam::12:role/x'] }, 'deliveryPrincipalArns[1]'],
    [{ ...D, deliveryPrincipalArns: 'arn:aws:iam::111122223333:user/alice' }, 'deliveryPrincipalArns[0]'],
    [{ ...D, deliveryPrincipalArns: Array.from({ length: 11 }, (_, i) => `${DELIVERY_ROLE}${i}`) }, 'deliveryPrincipalArns'],
    [{ ...BOTH, roleName: 'has space' }, 'roleName'],
    [{ ...BOTH, roleName: 'x'.repeat(65) }, 'roleName'],
    [{ ...BOTH, importRoleName: 'a/b' }, 'importRoleName'],
    [{ ...BOTH, importRoleName: 'aispmscanrole' }, 'importRoleName'],
    [{ ...BOTH, externalId: 'x' }, 'externalId'],
    [{ ...BOTH, externalId: 'no spaces allowed' }, 'externalId'],
    [{ ...BOTH, securityHubRegion: 'mars-1' }, 'securityHubRegion'],
    [{ ...BOTH, trustedPrincipals: [] }, 'trustedPrincipals'],
  ] as const) {
    it(`${JSON.stringify(bad).slice(0, 100)} -> ${setting}`, () => {
      expect(() => synth(bad)).toThrowError(
        new RegExp(`AI-SPM member configuration error \\(aispmMember\\): invalid setting '${setting.replace(/[[\]]/g, '\\$&')}'`),
      );
    });
  }

  it('rejects context that is not a JSON object', () => {
    expect(() => synth('{"discoveryPrincipalArns": [')).toThrowError(
      /AI-SPM member configuration error \(aispmMember\): expected a JSON object/,
    );
    expect(() => synth('[]')).toThrowError(/aispmMember\): expected a JSON object/);
  });
});
