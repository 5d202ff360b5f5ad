import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/domain/finding.ts';
import { SEVERITIES } from '../../../shared/domain/severity.ts';
import {
  asffBytes,
  LIMITS,
  MAX_FINDING_BYTES,
  partitionOf,
  relatedRequirements,
  toAsff,
  validateAsff,
} from '../../../shared/findings/asff.ts';
import { type Observation, reconcile } from '../../../shared/findings/lifecycle.ts';
import { hasLoneSurrogate, stripControl, truncate, wellFormed } from '../../../shared/findings/text.ts';
import { finding, observation, runtimeObservation } from '../../fixtures/delivery/findings.ts';

// biome-ignore lint/suspicious/noExplicitAny: the tests mutate arbitrary ASFF fields
type Doc = any;

const T0 = '2026-11-25T10:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

/** Every lifecycle state an observation can lead to: opened, persisted/updated, resolved, reopened. */
function lifecycleStates(o: Observation): Finding[] {
  const out: Finding[] = [];
  let f = reconcile(undefined, o, T0).next as Finding;
  out.push(f);
  f = reconcile(f, { ...o, severity: 'CRITICAL' }, at(1000)).next as Finding;
  out.push(f);
  f = reconcile(f, { ...o, status: 'PASS' }, at(2000)).next as Finding;
  out.push(f);
  f = reconcile(f, o, at(3000)).next as Finding;
  out.push(f);
  return out;
}

const hostile = '<!channel> *bold* `code` <https://evil.example|click> @here \u202eevil\u0000\u0007 ' + '😀'.repeat(2000);

