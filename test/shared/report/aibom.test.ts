import { describe, expect, it } from 'vitest';
import { aiBomJson, validateAiBom } from '../../../shared/report/aibom.ts';
import { IDS, reportState } from '../../fixtures/report/state.ts';

interface Doc {
  specVersion: string;
  serialNumber: string;
  components: {
    type: string;
    name: string;
    'bom-ref': string;
    modelCard?: { modelParameters: { datasets: { ref: string }[] } };
    properties?: { name: string; value: string }[];
  }[];
  services: { name: string; 'bom-ref': string }[];
  dependencies: { ref: string; dependsOn?: string[] }[];
}

describe('AI-BOM (CycloneDX 1.6)', () => {
  const json = aiBomJson(reportState());
  const doc = JSON.parse(json) as Doc;
  const deps = (ref: string) => doc.dependencies.find((d) => d.ref === ref)?.dependsOn ?? [];
  const comp = (ref: string) => doc.components.find((c) => c['bom-ref'] === ref);

  it('validates against the CycloneDX 1.6 strict JSON schema', async () => {
    expect(doc.specVersion).toBe('1.6');
    expect(await validateAiBom(json)).toEqual([]);
  });

  it('rejects an invalid document (the validator is live)', async () => {
    const bad = JSON.parse(json);
    bad.components[0].type = 'not-a-type';
    expect((await validateAiBom(JSON.stringify(bad))).length).toBeGreaterThan(0);
  });

  it('has model and data components and services', () => {
    expect(comp(IDS.customModel)?.type).toBe('machine-learning-model');
    expect(comp(IDS.foundation)?.type).toBe('machine-learning-model');
    expect(comp(IDS.smModel)?.type).toBe('machine-learning-model');
    expect(comp(IDS.bucket)?.type).toBe('data');
    expect(comp(IDS.kb)?.type).toBe('data');
    expect(doc.services.map((s) => s['bom-ref'])).toEqual(
      expect.arrayContaining([IDS.agent, IDS.guardrail, IDS.tool, IDS.smEndpoint, 'provider:openai']),
    );
    // IAM roles and endpoint configs are not AI-BOM elements
    expect(comp(IDS.role)).toBeUndefined();
    expect(comp(IDS.smEndpointConfig)).toBeUndefined();
  });

  it('links model -> training data -> bucket and records datasets in the model card', () => {
    const train = 'dataset:s3://training-bucket/claims/train.jsonl';
    expect(deps(IDS.customModel)).toEqual(expect.arrayContaining([train, 'dataset:s3://training-bucket/claims/val.jsonl', IDS.foundation]));
    expect(deps(train)).toEqual([IDS.bucket]);
    expect(deps(IDS.customModel)).not.toContain(IDS.bucket);
    expect(comp(IDS.customModel)?.modelCard?.modelParameters.datasets).toContainEqual({ ref: train });
    // SageMaker model -> artifacts -> bucket, and -> training job input data via the artifact location
    expect(deps(IDS.smModel)).toEqual(
      expect.arrayContaining(['dataset:s3://ml-artifacts/churn/output/model.tar.gz', 'dataset:s3://ml-data/churn/train/']),
    );
    expect(deps('dataset:s3://ml-data/churn/train/')).toEqual(['arn:aws:s3:::ml-data']);
  });

  it('links agent -> model, guardrail, knowledge base, tools; endpoint -> model through its config', () => {
    expect(deps(IDS.agent).sort()).toEqual([IDS.foundation, IDS.guardrail, IDS.kb, IDS.tool].sort());
    expect(deps(IDS.smEndpoint)).toEqual([IDS.smModel]);
    const ds = `${IDS.kb}#data-source/DS1`;
    expect(deps(IDS.kb)).toEqual(expect.arrayContaining([ds]));
    // the bucket is reached through the data source, not as a shortcut
    expect(deps(IDS.kb)).not.toContain(IDS.kbBucket);
    expect(deps(ds)).toEqual([IDS.kbBucket]);
    expect(deps(IDS.shadow)).toEqual(['provider:openai']);
    expect(deps('aispm:estate')).toContain(IDS.agent);
  });

  it('carries open-finding context and is deterministic', () => {
    const props = comp(IDS.customModel)?.properties ?? [];
    expect(props).toContainEqual({ name: 'aispm:highest-open-severity', value: 'CRITICAL' });
    expect(aiBomJson(reportState())).toBe(json);
    expect(doc.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
