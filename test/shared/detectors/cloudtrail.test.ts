import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  analyzeTrail,
  eventTimeMs,
  guardrailSnapshot,
  guardrailWeakenings,
  invokersIn,
  reconDetector,
  TRAIL_EVENT_NAMES,
} from '../../../shared/detectors/cloudtrail.ts';
import { createTrailContext, roleSessionsGlob } from '../../../shared/detectors/config.ts';
import type { TrailEvent } from '../../../shared/domain/runtime.ts';
import { extractTrailEvent } from '../../../shared/runtime/cloudtrail.ts';
import { at, trail } from '../../fixtures/detectors/records.ts';

const ctx = createTrailContext();
const MALLORY = 'arn:aws:iam::111122223333:user/mallory';
const ids = (events: TrailEvent[], c = ctx) => analyzeTrail(events, c).map((d) => d.detector);

describe('LLMjacking reconnaissance', () => {
  const recon = [
    'ListFoundationModels',
    'GetFoundationModelAvailability',
    'ListProvisionedModelThroughputs',
    'GetModelInvocationLoggingConfiguration',
    'ListFoundationModelAgreementOffers',
  ];

  it('flags a burst of distinct discovery calls by one identity (HIGH when it checks invocation logging)', () => {
    const events = recon.map((eventName, i) => trail({ identity: MALLORY, eventName, eventTime: at(i) }));
    const [d] = reconDetector.detect(events, ctx);
    expect(d.detector).toBe('trail.llmjacking-recon');
    expect(d.severity).toBe('HIGH');
    expect(d.evidence.distinctActions).toBe(5);
    expect(d.evidence.eventIds).toEqual(events.map((e) => e.eventId));
    expect(d.eventId).toBe(events[0].eventId);
  });

  it('escalates a burst followed by invocations from an identity that had not invoked before', () => {
    const names = [
      'ListFoundationModels',
      'GetFoundationModelAvailability',
      'ListProvisionedModelThroughputs',
      'ListFoundationModelAgreementOffers',
    ];
    const burst = names.map((eventName, i) => trail({ identity: MALLORY, eventName, eventTime: at(i) }));
    const [plain] = reconDetector.detect(burst, ctx);
    expect(plain.severity).toBe('MEDIUM');
    const usedBefore = trail({ identity: 'arn:aws:sts::111122223333:assumed-role/app/s', eventName: 'Converse', eventTime: at(-30) });
    const again = trail({ identity: usedBefore.identity, eventName: 'Converse', eventTime: at(20) });
    expect(reconDetector.detect([usedBefore, ...burst, again], ctx)[0].severity).toBe('MEDIUM');
    const stolen = trail({ identity: MALLORY, eventName: 'InvokeModel', eventTime: at(30) });
    const [d] = reconDetector.detect([usedBefore, ...burst, again, stolen], ctx);
    expect(d.severity).toBe('HIGH');
    expect(d.evidence.newInvokersAfter).toEqual([MALLORY]);
    expect(d.evidence.followingEventIds).toEqual([stolen.eventId]);
  });

  it('does not flag the same calls spread over hours, or a few list calls', () => {
    const spread = recon.map((eventName, i) => trail({ identity: MALLORY, eventName, eventTime: at(i * 60) }));
    expect(reconDetector.detect(spread, ctx)).toEqual([]);
    const few = ['ListFoundationModels', 'ListFoundationModels', 'GetFoundationModel'].map((eventName, i) =>
      trail({ eventName, eventTime: at(i) }),
    );
    expect(reconDetector.detect(few, ctx)).toEqual([]);
  });

  it('counts denied calls and repeated calls', () => {
    const denied = Array.from({ length: 12 }, (_, i) =>
      trail({ identity: MALLORY, eventName: 'ListFoundationModels', eventTime: at(i * 0.5), errorCode: 'AccessDenied' }),
    );
    const [d] = reconDetector.detect(denied, ctx);
    expect(d.evidence.denied).toBe(12);
    expect(d.severity).toBe('HIGH');
    expect(d.labels).toContain('attempt');
  });

  it('flags Prowler-style coverage of the LLMjacking action set within a day', () => {
    const names = [
      'ListFoundationModels',
      'GetUseCaseForModelAccess',
      'PutUseCaseForModelAccess',
      'CreateFoundationModelAgreement',
      'InvokeModel',
      'Converse',
    ];
    const events = names.map((eventName, i) => trail({ identity: MALLORY, eventName, eventTime: at(i * 120) }));
    const cov = reconDetector.detect(events, ctx).find((d) => d.labels.includes('coverage'));
    expect(cov?.evidence.coverage).toBeCloseTo(6 / 14, 2);
  });
});

