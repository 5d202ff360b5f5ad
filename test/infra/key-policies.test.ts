import { readFileSync } from 'node:fs';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';

// Every stack the app can hold: the central stack with forwarding configured (its forwarded-events bus and that bus's
// dead-letter queue use the key too), the member stack and the forwarder stacks (the contexts of their own tests).
const CONTEXT = {
  'aws:cdk:bundling-stacks': [],
  aispm: {
    regions: ['us-east-1', 'eu-west-1'],
    invocationLogBuckets: ['acme-bedrock-logs'],
    invocationLogGroup: '/aws/bedrock/modelinvocations',
    targetRoleArns: ['arn:aws:iam::444455556666:role/AiSpmScan'],
    forwardedEventAccounts: ['444455556666'],
  },
  aispmMember: {
    discoveryPrincipalArns: ['arn:aws:iam::111122223333:role/AiSpm-DiscoveryDiscoverRole1A2B3C4D-AbCdEf123456'],
    deliveryPrincipalArns: ['arn:aws:iam::111122223333:role/AiSpm-DeliveryDeliverRole5E6F7A8B-GhIjKl789012'],
  },
  aispmForwarder: {
    centralBusArn: 'arn:aws:events:us-east-1:111122223333:event-bus/AiSpmDiscoveryForwardedEventsBusCBB315DB',
    regions: ['us-east-1', 'eu-west-1'],
  },
};
const CDK_JSON_CONTEXT = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context;

/** Condition keys that tie a service's use of a key to a source: an account, a resource or its encryption context. */
const SOURCE_KEY = /^(aws:SourceAccount|aws:SourceArn|aws:SourceOrgID|aws:SourceOrgPaths|kms:EncryptionContext:.+)$/i;

type KeyStatement = {
  Effect: string;
  Principal: { Service?: unknown; AWS?: unknown };
  Condition?: Record<string, Record<string, unknown>>;
};

function stacks(context: Record<string, unknown>): Stack[] {
  const { stack, member, forwarders } = buildApp(new App({ context }));
  return [stack, ...(member ? [member] : []), ...forwarders];
}

/** The service-principal statements of every KMS key policy of `stack`, with the key's logical id. */
function serviceStatements(stack: Stack): { key: string; services: unknown[]; statement: KeyStatement }[] {
  const keys = Template.fromStack(stack).findResources('AWS::KMS::Key');
  return Object.entries(keys).flatMap(([key, k]) =>
    (k.Properties.KeyPolicy.Statement as KeyStatement[])
      .filter((st) => st.Principal.Service !== undefined)
      .map((statement) => {
        const s = statement.Principal.Service;
        return { key: `${stack.stackName}/${key}`, services: Array.isArray(s) ? s : [s], statement };
      }),
  );
}

const sourceKeys = (st: KeyStatement) =>
  Object.values(st.Condition ?? {})
    .flatMap((byKey) => Object.keys(byKey))
    .filter((k) => SOURCE_KEY.test(k));

const serviceName = (s: unknown) => (typeof s === 'string' ? s : JSON.stringify(s));

// As `cdk synth` runs: with cdk.json's feature flags. @aws-cdk/aws-events:eventsTargetQueueSameAccount (checked in
// stack.test.ts) is what conditions the SqsQueue targets' grant on the key; without it that grant has no condition.
describe('KMS key policies (cdk.json context, as `cdk synth` runs)', () => {
  const all = stacks({ ...CDK_JSON_CONTEXT, ...CONTEXT });
  const statements = all.flatMap(serviceStatements);

  it('builds the central, member and forwarder stacks; the central and forwarder stacks have keys with service statements', () => {
    expect(all.map((s) => s.stackName)).toEqual(['AiSpm', 'AiSpmMember', 'AiSpmForwarder-us-east-1', 'AiSpmForwarder-eu-west-1']);
    const withStatements = new Set(statements.map((s) => s.key.split('/')[0]));
    expect([...withStatements].sort()).toEqual(['AiSpm', 'AiSpmForwarder-eu-west-1', 'AiSpmForwarder-us-east-1']);
  });

  it('ties every service-principal statement of every key policy to a source (confused deputy)', () => {
    const unconditioned = statements
      .filter(({ statement }) => statement.Effect === 'Allow' && sourceKeys(statement).length === 0)
      .map(({ key, services }) => `${key}: ${services.map(serviceName).join(', ')}`);
    expect(unconditioned).toEqual([]);
  });

  it('central key: EventBridge and Scheduler only for this account, CloudWatch Logs only for this account’s log groups', () => {
    const central = statements.filter((s) => s.key.startsWith('AiSpm/'));
    const account = { Ref: 'AWS::AccountId' };
    const of = (service: string) => central.filter((s) => s.services.some((p) => serviceName(p).includes(service)));

    for (const service of ['events.amazonaws.com', 'scheduler.amazonaws.com']) {
      const found = of(service);
      expect(found.length).toBeGreaterThan(0);
      for (const { statement } of found) expect(statement.Condition?.StringEquals?.['aws:SourceAccount']).toEqual(account);
    }
    const logs = of('"logs."');
    expect(logs).toHaveLength(1);
    expect(logs[0].statement.Condition).toEqual({
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', account, ':log-group:*']],
        },
      },
    });
    // the buses' own statements (CDK, one per bus) keep the bus ARN: the inventory bus and the forwarded-events bus
    const busStatements = of('events.amazonaws.com').filter(({ statement }) => statement.Condition?.StringEquals?.['aws:SourceArn']);
    expect(busStatements).toHaveLength(2);
  });
});
