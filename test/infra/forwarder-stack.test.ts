import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { CLOUDTRAIL_DETAIL_TYPE, FORWARDER_RULE_PREFIX, MAX_EVENT_PATTERN_CHARS, RUNTIME_RULE_STATE } from '../../infra/event-patterns.ts';
import { AiSpmForwarderStack } from '../../infra/forwarder-stack.ts';
import { TRAIL_EVENT_NAMES } from '../../shared/detectors/cloudtrail.ts';
import { routedEventNames } from '../../shared/discovery/cloudtrail.ts';

const BUS = 'arn:aws:events:us-east-1:111122223333:event-bus/AiSpmDiscoveryForwardedEventsBusCBB315DB';
const FORWARDER = { centralBusArn: BUS, regions: ['us-east-1', 'eu-west-1'] };

function synth(forwarder: unknown, extra: Record<string, unknown> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], aispmForwarder: forwarder, ...extra } });
  return buildApp(app);
}

/** The central stack's CloudTrail rules on its default bus (discovery's, or the runtime analyzer's), for comparison. */
function centralPatterns(prefix = 'DiscoveryCloudTrailChanges') {
  const { stack } = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
  return Object.entries(Template.fromStack(stack).findResources('AWS::Events::Rule'))
    .filter(([id]) => id.startsWith(prefix))
    .map(([, r]) => r.Properties.EventPattern as Record<string, unknown>);
}

/** A forwarder rule's pattern without its account and region pins (checked to be this account and region). */
function unpin(r: RuleProps): string {
  const { account, region, ...rest } = r.EventPattern;
  // loop safety: only events that originate in this account and region; one forwarded from elsewhere is never sent on
  expect(account).toEqual([{ Ref: 'AWS::AccountId' }]);
  expect(region).toEqual([{ Ref: 'AWS::Region' }]);
  return JSON.stringify(rest);
}

const RUNTIME_PREFIX = `${FORWARDER_RULE_PREFIX}runtime-`;

type RuleProps = { Name: string; State: string; EventPattern: Record<string, unknown>; Targets: { Arn: unknown; RoleArn: unknown }[] };

