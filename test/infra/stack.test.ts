import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { MAX_EVENT_PATTERN_CHARS } from '../../infra/constructs/discovery.ts';
import { LAMBDA_RUNTIME } from '../../infra/constructs/function.ts';
import { DISCOVERY_READ_ACTIONS } from '../../infra/policies.ts';
import { TRAIL_EVENT_NAMES } from '../../shared/detectors/cloudtrail.ts';
import { routedEventNames } from '../../shared/discovery/cloudtrail.ts';

const SETTINGS = {
  regions: ['us-east-1', 'eu-west-1'],
  scanSchedule: 'rate(6 hours)',
  slackMinSeverity: 'HIGH',
  invocationLogBuckets: ['acme-bedrock-logs'],
  invocationLogGroup: '/aws/bedrock/modelinvocations',
  reportRetentionDays: 90,
};

function synth(context: Record<string, unknown> = { aispm: SETTINGS }) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  return buildApp(app);
}

describe('AiSpm stack', () => {
  let template: Template;
  let stack: ReturnType<typeof synth>['stack'];
  beforeAll(() => {
    ({ stack } = synth());
    template = Template.fromStack(stack);
  });

  it('passes every cdk-nag AwsSolutions rule (every acknowledgement carries a reason)', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    const unacknowledged = report.violations.map(
      (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`,
    );
    expect(unacknowledged).toEqual([]);
  });

  it('runs every function on the newest Node runtime, arm64, traced, with KMS-encrypted environment', () => {
    const fns = template.findResources('AWS::Lambda::Function');
    const ours = Object.values(fns).filter((f) => (f.Properties.Description ?? '').startsWith('AI-SPM'));
    expect(ours).toHaveLength(5);
    for (const f of ours) {
      expect(f.Properties.Runtime).toBe(LAMBDA_RUNTIME.name);
      expect(f.Properties.Architectures).toEqual(['arm64']);
      expect(f.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(f.Properties.KmsKeyArn).toBeDefined();
    }
    expect(LAMBDA_RUNTIME.name).toBe('nodejs24.x');
  });

  it('keeps state in a KMS-encrypted table with point-in-time recovery and the documented indexes', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS' }),
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'gsi1' }), Match.objectLike({ IndexName: 'gsi2' })],
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('decouples stages with KMS-encrypted SQS queues that all have a DLQ', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    const withDlq = Object.values(queues).filter((q) => q.Properties.RedrivePolicy);
    expect(withDlq.length).toBe(5);
    for (const q of Object.values(queues)) expect(q.Properties.KmsMasterKeyId).toBeDefined();
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 3);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'] });
  });

  it('schedules the full scan with EventBridge Scheduler and refreshes on CloudTrail write events', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(6 hours)', KmsKeyArn: Match.anyValue() });
    const rules = Object.values(template.findResources('AWS::Events::Rule')).map((r) => r.Properties);
    // EventBridge rejects event patterns over 2,048 characters (default quota): every rule must fit.
    for (const r of rules) expect(JSON.stringify(r.EventPattern).length).toBeLessThanOrEqual(MAX_EVENT_PATTERN_CHARS);
    const discoveryNames = new Map<string, Set<string>>();
    for (const r of rules) {
      const d = r.EventPattern?.detail;
      if (
        !r.EventPattern?.['detail-type']?.includes('AWS API Call via CloudTrail') ||
        !d?.eventSource ||
        r.State === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'
      )
        continue;
      for (const n of d.eventName) discoveryNames.set(n, new Set([...(discoveryNames.get(n) ?? []), ...d.eventSource]));
    }
    // Every event the discovery routing table handles reaches the function, from its own event source.
    for (const [src, names] of Object.entries(routedEventNames()))
      for (const n of names) expect(discoveryNames.get(n)?.has(src), `${src} ${n}`).toBe(true);
    for (const n of [
      'DeleteGuardrail',
      'CreateServiceSpecificCredential',
      'CreateNotebookInstance',
      'PutModelInvocationLoggingConfiguration',
    ]) {
      expect(discoveryNames.has(n), n).toBe(true);
    }
    // KMS key-state changes (CMK verdicts) and account-level Block Public Access changes (S3 verdicts) reach discovery
    for (const n of ['DisableKey', 'EnableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion'])
      expect(discoveryNames.get(n)?.has('kms.amazonaws.com'), n).toBe(true);
    for (const n of ['PutAccountPublicAccessBlock', 'DeleteAccountPublicAccessBlock'])
      expect(discoveryNames.get(n)?.has('s3.amazonaws.com'), n).toBe(true);
    // EC2 network changes (exposure of AI instances) reach discovery from ec2.amazonaws.com
    for (const n of [
      'AuthorizeSecurityGroupIngress',
      'RevokeSecurityGroupIngress',
      'ModifySecurityGroupRules',
      'ModifyNetworkInterfaceAttribute',
      'DisassociateAddress',
    ])
      expect(discoveryNames.get(n)?.has('ec2.amazonaws.com'), n).toBe(true);
    expect(discoveryNames.has('UpdateSecurityGroupRuleDescriptionsIngress')).toBe(false);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: ['aws.kms'], detail: Match.objectLike({ eventSource: ['kms.amazonaws.com'] }) }),
    });
    template.hasResourceProperties('AWS::Events::Rule', { State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' });
    // The runtime rule delivers every event name a CloudTrail detector reads (it once missed CreateGuardrail,
    // ListGuardrails, ListInferenceProfiles, PutFoundationModelEntitlement and UpdateServiceSpecificCredential).
    const runtime = rules.filter((r) => r.State === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    expect(runtime).toHaveLength(1);
    expect([...runtime[0].EventPattern.detail.eventName].sort()).toEqual([...TRAIL_EVENT_NAMES]);
    for (const n of ['CreateGuardrail', 'ListGuardrails', 'PutFoundationModelEntitlement', 'UpdateServiceSpecificCredential'])
      expect(TRAIL_EVENT_NAMES, n).toContain(n);
    template.hasResourceProperties('AWS::Events::EventBus', { KmsKeyIdentifier: Match.anyValue() });
    // the analyzer knows its own discovery role: that role's List/Get calls in every region are not reconnaissance
    const fns = Object.values(template.findResources('AWS::Lambda::Function')).map((r) => r.Properties);
    const analyzer = fns.find((f) => f.Description?.includes('runtime analysis'));
    const scanners = JSON.stringify(analyzer?.Environment?.Variables?.SCANNER_PRINCIPALS);
    expect(scanners).toContain(':assumed-role/');
    expect(scanners).toMatch(/DiscoveryDiscover\w*Role/);
  });

  it('reads invocation logs from the configured bucket and log group only', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: ['aws.s3'], detail: Match.objectLike({ bucket: { name: ['acme-bedrock-logs'] } }) }),
    });
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', { LogGroupName: '/aws/bedrock/modelinvocations' });
  });

  it('grants discovery read-only actions only', () => {
    expect(DISCOVERY_READ_ACTIONS.length).toBeGreaterThan(50);
    // Logs Insights StartQuery reads the invocation-log group (models in use); everything else is List/Get/Describe.
    for (const a of DISCOVERY_READ_ACTIONS) expect(a).toMatch(/^[a-z0-9-]+:((List|Get|Describe)[A-Za-z]+|StartQuery)$/);
    expect(DISCOVERY_READ_ACTIONS).not.toContain('secretsmanager:GetSecretValue');
    expect(DISCOVERY_READ_ACTIONS).not.toContain('s3:GetObject');
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    for (const a of DISCOVERY_READ_ACTIONS) expect(policies, a).toContain(`"${a}"`);
  });

  it('writes reports to a KMS-encrypted, versioned, object-locked, access-logged, TLS-only bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 90 } } },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'reports/' }),
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      },
    });
  });

  it('delivers only to its own Security Hub product and keeps the Slack webhook in an encrypted secret', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: Match.anyValue() });
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('securityhub:BatchImportFindings');
    expect(policies).toContain(':product/');
  });
});

describe('multi-account wiring', () => {
  const fnByDescription = (template: Template, prefix: string) =>
    Object.values(template.findResources('AWS::Lambda::Function')).find((f) => f.Properties.Description?.startsWith(prefix))?.Properties;

  it('outputs the ARNs of the discovery and delivery roles (the principals member scan roles trust)', () => {
    const template = Template.fromStack(synth().stack);
    const discover = fnByDescription(template, 'AI-SPM discovery');
    const deliver = fnByDescription(template, 'AI-SPM delivery');
    expect(discover?.Role).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DiscoveryDiscoverRole/), 'Arn'] });
    template.hasOutput('DiscoveryRoleArn', { Value: discover?.Role });
    template.hasOutput('DeliveryRoleArn', { Value: deliver?.Role });
    // without targetExternalId nothing changes in the functions' environment
    expect(discover?.Environment.Variables.TARGET_EXTERNAL_ID).toBeUndefined();
    expect(deliver?.Environment.Variables.TARGET_EXTERNAL_ID).toBeUndefined();
  });

  it('sends targetExternalId when discovery and delivery assume the target roles', () => {
    const target = 'arn:aws:iam::444455556666:role/AispmScanRole';
    const template = Template.fromStack(
      synth({ aispm: { ...SETTINGS, targetRoleArns: [target], targetExternalId: 'aispm-7f3a9c2e' } }).stack,
    );
    for (const prefix of ['AI-SPM discovery', 'AI-SPM delivery']) {
      const vars = fnByDescription(template, prefix)?.Environment.Variables;
      expect(vars.TARGET_ROLE_ARNS, prefix).toBe(target);
      expect(vars.TARGET_EXTERNAL_ID, prefix).toBe('aispm-7f3a9c2e');
    }
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sts:AssumeRole', Resource: target })]) },
    });
  });

  /** The sts:AssumeRole resources of the role of the function whose description starts with `prefix`. */
  const assumable = (template: Template, prefix: string) => {
    const role = fnByDescription(template, prefix)?.Role['Fn::GetAtt'][0];
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role),
    );
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement) as { Action: unknown; Resource: unknown }[];
    return statements
      .filter((s) => [s.Action].flat().includes('sts:AssumeRole'))
      .flatMap((s) => [s.Resource].flat())
      .sort();
  };

  it('delivery assumes only the member import roles (targetImportRoleName), discovery only the scan roles', () => {
    const targets = ['arn:aws:iam::444455556666:role/AispmScanRole', 'arn:aws:iam::777788889999:role/AispmScanRole'];
    const template = Template.fromStack(
      synth({
        aispm: { ...SETTINGS, targetRoleArns: targets, targetImportRoleName: 'AispmImportRole', targetExternalId: 'aispm-7f3a9c2e' },
      }).stack,
    );
    expect(assumable(template, 'AI-SPM discovery')).toEqual(targets);
    expect(assumable(template, 'AI-SPM delivery')).toEqual([
      'arn:aws:iam::444455556666:role/AispmImportRole',
      'arn:aws:iam::777788889999:role/AispmImportRole',
    ]);
    const deliver = fnByDescription(template, 'AI-SPM delivery')?.Environment.Variables;
    expect(deliver).toMatchObject({
      TARGET_ROLE_ARNS: targets.join(','),
      TARGET_IMPORT_ROLE_NAME: 'AispmImportRole',
      TARGET_EXTERNAL_ID: 'aispm-7f3a9c2e',
    });
    // discovery needs no import role
    expect(fnByDescription(template, 'AI-SPM discovery')?.Environment.Variables.TARGET_IMPORT_ROLE_NAME).toBeUndefined();
  });

  it('without targetImportRoleName, delivery keeps assuming the target roles (older member stacks)', () => {
    const target = 'arn:aws:iam::444455556666:role/AispmScanRole';
    const template = Template.fromStack(synth({ aispm: { ...SETTINGS, targetRoleArns: [target] } }).stack);
    expect(assumable(template, 'AI-SPM delivery')).toEqual([target]);
    expect(fnByDescription(template, 'AI-SPM delivery')?.Environment.Variables.TARGET_IMPORT_ROLE_NAME).toBeUndefined();
  });
});

describe('events forwarded from member accounts and other regions', () => {
  const TARGETS = ['arn:aws:iam::444455556666:role/AispmScanRole', 'arn:aws:iam::777788889999:role/AispmScanRole'];
  type RuleProps = { EventBusName?: unknown; EventPattern: Record<string, unknown>; Targets: { Arn: unknown }[] };
  const rules = (template: Template) =>
    Object.entries(template.findResources('AWS::Events::Rule')).map(([id, r]) => ({ id, ...(r.Properties as RuleProps) }));
  const busId = (template: Template) => {
    const [id] = Object.entries(template.findResources('AWS::Events::EventBus')).find(([, r]) =>
      String(r.Properties.Description).includes('forwarded'),
    ) as [string, unknown];
    return id;
  };

  it('receives them on a KMS-encrypted bus of its own, with the same patterns as the default-bus rules, into discovery', () => {
    const { stack } = synth({ aispm: { ...SETTINGS, targetRoleArns: TARGETS } });
    const template = Template.fromStack(stack);
    const bus = busId(template);
    template.hasResourceProperties('AWS::Events::EventBus', {
      KmsKeyIdentifier: Match.anyValue(),
      Description: Match.stringLikeRegexp('forwarded'),
    });
    template.hasOutput('ForwardedEventsBusArn', { Value: { 'Fn::GetAtt': [bus, 'Arn'] } });
    const all = rules(template);
    const onBus = all.filter((r) => JSON.stringify(r.EventBusName) === JSON.stringify({ Ref: bus }));
    const own = all.filter((r) => r.id.startsWith('DiscoveryCloudTrailChanges'));
    expect(onBus.length).toBe(own.length);
    expect(onBus.length).toBeGreaterThan(5);
    // the same slices of the routing table (one source: infra/event-patterns.ts), plus the `$or` that skips this
    // account's own region (those events already come through the default bus)
    const strip = (p: Record<string, unknown>) => JSON.stringify({ ...p, $or: undefined });
    expect(onBus.map((r) => strip(r.EventPattern)).sort()).toEqual(own.map((r) => strip(r.EventPattern)).sort());
    for (const r of onBus) {
      expect(r.EventPattern.$or).toEqual([
        { account: [{ 'anything-but': { Ref: 'AWS::AccountId' } }] },
        { region: [{ 'anything-but': { Ref: 'AWS::Region' } }] },
      ]);
      // with the account id and the longest region name in place of the tokens, still within EventBridge's limit
      const rendered = JSON.stringify(r.EventPattern)
        .replace('{"Ref":"AWS::AccountId"}', '"123456789012"')
        .replace('{"Ref":"AWS::Region"}', '"ap-southeast-4"');
      expect(rendered.length).toBeLessThanOrEqual(MAX_EVENT_PATTERN_CHARS);
    }
    // every routed event name reaches discovery from the forwarded bus too
    const names = new Set(onBus.flatMap((r) => (r.EventPattern.detail as { eventName: string[] }).eventName));
    for (const n of Object.values(routedEventNames()).flat()) expect(names.has(n), n).toBe(true);
    const discover = Object.entries(template.findResources('AWS::Lambda::Function')).find(([, f]) =>
      f.Properties.Description?.startsWith('AI-SPM discovery'),
    )?.[0];
    for (const r of onBus) expect(r.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [discover, 'Arn'] } })]);
    // the function knows its own account: the only one it refreshes with its own role when no targets are set
    const vars = Object.values(template.findResources('AWS::Lambda::Function')).find((f) =>
      f.Properties.Description?.startsWith('AI-SPM discovery'),
    )?.Properties.Environment.Variables;
    expect(vars.DEPLOYMENT_ACCOUNT_ID).toEqual({ Ref: 'AWS::AccountId' });
  });

  it('admits PutEvents from no other account by default', () => {
    const template = Template.fromStack(synth().stack);
    template.resourceCountIs('AWS::Events::EventBusPolicy', 0);
  });

  it('admits PutEvents only from the configured accounts / organization, and only from their forwarder rules', () => {
    const { stack } = synth({
      aispm: {
        ...SETTINGS,
        targetRoleArns: TARGETS,
        forwardedEventAccounts: ['444455556666', '777788889999'],
        forwardedEventOrganizationId: 'o-a1b2c3d4e5',
      },
    });
    const template = Template.fromStack(stack);
    const bus = busId(template);
    const policies = Object.values(template.findResources('AWS::Events::EventBusPolicy')).map((p) => p.Properties);
    expect(policies).toHaveLength(2);
    const fromRules = {
      'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:*:*:rule/aispm-forward-*']] },
    };
    for (const p of policies) {
      expect(p.EventBusName).toEqual({ Ref: bus });
      expect(p.Statement).toMatchObject({ Effect: 'Allow', Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': [bus, 'Arn'] } });
      expect(p.Statement.Condition.ArnLike).toEqual(fromRules);
    }
    const accounts = policies.find((p) => p.Statement.Sid.includes('MemberAccounts'))?.Statement;
    const principals = [accounts.Principal.AWS].flat().map((a: { 'Fn::Join': [string, unknown[]] }) => a['Fn::Join'][1].at(-1));
    expect(principals.sort()).toEqual([':iam::444455556666:root', ':iam::777788889999:root']);
    expect(accounts.Condition.StringEquals).toBeUndefined();
    const org = policies.find((p) => p.Statement.Sid.includes('Organization'))?.Statement;
    expect(org.Principal).toEqual({ AWS: '*' });
    expect(org.Condition.StringEquals).toEqual({ 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' });
    // the system's own bus (AI-SPM Finding, Scan Completed) admits nobody else
    const own = Object.keys(template.findResources('AWS::Events::EventBus')).find((id) => id !== bus);
    for (const p of policies) expect(p.EventBusName).not.toEqual({ Ref: own });
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });
});

describe('configuration errors stop the synth naming the setting', () => {
  for (const [bad, setting] of [
    [{ forwardedEventAccounts: ['444455556666'] }, 'forwardedEventAccounts[0]'],
    [{ targetRoleArns: ['arn:aws:iam::444455556666:role/AispmScanRole'], forwardedEventAccounts: ['4444'] }, 'forwardedEventAccounts[0]'],
    [
      { targetRoleArns: ['arn:aws:iam::444455556666:role/AispmScanRole'], forwardedEventOrganizationId: 'org-1' },
      'forwardedEventOrganizationId',
    ],
    [{ forwardedEventOrganizationId: 'o-a1b2c3d4e5' }, 'forwardedEventOrganizationId'],
    [{ regions: ['us-east-1', 'mars-1'] }, 'regions'],
    [{ scanSchedule: 'every day' }, 'scanSchedule'],
    [{ identityAllowlist: ['bad value with spaces'] }, 'identityAllowlist[0]'],
    [{ targetExternalId: 'aispm-7f3a9c2e' }, 'targetExternalId'],
    [{ targetImportRoleName: 'AispmImportRole' }, 'targetImportRoleName'],
  ] as const) {
    it(`${setting}`, () => {
      expect(() => synth({ aispm: bad })).toThrowError(
        new RegExp(`AI-SPM configuration error: invalid setting '${setting.replace(/[[\]]/g, '\\$&')}`),
      );
    });
  }
});
