import { describe, expect, it } from 'vitest';
import type { Detection } from '../../../shared/domain/runtime.ts';
import { hasLoneSurrogate } from '../../../shared/findings/text.ts';
import { DetectionAggregator, resourceFor } from '../../../shared/runtime/aggregate.ts';

const det = (p: Partial<Detection>): Detection => ({
  detector: 'd',
  severity: 'LOW',
  title: 't',
  description: 'x',
  identity: 'arn:aws:iam::111122223333:user/u',
  modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
  accountId: '111122223333',
  region: 'us-east-1',
  timestamp: '2026-11-20T10:10:00.000Z',
  evidence: {},
  labels: [],
  mappings: {},
  types: [],
  remediation: 'r',
  ...p,
});

describe('DetectionAggregator', () => {
  it('one observation per detector x identity x model x window; max severity; ids deduped; excerpts capped', () => {
    const a = new DetectionAggregator(3600_000);
    a.add(det({ requestId: 'a', evidence: { excerpt: 'AK**1' } }));
    a.add(det({ requestId: 'b', severity: 'HIGH', timestamp: '2026-11-20T10:50:00.000Z', evidence: { excerpt: 'AK**2' } }));
    a.add(det({ requestId: 'a' })); // re-delivered record
    a.add(det({ requestId: 'c', timestamp: '2026-11-20T11:05:00.000Z' }));
    a.add(det({ requestId: 'd', identity: 'arn:aws:iam::111122223333:user/v' }));
    const obs = a.observations();
    expect(a.duplicates).toBe(1);
    expect(obs.map((o) => [o.identity?.slice(-1), o.windowStart, o.occurrences, o.severity, o.requestIds])).toEqual([
      ['u', '2026-11-20T10:00:00.000Z', 2, 'HIGH', ['a', 'b']],
      ['v', '2026-11-20T10:00:00.000Z', 1, 'LOW', ['d']],
      ['u', '2026-11-20T11:00:00.000Z', 1, 'LOW', ['c']],
    ]);
    expect(obs[0].evidence).toMatchObject({
      count: 2,
      firstSeen: '2026-11-20T10:10:00.000Z',
      lastSeen: '2026-11-20T10:50:00.000Z',
      excerpts: ['AK**1', 'AK**2'],
    });
    expect(obs[0]).toMatchObject({ ruleId: 'runtime/d', source: 'runtime', status: 'FAIL', remediation: { text: 'r' } });
    // per-record detections: each listed id is one occurrence (a later run does not count it again)
    expect(obs.every((o) => o.idsPerOccurrence)).toBe(true);
  });

  it('CloudTrail detections list eventIds, including the ones named in window-level evidence; 50 ids at most', () => {
    const a = new DetectionAggregator();
    a.add(det({ detector: 'trail.x', modelId: '*', eventId: 'e0', evidence: { eventIds: ['e0', 'e1', 'e2'] } }));
    for (let i = 0; i < 80; i++) a.add(det({ detector: 'trail.y', modelId: '', eventId: `y${i}` }));
    const [x, y] = a.observations();
    expect(x.eventIds).toEqual(['e0', 'e1', 'e2']);
    expect(x.requestIds).toBeUndefined();
    expect(x).toMatchObject({ resourceId: 'arn:aws:iam::111122223333:user/u', resourceType: 'iam.user' });
    expect(y.eventIds).toHaveLength(50);
    expect(y.eventIds?.[0]).toBe('y0');
    expect(y.eventIds?.at(-1)).toBe('y79');
    expect(y.occurrences).toBe(80);
    // a window-level detection names every event of its burst: its ids are not one per occurrence
    expect(x.idsPerOccurrence).toBeUndefined();
    expect(y.idsPerOccurrence).toBe(true);
  });

  it('a CloudTrail detection naming only its own event (every single-event detector) counts one occurrence per id', () => {
    const a = new DetectionAggregator();
    for (const id of ['s1', 's2']) a.add(det({ detector: 'trail.s', modelId: '*', eventId: id, evidence: { eventIds: [id] } }));
    const [s] = a.observations();
    expect(s).toMatchObject({ occurrences: 2, eventIds: ['s1', 's2'], idsPerOccurrence: true });
  });

  it('resources: foundation model, inference profile id and ARN, SageMaker endpoint, assumed role, account; partitions', () => {
    const base = { identity: 'x', accountId: '111122223333', region: 'us-east-1' };
    expect(resourceFor({ ...base, modelId: 'amazon.nova-lite-v1:0' })).toEqual({
      resourceId: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0',
      resourceType: 'bedrock.foundation-model',
    });
    expect(resourceFor({ ...base, modelId: 'eu.anthropic.claude-3-haiku-20240307-v1:0' }).resourceType).toBe('bedrock.inference-profile');
    expect(resourceFor({ ...base, modelId: 'arn:aws:bedrock:us-east-1:111122223333:provisioned-model/abc' }).resourceType).toBe(
      'bedrock.provisioned-throughput',
    );
    expect(resourceFor({ ...base, modelId: 'sagemaker-endpoint/My-Endpoint' }).resourceId).toBe(
      'arn:aws:sagemaker:us-east-1:111122223333:endpoint/my-endpoint',
    );
    expect(resourceFor({ ...base, modelId: '', identity: 'arn:aws:sts::111122223333:assumed-role/Admin/alice' })).toEqual({
      resourceId: 'arn:aws:iam::111122223333:role/Admin',
      resourceType: 'iam.role',
    });
    expect(resourceFor({ ...base, modelId: 'unknown', identity: 'unknown' })).toEqual({
      resourceId: 'AWS::::Account:111122223333',
      resourceType: 'account',
    });
    expect(resourceFor({ ...base, region: 'cn-north-1', modelId: 'm' }).resourceId).toBe(
      'arn:aws-cn:bedrock:cn-north-1::foundation-model/m',
    );
  });

  it('unparseable detection times land in the epoch window instead of throwing', () => {
    const a = new DetectionAggregator();
    a.add(det({ requestId: 'z', timestamp: 'garbage' }));
    expect(a.observations()[0].windowStart).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('evidence of an observation', () => {
  it('is well-formed text: lone surrogates in detector evidence are replaced where a detection becomes an observation', () => {
    const a = new DetectionAggregator(3600_000);
    a.add(det({ requestId: 'a', evidence: { excerpts: ['ok \ud83d', 'fine'], note: 'x\ude00y', n: 1, list: [1, 2] } }));
    const [o] = a.observations();
    expect(o.evidence).toMatchObject({ excerpts: ['ok \ufffd', 'fine'], note: 'x\ufffdy', n: 1, list: [1, 2] });
    expect(hasLoneSurrogate(JSON.stringify(o.evidence))).toBe(false);
  });

  it('lists the fields its detections came from when they differ (the first detection keeps its own `field`)', () => {
    const a = new DetectionAggregator(3600_000);
    a.add(det({ requestId: 'a', evidence: { field: 'user' }, labels: ['injection'] }));
    a.add(det({ requestId: 'b', evidence: { field: 'conversation' }, labels: ['injection', 'multi-turn'] }));
    a.add(det({ requestId: 'c', evidence: { field: 'user' }, labels: ['injection'] }));
    const [o] = a.observations();
    expect(o.evidence).toMatchObject({ field: 'user', fields: ['conversation', 'user'], labels: ['injection', 'multi-turn'] });
    // one field: no list (single-turn findings are unchanged)
    const b = new DetectionAggregator(3600_000);
    b.add(det({ requestId: 'a', evidence: { field: 'user' } }));
    b.add(det({ requestId: 'b', evidence: { field: 'user' } }));
    expect(b.observations()[0].evidence).not.toHaveProperty('fields');
  });
});