describe('AiSpmForwarder stacks', () => {
  let forwarders: AiSpmForwarderStack[];
  let template: Template;
  /** Every rule of the forwarder; `rules` the discovery ones, `runtime` the runtime analyzer's. */
  let all: RuleProps[];
  let rules: RuleProps[];
  let runtime: RuleProps[];
  beforeAll(() => {
    ({ forwarders } = synth(FORWARDER));
    template = Template.fromStack(forwarders[0]);
    all = Object.values(template.findResources('AWS::Events::Rule')).map((r) => r.Properties as RuleProps);
    rules = all.filter((r) => !r.Name.startsWith(RUNTIME_PREFIX));
    runtime = all.filter((r) => r.Name.startsWith(RUNTIME_PREFIX));
  });

  it('is not part of the default app; one stack per region, pinned to that region', () => {
    expect(buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } })).forwarders).toEqual([]);
    expect(forwarders.map((f) => f.stackName)).toEqual(['AiSpmForwarder-us-east-1', 'AiSpmForwarder-eu-west-1']);
    expect(forwarders.map((f) => f.region)).toEqual(['us-east-1', 'eu-west-1']);
  });

  it('forwards exactly the central default-bus rule set, each pattern pinned to this account and region', () => {
    // the forwarder's rules, with the pins removed, are the central stack's default-bus rules (compared as synthesized,
    // so a forwarder built from other patterns, or a central stack that changed its own, fails here)
    const unpinned = rules.map(unpin);
    const central = centralPatterns().map((p) => JSON.stringify(p));
    expect(central.length).toBeGreaterThan(5);
    expect(unpinned.sort()).toEqual(central.sort());
    const names = new Set(rules.flatMap((r) => (r.EventPattern.detail as { eventName: string[] }).eventName));
    for (const n of Object.values(routedEventNames()).flat()) expect(names.has(n), n).toBe(true);
    // e.g. the detachments, Elastic IP releases and custom key store (dis)connections of member accounts and regions
    for (const n of ['ReleaseAddress', 'DetachNetworkInterface', 'DetachVolume', 'ConnectCustomKeyStore', 'DisconnectCustomKeyStore'])
      expect(names.has(n), n).toBe(true);
    // the group policy changes and group renames of member accounts (IAM: us-east-1), under the IAM source
    const iamNames = new Set(
      rules.flatMap((r) =>
        (r.EventPattern.detail as { eventSource: string[] }).eventSource.includes('iam.amazonaws.com')
          ? (r.EventPattern.detail as { eventName: string[] }).eventName
          : [],
      ),
    );
    for (const n of ['PutGroupPolicy', 'DeleteGroupPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy', 'UpdateGroup'])
      expect(iamNames.has(n), n).toBe(true);
    for (const r of rules) {
      expect(r.State).toBe('ENABLED');
      const rendered = JSON.stringify(r.EventPattern)
        .replace('{"Ref":"AWS::AccountId"}', '"123456789012"')
        .replace('{"Ref":"AWS::Region"}', '"ap-southeast-4"');
      expect(rendered.length).toBeLessThanOrEqual(MAX_EVENT_PATTERN_CHARS);
    }
  });

  it("forwards exactly the central runtime analyzer's CloudTrail rule set, pinned, read-only events included", () => {
    // the runtime analyzer's pattern (infra/event-patterns.ts runtimeTrailPatterns) as the central default-bus rule has it
    const central = centralPatterns('LogAnalysisBedrockControlPlane').map((p) => JSON.stringify(p));
    expect(central).toHaveLength(1);
    expect(runtime.map(unpin).sort()).toEqual(central.sort());
    // every event name a CloudTrail detector reads, from Bedrock and IAM (Bedrock API keys), as CloudTrail API calls
    expect(runtime.flatMap((r) => (r.EventPattern.detail as { eventName: string[] }).eventName).sort()).toEqual([...TRAIL_EVENT_NAMES]);
    for (const r of runtime) {
      expect(r.EventPattern.source).toEqual(['aws.bedrock', 'aws.iam']);
      // the detail type the central bus policy requires (events:detail-type): read-only calls have it too
      expect(r.EventPattern['detail-type']).toEqual([CLOUDTRAIL_DETAIL_TYPE]);
      // reconnaissance is List*/Get*: a plain ENABLED rule would never receive it
      expect(r.State).toBe(RUNTIME_RULE_STATE);
      const rendered = JSON.stringify(r.EventPattern)
        .replace('{"Ref":"AWS::AccountId"}', '"123456789012"')
        .replace('{"Ref":"AWS::Region"}', '"ap-southeast-4"');
      expect(rendered.length).toBeLessThanOrEqual(MAX_EVENT_PATTERN_CHARS);
    }
  });

  it('sends to the central bus only, with one role, named as the central bus policy expects', () => {
    const roles = template.findResources('AWS::IAM::Role');
    expect(Object.keys(roles)).toHaveLength(1);
    const [roleId] = Object.keys(roles);
    const [dlq] = Object.keys(template.findResources('AWS::SQS::Queue'));
    expect(rules.map((r) => r.Name)).toEqual(rules.map((_, i) => `${FORWARDER_RULE_PREFIX}${i + 1}`));
    expect(runtime.map((r) => r.Name)).toEqual(runtime.map((_, i) => `${RUNTIME_PREFIX}${i + 1}`));
    for (const r of all)
      expect(r.Targets).toEqual([
        { Arn: BUS, Id: 'Target0', RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] }, DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } } },
      ]);
  });

  it('its role: trusted by EventBridge only, events:PutEvents on the central bus only', () => {
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    const props = Object.values(template.findResources('AWS::IAM::Role'))[0].Properties;
    // a fixed name per region: the central bus policy admits role/aispm-forward-* (aws:PrincipalArn)
    expect(props.RoleName).toEqual({ 'Fn::Join': ['', ['aispm-forward-', { Ref: 'AWS::Region' }]] });
    // confused deputy: EventBridge may assume it only for this account's forwarder rules of this region
    expect(props.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: {
            'aws:SourceArn': {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':events:',
                  { Ref: 'AWS::Region' },
                  ':',
                  { Ref: 'AWS::AccountId' },
                  ':rule/aispm-forward-*',
                ],
              ],
            },
          },
        },
      },
    ]);
    expect(props.ManagedPolicyArns).toBeUndefined();
    expect(props.Policies).toEqual([
      {
        PolicyName: 'AispmForward',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Sid: 'PutOnCentralBus', Effect: 'Allow', Action: 'events:PutEvents', Resource: BUS }],
        },
      },
    ]);
  });

  it('keeps refused or expired deliveries in a KMS-encrypted, TLS-only dead-letter queue (one policy statement for all rules)', () => {
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const [key] = Object.keys(template.findResources('AWS::KMS::Key'));
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] } });
    // the key policy lets EventBridge use the key only for this account's forwarder rules (confused deputy), with the
    // same conditions as the role's trust policy
    const keyStatements = template.findResources('AWS::KMS::Key')[key].Properties.KeyPolicy.Statement;
    const forEvents = keyStatements.filter((st: { Principal: { Service?: string } }) => st.Principal.Service === 'events.amazonaws.com');
    expect(forEvents).toHaveLength(1);
    const trust = Object.values(template.findResources('AWS::IAM::Role'))[0].Properties.AssumeRolePolicyDocument.Statement[0];
    expect(forEvents[0].Condition).toEqual(trust.Condition);
    expect(forEvents[0].Condition.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
    expect(JSON.stringify(forEvents[0].Condition.ArnLike['aws:SourceArn'])).toContain(':rule/aispm-forward-*');
    // every other statement is the account's own (key administration), none for another principal
    for (const st of keyStatements.filter((x: unknown) => x !== forEvents[0])) expect(st.Principal.Service).toBeUndefined();
    const [policy] = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(statements[1]).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    // exactly this stack's rules (default bus), no wildcard: not any rule named aispm-forward-*
    expect(Object.keys(statements[1].Condition).sort()).toEqual(['ArnEquals', 'StringEquals']);
    const admitted = statements[1].Condition.ArnEquals['aws:SourceArn'].map((a: { 'Fn::Join': [string, unknown[]] }) =>
      (a['Fn::Join'][1].at(-1) as string).split(':').at(-1),
    );
    const rules = Object.values(template.findResources('AWS::Events::Rule')).map((r) => `rule/${r.Properties.Name}`);
    expect(admitted.sort()).toEqual(rules.sort());
    expect(rules.length).toBeGreaterThan(1);
    for (const r of Object.values(template.findResources('AWS::Events::Rule')))
      expect(r.Properties.Targets[0].DeadLetterConfig.Arn).toEqual({
        'Fn::GetAtt': [Object.keys(template.findResources('AWS::SQS::Queue'))[0], 'Arn'],
      });
    template.hasOutput('DeadLetterQueueUrl', {});
  });

  it('passes every cdk-nag AwsSolutions rule (the dead-letter queue acknowledged as one)', () => {
    for (const f of forwarders) expect(new AwsSolutionsChecks().validateScope(f).violations).toEqual([]);
  });

  it('warns at synth when IAM events will not be forwarded (no us-east-1) and on unverified cross-region partitions', () => {
    const { forwarders: eu } = synth({ centralBusArn: BUS, regions: ['eu-west-1'] });
    Annotations.fromStack(eu[0]).hasWarning('*', Match.stringLikeRegexp('has no us-east-1: IAM events'));
    Annotations.fromStack(forwarders[0]).hasNoWarning('*', Match.stringLikeRegexp('IAM events'));
    const cn = 'arn:aws-cn:events:cn-north-1:111122223333:event-bus/AiSpmForwardedEventsBus';
    const { forwarders: china } = synth({ centralBusArn: cn, regions: ['cn-north-1', 'cn-northwest-1'] });
    Annotations.fromStack(china[1]).hasWarning('*', Match.stringLikeRegexp('not verified in the aws-cn partition'));
    Annotations.fromStack(china[0]).hasNoWarning('*', Match.stringLikeRegexp('not verified'));
  });

  it('synthesizes one plain template for every region (StackSet-ready: no bootstrap parameter, rule, role or asset)', () => {
    const { app } = synth(FORWARDER);
    const assembly = app.synth();
    const [a, b] = ['AiSpmForwarder-us-east-1', 'AiSpmForwarder-eu-west-1'].map((n) => assembly.getStackByName(n));
    const plain = (t: { Resources: Record<string, { Metadata?: unknown }> }) =>
      JSON.stringify({
        ...t,
        Resources: Object.fromEntries(Object.entries(t.Resources).map(([k, v]) => [k, { ...v, Metadata: undefined }])),
      });
    expect(plain(a.template)).toBe(plain(b.template));
    for (const artifact of [a, b]) {
      expect(artifact.template.Parameters).toBeUndefined();
      expect(artifact.template.Rules).toBeUndefined();
      expect(artifact.assumeRoleArn).toBeUndefined();
      expect(artifact.cloudFormationExecutionRoleArn).toBeUndefined();
      expect(artifact.stackTemplateAssetObjectUrl).toBeUndefined();
      expect(artifact.assets).toEqual([]);
      expect(JSON.stringify(artifact.template, null, 1).length).toBeLessThan(51_200);
    }
  });
});

