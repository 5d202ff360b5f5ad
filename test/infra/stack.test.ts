import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { AiSpmStack } from '../../infra/stack.ts';
import { parseSettings } from '../../shared/config/settings.ts';
import { MAX_EVENT_PATTERN_CHARS } from '../../infra/constructs/discovery.ts';
import { LAMBDA_RUNTIME } from '../../infra/constructs/function.ts';
import { DISCOVERY_READ_ACTIONS } from '../../infra/policies.ts';
import { TRAIL_EVENT_NAMES } from '../../shared/detectors/cloudtrail.ts';
import { DEFAULT_TRAIL_CLAIM_TTL_SECONDS } from '../../shared/pipeline/analyze.ts';
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
    expect(withDlq.length).toBe(6);
    for (const q of Object.values(queues)) expect(q.Properties.KmsMasterKeyId).toBeDefined();
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 4);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'] });
  });

  it('reads CloudTrail events from a queue of their own in large batches gathered over a window', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    const [trailId, trail] = Object.entries(queues).find(([id]) => /^LogAnalysisTrailQueue[0-9A-F]{8}$/.test(id)) ?? [];
    expect(trailId).toBeDefined();
    expect(trail?.Properties.RedrivePolicy).toBeDefined();
    expect(trail?.Properties.KmsMasterKeyId).toBeDefined();
    expect(trail?.Properties.MessageRetentionPeriod).toBe(4 * 24 * 3600);
    const fns = Object.entries(template.findResources('AWS::Lambda::Function'));
    const [analyzerId, analyzer] = fns.find(([, f]) => f.Properties.Description?.includes('runtime analysis')) ?? [];
    const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).find(
      (m) => JSON.stringify(m.Properties.EventSourceArn) === JSON.stringify({ 'Fn::GetAtt': [trailId, 'Arn'] }),
    )?.Properties;
    expect(mapping).toMatchObject({
      FunctionName: { Ref: analyzerId },
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 120,
      ScalingConfig: { MaximumConcurrency: 2 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // visibility timeout >= 6x the function timeout + the batching window (AWS guidance)
    expect(trail?.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * analyzer?.Properties.Timeout + 120);
    // the short claim of a CloudTrail event outlives one invocation and expires before a re-delivery
    expect(DEFAULT_TRAIL_CLAIM_TTL_SECONDS).toBeGreaterThan(analyzer?.Properties.Timeout);
    expect(DEFAULT_TRAIL_CLAIM_TTL_SECONDS).toBeLessThan(trail?.Properties.VisibilityTimeout);
    // EventBridge may send to it only from this account's runtime rules, in one conditioned statement
    const runtimeRules = Object.entries(template.findResources('AWS::Events::Rule'))
      .filter(([, r]) => JSON.stringify(r.Properties.Targets ?? []).includes(trailId as string))
      .map(([id]) => id);
    expect(runtimeRules.length).toBeGreaterThanOrEqual(1);
    const policy = Object.values(template.findResources('AWS::SQS::QueuePolicy')).find(
      (p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: trailId }]),
    );
    const fromEvents = policy?.Properties.PolicyDocument.Statement.filter(
      (st: { Principal?: { Service?: string } }) => st.Principal?.Service === 'events.amazonaws.com',
    );
    expect(fromEvents).toHaveLength(1);
    expect(fromEvents[0].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnEquals: { 'aws:SourceArn': runtimeRules.map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })) },
    });
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
    // a group's policy changes and renames reach discovery under the IAM source (its members are re-read)
    for (const n of ['PutGroupPolicy', 'DeleteGroupPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy', 'UpdateGroup'])
      expect(discoveryNames.get(n)?.has('iam.amazonaws.com'), n).toBe(true);
    // KMS key-state changes (CMK verdicts) and account-level Block Public Access changes (S3 verdicts) reach discovery
    for (const n of [
      'DisableKey',
      'EnableKey',
      'ScheduleKeyDeletion',
      'CancelKeyDeletion',
      'ConnectCustomKeyStore',
      'DisconnectCustomKeyStore',
    ])
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
      'ReleaseAddress',
      'DetachNetworkInterface',
      'DetachVolume',
    ])
      expect(discoveryNames.get(n)?.has('ec2.amazonaws.com'), n).toBe(true);
    // nothing a check judges: egress rules, rule descriptions, EBS encryption by default (evidence only) and its key
    for (const n of [
      'UpdateSecurityGroupRuleDescriptionsIngress',
      'AuthorizeSecurityGroupEgress',
      'RevokeSecurityGroupEgress',
      'EnableEbsEncryptionByDefault',
      'DisableEbsEncryptionByDefault',
      'ModifyEbsDefaultKmsKeyId',
      'ResetEbsDefaultKmsKeyId',
    ])
      expect(discoveryNames.has(n), n).toBe(false);
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
    // and the accounts delivery can import into (CloudTrail events of other accounts are dropped)
    expect(analyzer?.Environment?.Variables).toHaveProperty('TARGET_ROLE_ARNS');
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
    for (const a of DISCOVERY_READ_ACTIONS) expect(a).toMatch(/^[a-z0-9-]+:((List|Get|Describe)[A-Za-z0-9]+|StartQuery)$/);
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
  const FORWARDING = { ...SETTINGS, targetRoleArns: TARGETS, forwardedEventAccounts: ['444455556666'] };
  type RuleProps = { Name?: string; EventBusName?: unknown; EventPattern: Record<string, unknown>; Targets: { Arn: unknown }[] };
  const rules = (template: Template) =>
    Object.entries(template.findResources('AWS::Events::Rule')).map(([id, r]) => ({ id, ...(r.Properties as RuleProps) }));
  const busId = (template: Template) =>
    Object.entries(template.findResources('AWS::Events::EventBus')).find(([, r]) =>
      String(r.Properties.Description).includes('forwarded'),
    )?.[0];
  /** (source, eventSource, eventName) triples a set of rules matches. */
  const matched = (rs: RuleProps[]) =>
    rs
      .flatMap((r) => {
        const d = r.EventPattern.detail as { eventSource: string[]; eventName: string[] };
        return d.eventName.map((n) => `${JSON.stringify(r.EventPattern.source)} ${d.eventSource[0]} ${n}`);
      })
      .sort();

  it('creates no forwarded-events bus, rule, policy or output unless forwarding is configured', () => {
    const template = Template.fromStack(synth({ aispm: { ...SETTINGS, targetRoleArns: TARGETS } }).stack);
    expect(busId(template)).toBeUndefined();
    expect(rules(template).filter((r) => r.id.startsWith('DiscoveryForwarded'))).toEqual([]);
    template.resourceCountIs('AWS::Events::EventBusPolicy', 0);
    expect(template.findOutputs('ForwardedEventsBusArn')).toEqual({});
    // each forwarding setting alone creates it (forwardedEventOwnAccount: the deployment account's other regions)
    for (const extra of [
      { forwardedEventAccounts: ['444455556666'] },
      { forwardedEventOrganizationId: 'o-a1b2c3d4e5' },
      { forwardedEventOwnAccount: true },
    ]) {
      const t = Template.fromStack(synth({ aispm: { ...SETTINGS, targetRoleArns: TARGETS, ...extra } }).stack);
      expect(busId(t), JSON.stringify(extra)).toBeDefined();
      t.hasOutput('ForwardedEventsBusArn', { Value: { 'Fn::GetAtt': [busId(t), 'Arn'] } });
    }
  });

  it('receives them on a KMS-encrypted bus with its own dead-letter queue; the rules filter unknown accounts before discovery', () => {
    const { stack } = synth({ aispm: FORWARDING });
    const template = Template.fromStack(stack);
    const bus = busId(template) as string;
    template.hasResourceProperties('AWS::Events::EventBus', {
      KmsKeyIdentifier: Match.anyValue(),
      Description: Match.stringLikeRegexp('forwarded'),
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DiscoveryForwardedEventsBusDlq'), 'Arn'] } },
    });
    const [dlq] = Object.keys(template.findResources('AWS::SQS::Queue')).filter((id) => id.startsWith('DiscoveryForwardedEventsBusDlq'));
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
    expect(template.findResources('AWS::SQS::Queue')[dlq].Properties.KmsMasterKeyId).toBeDefined();
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: dlq }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [bus, 'Arn'] } } },
          }),
        ]),
      },
    });
    const all = rules(template);
    const onBusAll = all.filter((r) => JSON.stringify(r.EventBusName) === JSON.stringify({ Ref: bus }));
    const onBus = onBusAll.filter((r) => r.id.startsWith('DiscoveryForwarded'));
    const own = all.filter((r) => r.id.startsWith('DiscoveryCloudTrailChanges'));
    expect(onBus.length).toBeGreaterThanOrEqual(own.length);
    // the same events as the default-bus rules (one source: infra/event-patterns.ts), sliced to leave room for the
    // account filter and the `$or` that skips this account's own region (those come through the default bus)
    expect(matched(onBus)).toEqual(matched(own));
    for (const r of onBus) {
      expect(r.EventPattern.account).toEqual(['444455556666', '777788889999', { Ref: 'AWS::AccountId' }]);
      expect(r.EventPattern.$or).toEqual([
        { account: [{ 'anything-but': { Ref: 'AWS::AccountId' } }] },
        { region: [{ 'anything-but': { Ref: 'AWS::Region' } }] },
      ]);
      expect(render(r.EventPattern).length).toBeLessThanOrEqual(MAX_EVENT_PATTERN_CHARS);
    }
    const names = new Set(onBus.flatMap((r) => (r.EventPattern.detail as { eventName: string[] }).eventName));
    for (const n of Object.values(routedEventNames()).flat()) expect(names.has(n), n).toBe(true);
    const discover = Object.entries(template.findResources('AWS::Lambda::Function')).find(([, f]) =>
      f.Properties.Description?.startsWith('AI-SPM discovery'),
    )?.[0];
    for (const r of onBus) expect(r.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [discover, 'Arn'] } })]);
    // the runtime analyzer's CloudTrail events: the same pattern as its own default-bus rule (one source:
    // runtimeTrailPatterns), the same account filter and `$or`, the same state (read-only calls), to the analyze queue
    const forwardedRuntime = onBusAll.filter((r) => r.id.startsWith('LogAnalysisForwardedBedrockControlPlane'));
    expect(onBusAll.length).toBe(onBus.length + forwardedRuntime.length);
    const ownRuntime = all.filter((r) => r.id.startsWith('LogAnalysisBedrockControlPlane'));
    expect(forwardedRuntime).toHaveLength(1);
    expect(ownRuntime).toHaveLength(1);
    const [fr] = forwardedRuntime;
    const { account, $or, ...pattern } = fr.EventPattern;
    expect(pattern).toEqual(ownRuntime[0].EventPattern);
    expect([...(pattern.detail as { eventName: string[] }).eventName].sort()).toEqual([...TRAIL_EVENT_NAMES]);
    expect(account).toEqual(['444455556666', '777788889999', { Ref: 'AWS::AccountId' }]);
    expect($or).toEqual([
      { account: [{ 'anything-but': { Ref: 'AWS::AccountId' } }] },
      { region: [{ 'anything-but': { Ref: 'AWS::Region' } }] },
    ]);
    expect(render(fr.EventPattern).length).toBeLessThanOrEqual(MAX_EVENT_PATTERN_CHARS);
    const ruleProps = (id: string) => template.findResources('AWS::Events::Rule')[id].Properties;
    expect(ruleProps(fr.id).State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    expect(ruleProps(ownRuntime[0].id).State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    expect(fr.Name).toEqual(expect.stringMatching(/-forwarded-runtime-1$/));
    // the same target as the central account's own rule: the analyze queue, which the analyze-logs function consumes
    expect(fr.Targets).toEqual(ownRuntime[0].Targets);
    // the CloudTrail events' queue (read in large batches), not the analyze queue of the log objects
    const [analyzeQueue] = (fr.Targets[0].Arn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
    expect(analyzeQueue).toMatch(/^LogAnalysisTrailQueue/);
    const analyzer = Object.entries(template.findResources('AWS::Lambda::Function')).find(([, f]) =>
      f.Properties.Description?.includes('runtime analysis'),
    )?.[0];
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [analyzeQueue, 'Arn'] },
      FunctionName: { Ref: analyzer },
    });
    const vars = Object.values(template.findResources('AWS::Lambda::Function')).find((f) =>
      f.Properties.Description?.startsWith('AI-SPM discovery'),
    )?.Properties.Environment.Variables;
    expect(vars.DEPLOYMENT_ACCOUNT_ID).toEqual({ Ref: 'AWS::AccountId' });
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });

  it('drops the account filter (with a warning) when the target accounts do not fit a pattern', () => {
    const many = Array.from({ length: 60 }, (_, i) => `arn:aws:iam::${String(100000000000 + i)}:role/AispmScanRole`);
    const { stack } = synth({ aispm: { ...SETTINGS, targetRoleArns: many, forwardedEventOrganizationId: 'o-a1b2c3d4e5' } });
    const template = Template.fromStack(stack);
    const onBus = rules(template).filter((r) => r.id.startsWith('DiscoveryForwarded'));
    expect(onBus.length).toBeGreaterThan(0);
    for (const r of onBus) expect(r.EventPattern.account).toBeUndefined();
    expect(onBus.some((r) => r.id.startsWith('LogAnalysisForwardedBedrockControlPlane'))).toBe(false);
    const runtime = rules(template).filter((r) => r.id.startsWith('LogAnalysisForwardedBedrockControlPlane'));
    expect(runtime).toHaveLength(1);
    for (const r of runtime) expect(r.EventPattern.account).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('do not fit an event pattern'));
  });

  // Checks the policy's structure only: whether EventBridge's cross-account delivery as the forwarder role satisfies
  // these conditions has not been verified against a real deployment (README, Event forwarding).
  it('bus policy (structure): the configured accounts / organization, as forwarder roles, with CloudTrail aws.* events only', () => {
    const { stack } = synth({
      aispm: { ...FORWARDING, forwardedEventAccounts: ['444455556666', '777788889999'], forwardedEventOrganizationId: 'o-a1b2c3d4e5' },
    });
    const template = Template.fromStack(stack);
    const bus = busId(template);
    const policies = Object.values(template.findResources('AWS::Events::EventBusPolicy')).map((p) => p.Properties);
    expect(policies).toHaveLength(2);
    for (const p of policies) {
      expect(p.EventBusName).toEqual({ Ref: bus });
      expect(p.Statement).toMatchObject({ Effect: 'Allow', Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': [bus, 'Arn'] } });
      expect(p.Statement.Condition.ArnLike).toEqual({
        'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/aispm-forward-*']] },
      });
      // not aws:SourceArn: the aws:Source* keys are present only when a service principal calls directly
      expect(JSON.stringify(p.Statement.Condition)).not.toContain('aws:Source');
      expect(p.Statement.Condition['ForAllValues:StringLike']).toEqual({ 'events:source': ['aws.*'] });
      // fail closed: ForAllValues holds for an absent key, so the key must be present (Null false)
      expect(p.Statement.Condition.Null).toEqual({ 'events:source': 'false' });
      // StringEquals on a single-valued key does not match when it is absent: no Null needed, no set operator used
      expect(Object.keys(p.Statement.Condition).sort()).toEqual(['ArnLike', 'ForAllValues:StringLike', 'Null', 'StringEquals']);
      expect(p.Statement.Condition.StringEquals['events:detail-type']).toBe('AWS API Call via CloudTrail');
    }
    const accounts = policies.find((p) => p.Statement.Sid.includes('MemberAccounts'))?.Statement;
    const principals = [accounts.Principal.AWS].flat().map((a: { 'Fn::Join': [string, unknown[]] }) => a['Fn::Join'][1].at(-1));
    expect(principals.sort()).toEqual([':iam::444455556666:root', ':iam::777788889999:root']);
    expect(accounts.Condition.StringEquals['aws:PrincipalOrgID']).toBeUndefined();
    const org = policies.find((p) => p.Statement.Sid.includes('Organization'))?.Statement;
    expect(org.Principal).toEqual({ AWS: '*' });
    expect(org.Condition.StringEquals['aws:PrincipalOrgID']).toBe('o-a1b2c3d4e5');
    // the system's own bus (AI-SPM Finding, Scan Completed) admits nobody else
    const own = Object.keys(template.findResources('AWS::Events::EventBus')).find((id) => id !== bus);
    for (const p of policies) expect(p.EventBusName).not.toEqual({ Ref: own });
    // the deployment account's own forwarders need no statement (their role's policy grants PutEvents)
    const self = Template.fromStack(synth({ aispm: { ...SETTINGS, forwardedEventOwnAccount: true } }).stack);
    self.resourceCountIs('AWS::Events::EventBusPolicy', 0);
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });
});