describe('across batches (priorEventIds: events of earlier batches, already judged)', () => {
  const prior = (events: TrailEvent[]) => ({ ...ctx, priorEventIds: new Set(events.map((e) => e.eventId)) });

  it('a burst of earlier events only is not emitted again; one that includes a new event is, whole', () => {
    const old = Array.from({ length: 12 }, (_, i) => trail({ identity: MALLORY, eventTime: at(i / 2) }));
    expect(reconDetector.detect(old, ctx)).toHaveLength(1);
    expect(reconDetector.detect(old, prior(old))).toEqual([]);
    const next = trail({ identity: MALLORY, eventTime: at(7) });
    const [d, ...more] = reconDetector.detect([...old, next], prior(old));
    expect(more).toHaveLength(0);
    expect(d.evidence.calls).toBe(13);
    expect(d.eventId).toBe(old[0].eventId);
    // a new event outside the stored burst's window, alone: nothing
    expect(reconDetector.detect([...old, trail({ identity: MALLORY, eventTime: at(30) })], prior(old))).toEqual([]);
  });

  it('coverage is reported by the batch whose events cross the threshold, not again while earlier events keep it', () => {
    const names = ['ListFoundationModels', 'GetUseCaseForModelAccess', 'PutUseCaseForModelAccess', 'CreateFoundationModelAgreement'];
    const old = [...names, 'InvokeModel', 'Converse'].map((eventName, i) =>
      trail({ identity: MALLORY, eventName, eventTime: at(i * 120) }),
    );
    const coverage = (events: TrailEvent[], c = ctx) => reconDetector.detect(events, c).filter((d) => d.labels.includes('coverage'));
    expect(coverage(old)).toHaveLength(1);
    expect(coverage(old, prior(old))).toEqual([]);
    // a new action within the day: the earlier events already covered 6 of 14 (reported then)
    const next = trail({ identity: MALLORY, eventName: 'ListProvisionedModelThroughputs', eventTime: at(800) });
    expect(coverage([...old, next], prior(old))).toEqual([]);
    // 5 earlier actions (below 40%) and a new sixth: crossed by this batch
    const five = old.slice(0, 5);
    const [d] = coverage([...five, next], prior(five));
    expect(d.evidence).toMatchObject({ distinctActions: 6, windowStart: five[0].eventTime });
    expect(d.evidence.calls).toBe(6);
    // more than a day after the earlier events: the window holds the new event alone
    expect(coverage([...five, trail({ identity: MALLORY, eventName: 'ListGuardrails', eventTime: at(3000) })], prior(five))).toEqual([]);
  });

  it('an enablement of an earlier batch is not reported again; a new one sees the recon of earlier batches', () => {
    const recon = trail({ identity: MALLORY, eventName: 'ListFoundationModels', eventTime: at(0) });
    const oldEnable = trail({ identity: MALLORY, eventName: 'PutUseCaseForModelAccess', eventTime: at(60) });
    const access = (events: TrailEvent[], c: typeof ctx) =>
      analyzeTrail(events, c).filter((d) => d.detector === 'trail.model-access-enabled');
    expect(access([recon, oldEnable], prior([recon, oldEnable]))).toEqual([]);
    const enable = trail({ identity: MALLORY, eventName: 'CreateFoundationModelAgreement', eventTime: at(600) });
    const [d] = access([recon, oldEnable, enable], prior([recon, oldEnable]));
    expect(d).toMatchObject({ severity: 'HIGH', eventId: enable.eventId });
    expect(d.evidence.priorReconCalls).toBe(1);
  });
});