describe('forwarder configuration errors stop the synth naming the setting', () => {
  for (const [bad, setting] of [
    [{ regions: ['us-east-1'] }, 'centralBusArn'],
    [{ centralBusArn: 'arn:aws:sqs:us-east-1:111122223333:queue', regions: ['us-east-1'] }, 'centralBusArn'],
    [{ centralBusArn: 'arn:aws:events:us-east-1:111122223333:event-bus/default', regions: ['us-east-1'] }, 'centralBusArn'],
    [{ centralBusArn: BUS }, 'regions'],
    [{ centralBusArn: BUS, regions: [] }, 'regions'],
    [{ centralBusArn: BUS, regions: ['us-east-1', 'mars-1'] }, 'regions[1]'],
    [{ ...FORWARDER, accounts: ['444455556666'] }, 'accounts'],
    [{ centralBusArn: BUS, regions: ['us-east-1', 'cn-north-1'] }, 'regions[1]'],
    [{ centralBusArn: BUS.replace('arn:aws:', 'arn:aws-cn:'), regions: ['us-east-1'] }, 'centralBusArn'],
  ] as const) {
    it(`${JSON.stringify(bad).slice(0, 100)} -> ${setting}`, () => {
      expect(() => synth(bad)).toThrowError(
        new RegExp(`AI-SPM forwarder configuration error \\(aispmForwarder\\): invalid setting '${setting.replace(/[[\]]/g, '\\$&')}'`),
      );
    });
  }

  it('rejects context that is not a JSON object', () => {
    expect(() => synth('{"centralBusArn": ')).toThrowError(
      /AI-SPM forwarder configuration error \(aispmForwarder\): expected a JSON object/,
    );
  });
});