/**
 * A CloudFormation value rendered as deployed, pessimistically: pseudo parameters and resource references replaced by
 * long realistic values (GovCloud partition, the longest region name, names and ARNs at their usual maximum).
 */
function render(value: unknown, template?: Template): string {
  return JSON.stringify(renderValue(value, template));
}

/** `render` without the final JSON.stringify. Given the template, an event bus's Ref is its name (as deployed). */
function renderValue(value: unknown, template?: Template): unknown {
  const buses = template?.findResources('AWS::Events::EventBus') ?? {};
  const r = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(r);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ('Ref' in o) {
        const ref = String(o.Ref);
        return (
          { 'AWS::AccountId': '123456789012', 'AWS::Region': 'ap-southeast-4', 'AWS::Partition': 'aws-us-gov' }[ref] ??
          (typeof buses[ref]?.Properties?.Name === 'string' ? buses[ref].Properties.Name : undefined) ??
          `AiSpm-${ref}-ABCDEFGHIJKL`.slice(0, 80)
        );
      }
      if ('Fn::GetAtt' in o) {
        const [id] = o['Fn::GetAtt'] as [string];
        return `arn:aws-us-gov:service:ap-southeast-4:123456789012:resource/AiSpm-${id}-ABCDEFGHIJKLMNOP`;
      }
      if ('Fn::Join' in o) {
        const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
        return parts.map((p) => String(r(p))).join(sep);
      }
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, r(x)]));
    }
    return v;
  };
  return r(value);
}