describe('model access enablement', () => {
  it('is MEDIUM alone and HIGH when a new identity starts invoking after it', () => {
    const enable = trail({ identity: MALLORY, eventName: 'PutUseCaseForModelAccess', eventTime: at(10), readOnly: false });
    const [alone] = analyzeTrail([enable], ctx).filter((d) => d.detector === 'trail.model-access-enabled');
    expect(alone.severity).toBe('MEDIUM');

    const known = trail({
      identity: 'arn:aws:sts::111122223333:assumed-role/app/s',
      eventName: 'InvokeModel',
      eventTime: at(0),
      requestParameters: { modelId: 'anthropic.claude-v2' },
    });
    const knownAgain = trail({ identity: known.identity, eventName: 'InvokeModel', eventTime: at(30) });
    const stranger = trail({
      identity: 'arn:aws:iam::111122223333:user/svc-new',
      eventName: 'InvokeModel',
      eventTime: at(40),
      requestParameters: { modelId: 'anthropic.claude-3-opus' },
    });
    const [d] = analyzeTrail([known, enable, knownAgain, stranger], ctx).filter((x) => x.detector === 'trail.model-access-enabled');
    expect(d.severity).toBe('HIGH');
    expect(d.evidence.newInvokers).toEqual([stranger.identity]);
    expect(d.evidence.followingEventIds).toEqual([stranger.eventId]);

    // an invoker known from earlier batches is not new
    const c2 = createTrailContext({ knownInvokers: [stranger.identity] });
    const [d2] = analyzeTrail([enable, stranger], c2).filter((x) => x.detector === 'trail.model-access-enabled');
    expect(d2.severity).toBe('MEDIUM');
    expect(invokersIn([known, stranger])).toEqual(new Set([known.identity, stranger.identity]));
  });
});