describe('toAsff', () => {
  it('maps a posture finding to correct ASFF', () => {
    const doc = toAsff(finding());
    expect(validateAsff(doc)).toEqual([]);
    expect(doc).toMatchObject({
      SchemaVersion: '2018-10-08',
      ProductArn: 'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default',
      GeneratorId: 'sagemaker_notebook_root_access_enabled',
      AwsAccountId: '111122223333',
      Types: ['Software and Configuration Checks/AWS Security Best Practices'],
      CreatedAt: T0,
      UpdatedAt: T0,
      Severity: { Label: 'HIGH' },
      Compliance: { Status: 'FAILED' },
      RecordState: 'ACTIVE',
      Remediation: {
        Recommendation: {
          Text: 'Disable root access on the notebook instance.',
          Url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/nbi-root-access.html',
        },
      },
    });
    expect(doc.Resources[0]).toMatchObject({
      Type: 'AwsSageMakerNotebookInstance',
      Id: finding().resourceId,
      Partition: 'aws',
      Region: 'us-east-1',
    });
    expect(doc.Compliance?.RelatedRequirements).toEqual([
      'OWASP LLM Top 10 2025 LLM03',
      'MITRE ATLAS AML.T0010',
      'NIST AI RMF 1.0 MANAGE 2.4',
      'ISO/IEC 42001:2023 A.6.2.6',
      'EU AI Act Art. 15',
    ]);
    expect(doc.ProductFields?.['aispm/Suppressed']).toBe('false');
    expect(doc).not.toHaveProperty('Workflow');
  });

  it('keeps a stable Id and CreatedAt across the lifecycle while UpdatedAt strictly increases', () => {
    const docs = lifecycleStates(observation()).map((f) => toAsff(f));
    expect(new Set(docs.map((d) => d.Id)).size).toBe(1);
    expect(new Set(docs.map((d) => d.CreatedAt))).toEqual(new Set([T0]));
    for (let i = 1; i < docs.length; i++) expect(Date.parse(docs[i].UpdatedAt)).toBeGreaterThan(Date.parse(docs[i - 1].UpdatedAt));
    // resolved: archived and passed; reopened: active and failed again
    expect(docs[2]).toMatchObject({
      RecordState: 'ARCHIVED',
      Compliance: { Status: 'PASSED' },
    });
    expect(docs[3]).toMatchObject({
      RecordState: 'ACTIVE',
      Compliance: { Status: 'FAILED' },
    });
    expect(docs[3].ProductFields?.['aispm/ReopenedCount']).toBe('1');
  });

  it('maps resource types where ASFF has one, else Other; partition from the ARN', () => {
    const types: [string, string, string][] = [
      ['s3.bucket', 'arn:aws:s3:::training-data', 'AwsS3Bucket'],
      ['iam.role', 'arn:aws:iam::111122223333:role/sm-exec', 'AwsIamRole'],
      ['lambda.function', 'arn:aws:lambda:us-east-1:111122223333:function:f', 'AwsLambdaFunction'],
      ['bedrock.agent', 'arn:aws:bedrock:us-east-1:111122223333:agent/A1', 'Other'],
      ['sagemaker.endpoint', 'arn:aws-cn:sagemaker:cn-north-1:111122223333:endpoint/e', 'Other'],
    ];
    for (const [resourceType, resourceId, type] of types) {
      const doc = toAsff(finding({ resourceType, resourceId }));
      expect(doc.Resources[0].Type).toBe(type);
      expect(validateAsff(doc)).toEqual([]);
    }
    const cn = toAsff(
      finding({
        resourceType: 'sagemaker.endpoint',
        resourceId: 'arn:aws-cn:sagemaker:cn-north-1:111122223333:endpoint/e',
        region: 'cn-north-1',
      }),
    );
    expect(cn.Resources[0].Partition).toBe('aws-cn');
    expect(cn.ProductArn).toBe('arn:aws-cn:securityhub:cn-north-1:111122223333:product/111122223333/default');
    expect(partitionOf('aispm:shadow:x', 'us-gov-west-1')).toBe('aws-us-gov');
    // IAM is global: the finding goes to the home region, the resource carries no region
    const iam = toAsff(
      finding({
        resourceType: 'iam.role',
        resourceId: 'arn:aws:iam::111122223333:role/r',
        region: 'global',
      }),
      { homeRegion: 'eu-west-1' },
    );
    expect(iam.Region).toBe('eu-west-1');
    expect(iam.Resources[0].Region).toBeUndefined();
    expect(validateAsff(iam)).toEqual([]);
  });

  // A runtime finding's region comes from the log record: a value that is not a region must not end up in the
  // ProductArn (Security Hub would reject the finding, so a forged field could keep it out of Security Hub).
  it('ignores a region that is not region-shaped', () => {
    for (const region of ['evil', 'a:b/c', 'us-east-1 x', 'unknown']) {
      const doc = toAsff(finding({ region }), { homeRegion: 'eu-west-1' });
      expect(doc.Region).toBe('eu-west-1');
      expect(doc.ProductArn).toBe('arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default');
      expect(doc.Resources[0].Region).toBeUndefined();
    }
  });

  it('imports into one region when asked (ProductArn, Region), keeping the resource region', () => {
    const doc = toAsff(finding({ region: 'eu-west-1', resourceId: 'arn:aws:sagemaker:eu-west-1:111122223333:notebook-instance/nb' }), {
      importRegion: 'us-east-1',
    });
    expect(doc.ProductArn).toBe('arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default');
    expect(doc.Region).toBe('us-east-1');
    expect(doc.Resources[0].Region).toBe('eu-west-1');
    expect(validateAsff(doc)).toEqual([]);
  });

  it('adds the runtime identity as an Actor resource and carries trigger ids', () => {
    const f = reconcile(undefined, runtimeObservation(), T0).next as Finding;
    const doc = toAsff(f);
    expect(validateAsff(doc)).toEqual([]);
    expect(doc.Resources.map((r) => r.ResourceRole)).toEqual(['Target', 'Actor']);
    expect(doc.Types).toEqual(['TTPs/Initial Access/Prompt Injection']);
    expect(doc.ProductFields?.['aispm/RequestIds']).toBe('r1,r2,r3');
  });

  it('truncates attacker-controlled text safely (limits, no broken surrogate pairs, no control characters)', () => {
    const f = finding({
      title: hostile,
      description: hostile,
      resourceName: hostile,
      evidence: {
        excerpt: hostile,
        list: Array.from({ length: 500 }, () => hostile.slice(0, 100)),
      },
      remediation: { text: hostile, url: 'javascript:alert(1)' },
      types: ['Not A Namespace/x', 'TTPs/Initial Access/Prompt Injection', 'Effects//bad'],
    });
    const doc = toAsff(f);
    expect(validateAsff(doc)).toEqual([]);
    expect(doc.Title.length).toBeLessThanOrEqual(LIMITS.title);
    expect(doc.Description.length).toBeLessThanOrEqual(LIMITS.description);
    expect(doc.Remediation?.Recommendation?.Url).toBeUndefined();
    expect(doc.Types).toEqual(['TTPs/Initial Access/Prompt Injection']);
    for (const s of [doc.Title, doc.Description, ...Object.values(doc.ProductFields ?? {})]) {
      expect(hasLoneSurrogate(s)).toBe(false);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting absence
      expect(/[\u0000-\u0008\u202e]/.test(s)).toBe(false);
    }
  });

  it('stays within 240 KB even with huge evidence, dropping evidence fields first', () => {
    const evidence: Record<string, string> = {};
    for (let i = 0; i < 40; i++) evidence[`k${i}`] = 'x'.repeat(100_000);
    const doc = toAsff(finding({ evidence }));
    expect(asffBytes(doc)).toBeLessThanOrEqual(MAX_FINDING_BYTES);
    expect(validateAsff(doc)).toEqual([]);
  });

  it('marks suppressed findings in ProductFields only while the suppression is in force', () => {
    const suppression = {
      id: 'sandbox',
      reason: 'accepted',
      owner: 'alice',
      expiresAt: '2026-12-31',
    };
    const doc = toAsff(finding({ suppression }));
    expect(doc.ProductFields).toMatchObject({
      'aispm/Suppressed': 'true',
      'aispm/SuppressionReason': 'accepted',
      'aispm/SuppressionOwner': 'alice',
      'aispm/SuppressionExpiresAt': '2026-12-31',
    });
    expect(doc.Compliance?.Status).toBe('FAILED');
    const later = toAsff(finding({ suppression, updatedAt: '2027-01-05T00:00:00.000Z' }));
    expect(later.ProductFields?.['aispm/Suppressed']).toBe('false');
  });

  it('caps RelatedRequirements at 32', () => {
    const many = { owasp: Array.from({ length: 40 }, (_, i) => `LLM${i}`) };
    expect(relatedRequirements(many)).toHaveLength(32);
    expect(validateAsff(toAsff(finding({ mappings: many })))).toEqual([]);
  });
});