describe('resource policy limits, in every configuration (default and each forwarding option)', () => {
  const targets = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:iam::${String(100000000000 + i)}:role/AispmScanRole`);
  const configs: Record<string, Record<string, unknown>> = {
    default: {},
    'own account': { forwardedEventOwnAccount: true },
    accounts: { targetRoleArns: targets(3), forwardedEventAccounts: ['100000000000', '100000000001'] },
    organization: { targetRoleArns: targets(3), forwardedEventOrganizationId: 'o-a1b2c3d4e5' },
    'all, at the account-filter limit': {
      targetRoleArns: targets(36),
      forwardedEventAccounts: targets(36).map((a) => a.split(':')[4]),
      forwardedEventOrganizationId: 'o-a1b2c3d4e5',
      forwardedEventOwnAccount: true,
    },
    'all, beyond it': { targetRoleArns: targets(80), forwardedEventOrganizationId: 'o-a1b2c3d4e5', forwardedEventOwnAccount: true },
  };
  const FORWARDER = { centralBusArn: 'arn:aws:events:us-east-1:111122223333:event-bus/AiSpmForwardedEventsBus', regions: ['us-east-1'] };
  for (const [name, extra] of Object.entries(configs)) {
    it(name, () => {
      const { stack, forwarders } = synth({ aispm: { ...SETTINGS, ...extra }, aispmForwarder: FORWARDER });
      for (const s of [stack, ...forwarders]) {
        const template = Template.fromStack(s);
        // SQS: at most 20 statements and 8,192 bytes per queue policy
        for (const [id, q] of Object.entries(template.findResources('AWS::SQS::QueuePolicy'))) {
          const doc = q.Properties.PolicyDocument;
          expect(doc.Statement.length, `${s.stackName}/${id}`).toBeLessThanOrEqual(20);
          expect(render(doc, template).length, `${s.stackName}/${id}`).toBeLessThanOrEqual(8_192);
        }
        // Lambda: a function's resource policy (one statement per AWS::Lambda::Permission) within 20 KB
        const perFunction = new Map<string, number>();
        for (const [id, p] of Object.entries(template.findResources('AWS::Lambda::Permission'))) {
          const props = p.Properties;
          const statement = {
            Sid: `${s.stackName}-${id}-ABCDEFGHIJKL`,
            Effect: 'Allow',
            Principal: { Service: props.Principal },
            Action: props.Action,
            Resource: props.FunctionName,
            Condition: {
              ...(props.SourceAccount ? { StringEquals: { 'AWS:SourceAccount': props.SourceAccount } } : {}),
              ...(props.SourceArn ? { ArnLike: { 'AWS:SourceArn': props.SourceArn } } : {}),
            },
          };
          const fn = JSON.stringify(props.FunctionName);
          perFunction.set(fn, (perFunction.get(fn) ?? 0) + render(statement).length + 1);
        }
        for (const [fn, bytes] of perFunction) expect(bytes + 60, `${s.stackName} ${fn}`).toBeLessThanOrEqual(20 * 1024);
      }
    });
  }
});

/**
 * The failures queue's single EventBridge statement against the rules that use the queue as their targets' dead-letter
 * queue: returns the ARNs the statement admits and the rendered ARNs of those rules (`rule/<name>` on the default bus,
 * `rule/<bus name>/<name>` on another).
 */
function failuresDeadLetters(template: Template) {
  const [queue] = Object.keys(template.findResources('AWS::SQS::Queue')).filter((id) => id.startsWith('FailuresQueue'));
  expect(queue).toBeDefined();
  const policy = Object.values(template.findResources('AWS::SQS::QueuePolicy')).find(
    (p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: queue }]),
  );
  const fromEvents = policy?.Properties.PolicyDocument.Statement.filter(
    (st: { Principal?: { Service?: string } }) => st.Principal?.Service === 'events.amazonaws.com',
  );
  // ONE statement for every rule (SQS: at most 20 statements per queue policy)
  expect(fromEvents).toHaveLength(1);
  const [statement] = fromEvents;
  expect(statement).toMatchObject({ Sid: 'EventBridgeRuleDeadLetters', Effect: 'Allow', Action: 'sqs:SendMessage' });
  expect(statement.Condition.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
  expect(Object.keys(statement.Condition).sort()).toEqual(['ArnEquals', 'StringEquals']);
  const admitted = (renderValue(statement.Condition.ArnEquals['aws:SourceArn'], template) as string[]).sort();
  const arn = renderValue({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':rule/']],
  });
  const rules = Object.values(template.findResources('AWS::Events::Rule'))
    .map((r) => r.Properties)
    .filter((r) =>
      (r.Targets ?? []).some(
        (t: { DeadLetterConfig?: { Arn: unknown } }) =>
          JSON.stringify(t.DeadLetterConfig?.Arn) === JSON.stringify({ 'Fn::GetAtt': [queue, 'Arn'] }),
      ),
    );
  const users = rules.map((r) => `${arn}${r.EventBusName ? `${renderValue(r.EventBusName, template)}/` : ''}${r.Name}`).sort();
  return { admitted, users, rules };
}

describe('the failures queue admits dead letters from exactly the rules that use it (one statement)', () => {
  const TARGETS = ['arn:aws:iam::444455556666:role/AispmScanRole'];
  for (const [name, extra] of Object.entries({
    default: {},
    forwarding: { targetRoleArns: TARGETS, forwardedEventAccounts: ['444455556666'] },
  })) {
    it(name, () => {
      const template = Template.fromStack(synth({ aispm: { ...SETTINGS, ...extra } }).stack);
      const { admitted, users, rules } = failuresDeadLetters(template);
      expect(users).toEqual(admitted);
      // every rule is named (an unnamed rule's ARN is not known in advance) and no ARN has a wildcard
      for (const r of rules) expect(r.Name).toMatch(/^[A-Za-z0-9._-]+$/);
      for (const a of admitted) expect(a).not.toMatch(/[*?]/);
      // the default-bus CloudTrail rules, the report rule on the system bus, and (forwarding) the forwarded-events rules
      expect(admitted.filter((a) => /:rule\/AiSpm-cloudtrail-\d+$/.test(a)).length).toBeGreaterThan(1);
      expect(admitted.filter((a) => /:rule\/AiSpmInventoryBus\w+\/AiSpm-after-full-scan$/.test(a))).toHaveLength(1);
      const forwarded = admitted.filter((a) => /:rule\/AiSpmDiscoveryForwardedEventsBus\w+\/AiSpm-forwarded-\d+$/.test(a));
      if (name === 'forwarding') expect(forwarded.length).toBeGreaterThan(1);
      else expect(forwarded).toEqual([]);
    });
  }

  it('a 128-character stack name: rule names within 64 characters, the policy within the SQS limits', () => {
    const targets = Array.from({ length: 36 }, (_, i) => `arn:aws:iam::${String(100000000000 + i)}:role/AispmScanRole`);
    const settings = parseSettings({
      ...SETTINGS,
      // the most rules: forwarding with the longest account filter
      targetRoleArns: targets,
      forwardedEventAccounts: targets.map((a) => a.split(':')[4]),
      forwardedEventOrganizationId: 'o-a1b2c3d4e5',
      forwardedEventOwnAccount: true,
    });
    const stackName = `AiSpm-${'x'.repeat(122)}`;
    expect(stackName).toHaveLength(128);
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new AiSpmStack(app, stackName, { settings });
    const template = Template.fromStack(stack);
    const names = Object.values(template.findResources('AWS::Events::Rule')).map((r) => r.Properties.Name as string | undefined);
    for (const n of names.filter((x) => x !== undefined)) {
      expect(n.length, n).toBeLessThanOrEqual(64);
      expect(n).toMatch(/^AiSpm-x{25}-[0-9a-f]{8}-/);
    }
    const { admitted, users } = failuresDeadLetters(template);
    expect(users).toEqual(admitted);
    // the forwarded-events bus's name (in its rules' ARNs) grows with the stack's construct id
    expect(admitted.some((a) => a.includes(`${stackName.replace(/-/g, '')}DiscoveryForwardedEventsBus`))).toBe(true);
    for (const q of Object.values(template.findResources('AWS::SQS::QueuePolicy'))) {
      expect(q.Properties.PolicyDocument.Statement.length).toBeLessThanOrEqual(20);
      expect(render(q.Properties.PolicyDocument, template).length).toBeLessThanOrEqual(8_192);
    }
  });
});

describe('with the feature flags of cdk.json (as `cdk synth` runs)', () => {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));

  it('EventBridge may send to the analyze queue only for rules of this account (eventsTargetQueueSameAccount)', () => {
    expect(cdkJson.context['@aws-cdk/aws-events:eventsTargetQueueSameAccount']).toBe(true);
    const template = Template.fromStack(synth({ ...cdkJson.context, aispm: SETTINGS }).stack);
    const [analyze] = Object.keys(template.findResources('AWS::SQS::Queue')).filter((id) => /^AnalyzeQueue[0-9A-F]{8}$/.test(id));
    expect(analyze).toBeDefined();
    // the rules that target it (invocation-log objects; the Bedrock control plane has the CloudTrail events' queue)
    const targeting = Object.values(template.findResources('AWS::Events::Rule')).filter((r) =>
      JSON.stringify(r.Properties.Targets).includes(JSON.stringify({ 'Fn::GetAtt': [analyze, 'Arn'] })),
    );
    expect(targeting.length).toBeGreaterThanOrEqual(1);
    const policy = Object.values(template.findResources('AWS::SQS::QueuePolicy')).find(
      (p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: analyze }]),
    );
    const fromEvents = policy?.Properties.PolicyDocument.Statement.filter(
      (st: { Principal?: { Service?: string } }) => st.Principal?.Service === 'events.amazonaws.com',
    );
    expect(fromEvents.length).toBeGreaterThan(0);
    for (const st of fromEvents) {
      expect(st.Effect).toBe('Allow');
      expect(st.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });
    }
    // no queue admits EventBridge without a condition
    for (const p of Object.values(template.findResources('AWS::SQS::QueuePolicy')))
      for (const st of p.Properties.PolicyDocument.Statement)
        if (st.Principal?.Service) expect(st.Condition, JSON.stringify(st)).toBeDefined();
  });

  it('the runtime rules (own and forwarded-events bus) reach the CloudTrail queue, admitted by ARN and account', () => {
    const forwarding = {
      ...SETTINGS,
      targetRoleArns: ['arn:aws:iam::444455556666:role/AispmScanRole'],
      forwardedEventAccounts: ['444455556666'],
    };
    const template = Template.fromStack(synth({ ...cdkJson.context, aispm: forwarding }).stack);
    const [trail] = Object.keys(template.findResources('AWS::SQS::Queue')).filter((id) => /^LogAnalysisTrailQueue[0-9A-F]{8}$/.test(id));
    const rules = Object.entries(template.findResources('AWS::Events::Rule'));
    const forwarded = rules.filter(([id]) => id.startsWith('LogAnalysisForwardedBedrockControlPlane'));
    const own = rules.filter(([id]) => /^LogAnalysisBedrockControlPlane[0-9A-F]{8}$/.test(id));
    expect(forwarded).toHaveLength(1);
    expect(own).toHaveLength(1);
    const [, rule] = forwarded[0];
    expect(rule.Properties.EventBusName).toEqual({ Ref: expect.stringMatching(/^DiscoveryForwardedEventsBus/) });
    expect(rule.Properties.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [trail, 'Arn'] } })]);
    expect(own[0][1].Properties.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [trail, 'Arn'] } })]);
    // both rules are this account's (the forwarded one on its forwarded-events bus): one statement, this account,
    // exactly these two rules
    const policy = Object.values(template.findResources('AWS::SQS::QueuePolicy')).find(
      (p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: trail }]),
    );
    const fromEvents = policy?.Properties.PolicyDocument.Statement.filter(
      (st: { Principal?: { Service?: string } }) => st.Principal?.Service === 'events.amazonaws.com',
    );
    expect(fromEvents).toHaveLength(1);
    expect(fromEvents[0].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnEquals: { 'aws:SourceArn': [own[0][0], forwarded[0][0]].map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })) },
    });
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
    [{ forwardedEventOwnAccount: 'yes' }, 'forwardedEventOwnAccount'],
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