describe('defence evasion', () => {
  it('flags guardrail deletion, and a denied deletion as an attempt', () => {
    const del = trail({ eventName: 'DeleteGuardrail', requestParameters: { guardrailIdentifier: 'gr-1' } });
    const [d] = analyzeTrail([del], ctx);
    expect(d.detector).toBe('trail.guardrail-deleted');
    expect(d.severity).toBe('HIGH');
    expect(d.evidence.guardrailId).toBe('gr-1');
    const [a] = analyzeTrail(
      [trail({ eventName: 'DeleteGuardrail', errorCode: 'AccessDenied', requestParameters: { guardrailIdentifier: 'gr-1' } })],
      ctx,
    );
    expect(a.severity).toBe('MEDIUM');
    expect(a.evidence.errorCode).toBe('AccessDenied');
  });

  const strong = {
    guardrailIdentifier: 'gr-1',
    contentPolicyConfig: {
      filtersConfig: [
        { type: 'PROMPT_ATTACK', inputStrength: 'HIGH', outputStrength: 'NONE' },
        { type: 'VIOLENCE', inputStrength: 'HIGH', outputStrength: 'HIGH' },
      ],
    },
    sensitiveInformationPolicyConfig: { piiEntitiesConfig: [{ type: 'EMAIL', action: 'ANONYMIZE' }] },
  };

  it('flags an update that lowers the prompt-attack filter or drops a policy, compared with the previous update', () => {
    const weaker = {
      ...strong,
      contentPolicyConfig: {
        filtersConfig: [
          { type: 'PROMPT_ATTACK', inputStrength: 'LOW', outputStrength: 'NONE' },
          { type: 'VIOLENCE', inputStrength: 'HIGH', outputStrength: 'HIGH' },
        ],
      },
      sensitiveInformationPolicyConfig: undefined,
    };
    const e1 = trail({ eventName: 'UpdateGuardrail', eventTime: at(0), requestParameters: strong });
    const e2 = trail({ eventName: 'UpdateGuardrail', eventTime: at(5), requestParameters: weaker });
    const found = analyzeTrail([e2, e1], ctx).filter((d) => d.detector === 'trail.guardrail-weakened');
    expect(found).toHaveLength(1);
    expect(found[0].eventId).toBe(e2.eventId);
    expect(found[0].evidence.reasons).toEqual([
      'filter-lowered:PROMPT_ATTACK:input',
      'policy-removed:sensitiveInformation',
      'pii-entities-removed',
    ]);
    expect(found[0].evidence.comparedWith).toBe('previous-update-in-batch');
  });

  it('judges a lone update on its own, and does not flag a visibly strong one', () => {
    expect(guardrailWeakenings(guardrailSnapshot(strong), undefined)).toEqual([]);
    expect(ids([trail({ eventName: 'UpdateGuardrail', requestParameters: strong })])).toEqual([]);
    const noPa = {
      guardrailIdentifier: 'gr-2',
      contentPolicyConfig: { filtersConfig: [{ type: 'HATE', inputStrength: 'HIGH', outputStrength: 'HIGH' }] },
    };
    const [d] = analyzeTrail([trail({ eventName: 'UpdateGuardrail', requestParameters: noPa })], ctx);
    expect(d.evidence.reasons).toEqual(['no-prompt-attack-filter']);
    expect(d.severity).toBe('HIGH');
  });

  it('flags invocation logging deletion and narrowing, not a complete configuration', () => {
    expect(ids([trail({ eventName: 'DeleteModelInvocationLoggingConfiguration', readOnly: false })])).toEqual([
      'trail.invocation-logging-deleted',
    ]);
    const full = {
      loggingConfig: {
        s3Config: { bucketName: 'logs' },
        cloudWatchConfig: { logGroupName: 'g' },
        textDataDeliveryEnabled: true,
        imageDataDeliveryEnabled: true,
      },
    };
    const narrow = { loggingConfig: { s3Config: { bucketName: 'logs' }, textDataDeliveryEnabled: true, imageDataDeliveryEnabled: false } };
    const textOff = { loggingConfig: { s3Config: { bucketName: 'logs' }, textDataDeliveryEnabled: false } };
    expect(ids([trail({ eventName: 'PutModelInvocationLoggingConfiguration', requestParameters: full })])).toEqual([]);
    const d = analyzeTrail(
      [
        trail({ eventName: 'PutModelInvocationLoggingConfiguration', eventTime: at(0), requestParameters: full }),
        trail({ eventName: 'PutModelInvocationLoggingConfiguration', eventTime: at(1), requestParameters: narrow }),
      ],
      ctx,
    );
    expect(d.map((x) => x.evidence.reasons)).toEqual([['destination-removed:cloudwatch', 'delivery-off:imageDataDeliveryEnabled']]);
    const [off] = analyzeTrail([trail({ eventName: 'PutModelInvocationLoggingConfiguration', requestParameters: textOff })], ctx);
    expect(off.severity).toBe('HIGH');
  });
});

