import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { FORWARDER_RULE_PREFIX, MAX_EVENT_PATTERN_CHARS } from '../../infra/event-patterns.ts';
import { AiSpmForwarderStack } from '../../infra/forwarder-stack.ts';
import { routedEventNames } from '../../shared/discovery/cloudtrail.ts';

const BUS = 'arn:aws:events:us-east-1:111122223333:event-bus/AiSpmDiscoveryForwardedEventsBusCBB315DB';
const FORWARDER = { centralBusArn: BUS, regions: ['us-east-1', 'eu-west-1'] };

function synth(forwarder: unknown, extra: Record<string, unknown> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], aispmForwarder: forwarder, ...extra } });
  return buildApp(app);
}

/** The central stack's CloudTrail rules on its default bus, for comparison. */
function centralPatterns() {
  const { stack } = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
  return Object.entries(Template.fromStack(stack).findResources('AWS::Events::Rule'))
    .filter(([id]) => id.startsWith('DiscoveryCloudTrailChanges'))
    .map(([, r]) => r.Properties.EventPattern as Record<string, unknown>);
}

type RuleProps = { Name: string; State: string; EventPattern: Record<string, unknown>; Targets: { Arn: unknown; RoleArn: unknown }[] };

describe('AiSpmForwarder stacks', () => {
  let forwarders: AiSpmForwarderStack[];
  let template: Template;
  let rules: RuleProps[];
  beforeAll(() => {
    ({ forwarders } = synth(FORWARDER));
    template = Template.fromStack(forwarders[0]);
    rules = Object.values(template.findResources('AWS::Events::Rule')).map((r) => r.Properties as RuleProps);
  });

  it('is not part of the default app; one stack per region, pinned to that region', () => {
    expect(buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } })).forwarders).toEqual([]);
    expect(forwarders.map((f) => f.stackName)).toEqual(['AiSpmForwarder-us-east-1', 'AiSpmForwarder-eu-west-1']);
    expect(forwarders.map((f) => f.region)).toEqual(['us-east-1', 'eu-west-1']);
  });

  it('forwards exactly the events the central stack refreshes on (same patterns), pinned to this account and region', () => {
    const strip = (p: Record<string, unknown>) => JSON.stringify({ ...p, account: undefined, region: undefined });
    expect(rules.map((r) => strip(r.EventPattern)).sort()).toEqual(centralPatterns().map(strip).sort());
    const names = new Set(rules.flatMap((r) => (r.EventPattern.detail as { eventName: string[] }).eventName));
    for (const n of Object.values(routedEventNames()).flat()) expect(names.has(n), n).toBe(true);
    for (const r of rules) {
      expect(r.State).toBe('ENABLED');
      // loop safety: only events that originate in this account and region; one forwarded from elsewhere is never sent on
      expect(r.EventPattern.account).toEqual([{ Ref: 'AWS::AccountId' }]);
      expect(r.EventPattern.region).toEqual([{ Ref: 'AWS::Region' }]);
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
    rules.forEach((r, i) => {
      expect(r.Name).toBe(`${FORWARDER_RULE_PREFIX}${i + 1}`);
      expect(r.Targets).toEqual([{ Arn: BUS, Id: 'Target0', RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] } }]);
    });
  });

  it('its role: trusted by EventBridge only, events:PutEvents on the central bus only', () => {
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    const props = Object.values(template.findResources('AWS::IAM::Role'))[0].Properties;
    expect(props.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' } },
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

  it('passes every cdk-nag AwsSolutions rule with no acknowledgement', () => {
    for (const f of forwarders) expect(new AwsSolutionsChecks().validateScope(f).violations).toEqual([]);
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