describe('validateAsff', () => {
  const good = () => JSON.parse(JSON.stringify(toAsff(finding())));
  it.each([
    [
      'SchemaVersion',
      (d: Doc) => {
        d.SchemaVersion = '2020';
      },
      'SchemaVersion',
    ],
    [
      'Id too long',
      (d: Doc) => {
        d.Id = 'x'.repeat(513);
      },
      'Id length',
    ],
    [
      'GeneratorId missing',
      (d: Doc) => {
        delete d.GeneratorId;
      },
      'GeneratorId',
    ],
    [
      'account',
      (d: Doc) => {
        d.AwsAccountId = '1234';
      },
      'AwsAccountId',
    ],
    [
      'product arn of another account',
      (d: Doc) => {
        d.ProductArn = 'arn:aws:securityhub:us-east-1:999999999999:product/999999999999/default';
      },
      'ProductArn',
    ],
    [
      'types namespace',
      (d: Doc) => {
        d.Types = ['Bogus/Thing'];
      },
      'Types entry',
    ],
    [
      'types 4 levels',
      (d: Doc) => {
        d.Types = ['TTPs/a/b/c'];
      },
      'Types entry',
    ],
    [
      'too many types',
      (d: Doc) => {
        d.Types = Array.from({ length: 51 }, () => 'TTPs/x');
      },
      'Types has 51',
    ],
    [
      'timestamp',
      (d: Doc) => {
        d.UpdatedAt = '25/11/2026';
      },
      'UpdatedAt must be',
    ],
    [
      'updated before created',
      (d: Doc) => {
        d.UpdatedAt = '2020-01-01T00:00:00Z';
      },
      'earlier than CreatedAt',
    ],
    [
      'severity label',
      (d: Doc) => {
        d.Severity.Label = 'SEVERE';
      },
      'Severity.Label',
    ],
    [
      'title',
      (d: Doc) => {
        d.Title = 't'.repeat(257);
      },
      'Title length',
    ],
    [
      'description',
      (d: Doc) => {
        d.Description = '';
      },
      'Description length',
    ],
    [
      'compliance',
      (d: Doc) => {
        d.Compliance.Status = 'OK';
      },
      'Compliance.Status',
    ],
    [
      'requirements',
      (d: Doc) => {
        d.Compliance.RelatedRequirements = Array.from({ length: 33 }, (_, i) => `r${i}`);
      },
      'RelatedRequirements has 33',
    ],
    [
      'no resources',
      (d: Doc) => {
        d.Resources = [];
      },
      'Resources must have',
    ],
    [
      '33 resources',
      (d: Doc) => {
        d.Resources = Array.from({ length: 33 }, () => d.Resources[0]);
      },
      'Resources must have',
    ],
    [
      'resource without type',
      (d: Doc) => {
        delete d.Resources[0].Type;
      },
      'Resources[0].Type',
    ],
    [
      'partition',
      (d: Doc) => {
        d.Resources[0].Partition = 'aws-cn';
      },
      'does not match the ARN',
    ],
    [
      'product fields count',
      (d: Doc) => {
        for (let i = 0; i < 60; i++) d.ProductFields[`k${i}`] = 'v';
      },
      'ProductFields has',
    ],
    [
      'reserved product field key',
      (d: Doc) => {
        d.ProductFields['aws/securityhub/FindingId'] = 'x';
      },
      "reserved 'aws/' prefix",
    ],
    [
      'product field value',
      (d: Doc) => {
        d.ProductFields.big = 'v'.repeat(2049);
      },
      'value length',
    ],
    [
      'recommendation text',
      (d: Doc) => {
        d.Remediation.Recommendation.Text = 'r'.repeat(513);
      },
      'Recommendation.Text',
    ],
    [
      'recommendation url',
      (d: Doc) => {
        d.Remediation.Recommendation.Url = 'not a url';
      },
      'Recommendation.Url',
    ],
    [
      'record state',
      (d: Doc) => {
        d.RecordState = 'DELETED';
      },
      'RecordState',
    ],
    [
      'workflow',
      (d: Doc) => {
        d.Workflow = { Status: 'SUPPRESSED' };
      },
      'Workflow/Note',
    ],
    [
      'lone surrogate',
      (d: Doc) => {
        d.Title = 'a\ud800b';
      },
      'lone surrogate',
    ],
    [
      'size',
      (d: Doc) => {
        d.Resources[0].Details.Other = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, 'x'.repeat(1000)]));
      },
      'bytes (max',
    ],
  ])('rejects %s', (_name, mutate, message) => {
    const d = good();
    mutate(d);
    const errors = validateAsff(d);
    expect(errors.join('\n')).toContain(message);
  });
});