describe('Bedrock API keys', () => {
  it('flags long-term keys without expiry (HIGH), short ones (MEDIUM), and ignores other services', () => {
    const base = { eventSource: 'iam.amazonaws.com', eventName: 'CreateServiceSpecificCredential', region: 'us-east-1' };
    const noExpiry = trail({
      ...base,
      requestParameters: { userName: 'ci-bot', serviceName: 'bedrock.amazonaws.com' },
      responseElements: {
        serviceSpecificCredential: { serviceSpecificCredentialId: 'ACCAEXAMPLE123456', serviceApiKeyValue: 'ABSKsecretvalue' },
      },
    });
    const [d] = analyzeTrail([noExpiry], ctx);
    expect(d.detector).toBe('trail.bedrock-api-key-created');
    expect(d.severity).toBe('HIGH');
    expect(d.labels).toContain('no-expiry');
    expect(JSON.stringify(d)).not.toContain('ABSKsecretvalue');
    const [short] = analyzeTrail(
      [trail({ ...base, requestParameters: { userName: 'ci', serviceName: 'bedrock.amazonaws.com', credentialAgeDays: 30 } })],
      ctx,
    );
    expect(short.severity).toBe('MEDIUM');
    expect(ids([trail({ ...base, requestParameters: { userName: 'ci', serviceName: 'codecommit.amazonaws.com' } })])).toEqual([]);
  });

  it('a re-activation names no service: MEDIUM when the inventory holds the credential as a Bedrock key, else LOW "service unknown"', () => {
    // UpdateServiceSpecificCredential's request: userName, serviceSpecificCredentialId, status (no serviceName)
    const reactivate = (credentialId: string) =>
      trail({
        eventSource: 'iam.amazonaws.com',
        eventName: 'UpdateServiceSpecificCredential',
        region: 'us-east-1',
        requestParameters: { userName: 'ci-bot', serviceSpecificCredentialId: credentialId, status: 'Active' },
      });
    const inventory = { ...ctx, bedrockApiKeyIds: new Map([['ACCABEDROCK123456', {}]]) };
    const [bedrock] = analyzeTrail([reactivate('ACCABEDROCK123456')], inventory);
    expect(bedrock).toMatchObject({ detector: 'trail.bedrock-api-key-created', severity: 'MEDIUM', labels: ['reactivated'] });
    expect(bedrock.evidence).toMatchObject({ service: 'bedrock.amazonaws.com', serviceFrom: 'inventory', targetUser: 'ci-bot' });
    expect(JSON.stringify(bedrock)).not.toContain('ACCABEDROCK123456'); // masked
    // a CodeCommit or Keyspaces credential looks the same: not held by the inventory, it is LOW and says so
    const [other] = analyzeTrail([reactivate('ACCACODECOMMIT999')], inventory);
    expect(other).toMatchObject({ severity: 'LOW', labels: ['reactivated', 'service-unknown'] });
    expect(other.evidence).toMatchObject({ service: 'unknown', inventory: 'not-found' });
    expect(other.description).toMatch(/does not name its service/);
    // without the inventory (CLI, lookback): never presented as a Bedrock key
    const [unknown] = analyzeTrail([reactivate('ACCABEDROCK123456')], ctx);
    expect(unknown).toMatchObject({ severity: 'LOW', labels: ['reactivated', 'service-unknown'] });
    expect(unknown.evidence).toMatchObject({ service: 'unknown', inventory: 'not-consulted' });
    // a deactivation is not reported
    const off = trail({
      eventSource: 'iam.amazonaws.com',
      eventName: 'UpdateServiceSpecificCredential',
      requestParameters: { serviceSpecificCredentialId: 'ACCABEDROCK123456', status: 'Inactive' },
    });
    expect(ids([off], inventory)).toEqual([]);
  });

  it('a re-activated Bedrock key is judged on its stored lifetime as a creation is: no expiry or above the maximum is HIGH', () => {
    const reactivate = trail({
      eventSource: 'iam.amazonaws.com',
      eventName: 'UpdateServiceSpecificCredential',
      requestParameters: { userName: 'ci-bot', serviceSpecificCredentialId: 'ACCABEDROCK123456', status: 'Active' },
    });
    const judged = (k: { createDate?: string; expirationDate?: string | null }) =>
      analyzeTrail([reactivate], { ...ctx, bedrockApiKeyIds: new Map([['ACCABEDROCK123456', k]]) })[0];
    const noExpiry = judged({ createDate: '2026-01-01T00:00:00.000Z', expirationDate: null });
    expect(noExpiry).toMatchObject({ severity: 'HIGH', labels: ['reactivated', 'no-expiry'] });
    expect(noExpiry.evidence).toMatchObject({ expires: false, credentialAgeDays: null });
    const year = judged({ createDate: '2026-01-01T00:00:00.000Z', expirationDate: '2027-01-01T00:00:00.000Z' });
    expect(year).toMatchObject({ severity: 'HIGH', labels: ['reactivated'] });
    expect(year.evidence).toMatchObject({ expires: true, credentialAgeDays: 365 });
    const month = judged({ createDate: '2026-01-01T00:00:00.000Z', expirationDate: '2026-01-31T00:00:00.000Z' });
    expect(month).toMatchObject({ severity: 'MEDIUM', labels: ['reactivated'] });
    expect(month.evidence).toMatchObject({ expires: true, credentialAgeDays: 30 });
    // a creation of the same lifetimes is judged the same
    const create = (credentialAgeDays?: number) =>
      analyzeTrail(
        [
          trail({
            eventSource: 'iam.amazonaws.com',
            eventName: 'CreateServiceSpecificCredential',
            requestParameters: {
              userName: 'ci',
              serviceName: 'bedrock.amazonaws.com',
              ...(credentialAgeDays ? { credentialAgeDays } : {}),
            },
          }),
        ],
        ctx,
      )[0].severity;
    expect([create(), create(365), create(30)]).toEqual([noExpiry.severity, year.severity, month.severity]);
  });

  it('a credential not found in the inventory is not presented as most likely another service (the account may not be inventoried)', () => {
    const [other] = analyzeTrail(
      [
        trail({
          eventSource: 'iam.amazonaws.com',
          eventName: 'UpdateServiceSpecificCredential',
          requestParameters: { userName: 'ci-bot', serviceSpecificCredentialId: 'ACCAUNSEEN0000001', status: 'Active' },
        }),
      ],
      { ...ctx, bedrockApiKeyIds: new Map() },
    );
    expect(other.description).not.toMatch(/most likely/);
    expect(other.description).toMatch(/not found in the AI asset inventory of this account/);
    expect(other.description).toMatch(/a Bedrock key the inventory has not seen/);
  });
});