describe('every ASFF document the project can produce', () => {
  it('validates for every check, every severity, every lifecycle state and hostile text', async () => {
    const observations: Observation[] = [];
    // Every check's metadata, when the checks module is present in this tree.
    const checksPath = new URL('../../../shared/checks/index.ts', import.meta.url);
    if (existsSync(checksPath)) {
      const mod = (await import(checksPath.href)) as {
        ALL_CHECKS?: { metadata: Doc }[];
      };
      for (const c of mod.ALL_CHECKS ?? []) {
        const m = c.metadata;
        observations.push(
          observation({
            ruleId: m.id,
            title: m.title,
            description: m.description,
            severity: m.severity,
            resourceType: m.resourceType,
            remediation: m.remediation,
            mappings: m.mappings,
            types: m.types,
          }),
        );
      }
    }
    // Every runtime detector's metadata, when the detector catalogue is present.
    const detectorsPath = new URL('../../../shared/detectors/catalogue.ts', import.meta.url);
    let detectors = 0;
    if (existsSync(detectorsPath)) {
      const mod = (await import(detectorsPath.href)) as { DETECTOR_CATALOGUE?: Doc[] };
      for (const d of mod.DETECTOR_CATALOGUE ?? []) {
        detectors++;
        observations.push(
          runtimeObservation({
            ruleId: d.id,
            detector: d.id,
            title: d.title,
            description: d.description,
            severity: d.severity,
            remediation: { text: d.remediation },
            mappings: d.mappings,
            types: d.types,
          }),
        );
      }
    }
    const checks = observations.length - detectors;
    for (const severity of SEVERITIES) {
      observations.push(observation({ severity }), runtimeObservation({ severity }));
      observations.push(
        observation({
          severity,
          source: 'coverage',
          ruleId: 'coverage_gap',
          resourceId: 'aispm:coverage:111122223333:us-east-1:bedrock',
          resourceType: 'account',
          types: [],
        }),
      );
    }
    observations.push(
      observation({
        title: hostile,
        description: hostile,
        resourceName: hostile,
        evidence: { e: hostile },
      }),
    );
    observations.push(
      runtimeObservation({
        identity: hostile,
        modelId: hostile,
        requestIds: Array.from({ length: 80 }, (_, i) => `${hostile.slice(0, 40)}${i}`),
      }),
    );
    let count = 0;
    for (const o of observations) {
      for (const f of lifecycleStates(o)) {
        for (const suppression of [undefined, { id: 's', reason: hostile, owner: hostile, expiresAt: '2099-01-01' }]) {
          const doc = toAsff({ ...f, ...(suppression ? { suppression } : {}) });
          expect(validateAsff(doc), `${o.ruleId} ${f.status}`).toEqual([]);
          count++;
        }
      }
    }
    expect(count).toBeGreaterThanOrEqual(8 * 15);
    // the catalogues are in this tree: make sure they were really covered
    if (existsSync(checksPath)) expect(checks).toBeGreaterThan(50);
    if (existsSync(detectorsPath)) expect(detectors).toBeGreaterThan(10);
  });
});

describe('lone surrogates in evidence', () => {
  it('are replaced, so the finding still validates and imports (not dead-lettered)', () => {
    const lone = 'trigger "mango-7731-gamm\ud83d…"';
    const f = finding({
      evidence: { excerpts: ['the last 2 user turns read together', lone], field: 'conversation', match: 'x\udc00y' },
      resourceName: 'n\ud800',
    });
    const doc = toAsff(f);
    expect(validateAsff(doc)).toEqual([]);
    expect(doc.ProductFields?.['aispm/Evidence/excerpts']).toBe('the last 2 user turns read together, trigger "mango-7731-gamm\ufffd…"');
    expect(doc.ProductFields?.['aispm/Evidence/match']).toBe('x\ufffdy');
    // well-formed pairs are kept as they are
    expect(wellFormed('a😀b\ud83d')).toBe('a😀b\ufffd');
    expect(stripControl('😀\udc00')).toBe('😀\ufffd');
  });
});

describe('truncate', () => {
  it('never splits a surrogate pair', () => {
    const s = 'a😀😀😀';
    for (let n = 1; n <= s.length; n++) expect(hasLoneSurrogate(truncate(s, n))).toBe(false);
  });
});