describe('robustness', () => {
  it('never throws on missing or odd fields', () => {
    const odd = [
      trail({ eventTime: 'garbage', eventName: 'DeleteGuardrail', requestParameters: undefined }),
      trail({ eventName: 'UpdateGuardrail', requestParameters: { contentPolicyConfig: { filtersConfig: 'x' } } }),
      trail({
        eventName: 'PutModelInvocationLoggingConfiguration',
        requestParameters: { loggingConfig: null } as unknown as Record<string, unknown>,
      }),
      trail({
        eventName: 'CreateServiceSpecificCredential',
        eventSource: 'iam.amazonaws.com',
        requestParameters: { serviceName: 'bedrock.amazonaws.com', credentialAgeDays: 'lots' },
      }),
      trail({ region: 'xx-unknown-9', identity: '' }),
      { eventId: 'e', eventSource: 'bedrock.amazonaws.com' } as unknown as TrailEvent,
    ];
    const errors: { detector: string; error: string }[] = [];
    expect(() => analyzeTrail(odd, ctx, errors)).not.toThrow();
    expect(errors).toEqual([]);
    expect(eventTimeMs('2025-01-21 17:39:10.000000000')).toBe(Date.parse('2025-01-21T17:39:10Z'));
  });
});

// Real CloudTrail records (Panther rule fixtures, Apache-2.0) from ../shared/datasets, read in place when present.
const DATASET = '/work/shared/datasets/aws-samples/cloudtrail';
const present = existsSync(DATASET);

describe.runIf(present)('real CloudTrail samples (panther-analysis rule tests)', () => {
  const cases = present
    ? readdirSync(DATASET)
        .filter((f) => f.endsWith('.jsonl'))
        .flatMap((f) =>
          readFileSync(join(DATASET, f), 'utf8')
            .split('\n')
            .filter((l) => l.trim())
            .map((l, i) => ({
              file: f,
              line: i + 1,
              ...(JSON.parse(l) as { test_name: string; rule_should_alert: boolean; log: Record<string, unknown> }),
            })),
        )
    : [];

  it('has samples', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const c of cases) {
    it(`${c.file}: ${c.test_name} -> ${c.rule_should_alert ? 'alert' : 'no alert'}`, () => {
      const { event } = extractTrailEvent(c.log, { uri: `file://${c.file}`, line: c.line });
      const found = analyzeTrail([event], ctx);
      expect(found.length > 0).toBe(c.rule_should_alert);
      for (const d of found) {
        expect(d.eventId).toBe(event.eventId);
        expect(d.evidence.eventIds).toEqual([event.eventId]);
      }
    });
  }
});

describe('TRAIL_EVENT_NAMES (what the deployed rule subscribes to)', () => {
  it('holds every event name the detectors compare against', () => {
    const src = readFileSync(new URL('../../../shared/detectors/cloudtrail.ts', import.meta.url), 'utf8');
    const compared = [...src.matchAll(/eventName [!=]== '([A-Za-z]+)'/g)].map((m) => m[1]);
    expect(compared.length).toBeGreaterThanOrEqual(7);
    for (const n of compared) expect(TRAIL_EVENT_NAMES, n).toContain(n);
    for (const n of ['ListGuardrails', 'ListInferenceProfiles', 'PutFoundationModelEntitlement', 'InvokeModel', 'StartAsyncInvoke'])
      expect(TRAIL_EVENT_NAMES, n).toContain(n);
    expect(new Set(TRAIL_EVENT_NAMES).size).toBe(TRAIL_EVENT_NAMES.length);
  });
});

describe('posture scanners are not reconnaissance suspects', () => {
  // what one discovery scan calls in a region, within seconds, as the deployed discovery role's session
  const scanner = 'arn:aws:sts::111122223333:assumed-role/AiSpm-DiscoverRole-ABC123/aispm-discover';
  const scan = [
    'ListFoundationModels',
    'GetModelInvocationLoggingConfiguration',
    'ListGuardrails',
    'ListCustomModels',
    'ListImportedModels',
    'ListModelCustomizationJobs',
    'ListModelInvocationJobs',
    'ListInferenceProfiles',
    'ListProvisionedModelThroughputs',
  ].map((eventName, i) => trail({ eventName, identity: scanner, identityType: 'AssumedRole', eventTime: at(i / 10) }));

  it('one discovery scan is a HIGH burst unless its principal is declared a scanner', () => {
    expect(reconDetector.detect(scan, ctx).map((d) => d.severity)).toContain('HIGH');
    const glob = roleSessionsGlob('arn:aws:iam::111122223333:role/service-role/AiSpm-DiscoverRole-ABC123');
    expect(glob).toBe('arn:aws:sts::111122223333:assumed-role/AiSpm-DiscoverRole-ABC123/*');
    const scanners = createTrailContext({ scannerPrincipals: [glob ?? ''] });
    expect(reconDetector.detect(scan, scanners)).toEqual([]);
    // another principal making the same calls is still found
    const other = scan.map((e) => ({ ...e, identity: 'arn:aws:sts::111122223333:assumed-role/Intruder/x' }));
    expect(reconDetector.detect(other, scanners).length).toBeGreaterThan(0);
  });

  it('reads role ARNs only', () => {
    expect(roleSessionsGlob('arn:aws-cn:iam::111122223333:role/Scan')).toBe('arn:aws-cn:sts::111122223333:assumed-role/Scan/*');
    expect(roleSessionsGlob('arn:aws:iam::111122223333:user/Scan')).toBeUndefined();
    expect(roleSessionsGlob('Scan')).toBeUndefined();
  });
});
