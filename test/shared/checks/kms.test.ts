import { describe, expect, it } from 'vitest';
import bedrock_batch_inference_job_output_encrypted_with_cmk from '../../../shared/checks/bedrock/bedrock_batch_inference_job_output_encrypted_with_cmk.ts';
import bedrock_flow_encrypted_with_cmk from '../../../shared/checks/bedrock/bedrock_flow_encrypted_with_cmk.ts';
import bedrock_guardrail_encrypted_with_cmk from '../../../shared/checks/bedrock/bedrock_guardrail_encrypted_with_cmk.ts';
import bedrock_knowledge_base_data_source_encrypted_with_cmk from '../../../shared/checks/bedrock/bedrock_knowledge_base_data_source_encrypted_with_cmk.ts';
import { cmkOutcome, judgeKey, keyUsability, worstStatus } from '../../../shared/checks/lib/kms.ts';
import type { KmsKeysField } from '../../../shared/domain/asset-config.ts';
import sagemaker_notebook_instance_encryption_enabled from '../../../shared/checks/sagemaker/sagemaker_notebook_instance_encryption_enabled.ts';
import secretsmanager_secret_ai_provider_key_encrypted_with_cmk from '../../../shared/checks/secretsmanager/secretsmanager_secret_ai_provider_key_encrypted_with_cmk.ts';
import {
  ACCOUNT,
  AWS_MANAGED_KEY,
  bucket,
  DISABLED_KEY,
  FIXTURE_KEY_FACTS,
  flowNodes,
  good,
  KEY,
  OTHER_ACCOUNT_KEY,
  PENDING_DELETION_KEY,
  run,
  sm,
  UNDESCRIBED_KEY,
  withConfig,
} from '../../fixtures/checks/builders.ts';

describe('judgeKey (one key reference, with the DescribeKey facts discovery recorded)', () => {
  // facts for every fixture key, whatever the notebook's own key field says
  const nb = withConfig(sm.notebook('nb'), { kmsKeys: FIXTURE_KEY_FACTS });

  it('CUSTOMER and enabled: PASS', () => {
    const j = judgeKey(nb, KEY);
    expect(j.status).toBe('PASS');
    expect(j.evidence).toMatchObject({ keyArn: KEY, keyManager: 'CUSTOMER', keyState: 'Enabled', multiRegion: false });
  });

  it('KeyManager AWS, referenced by key ARN: FAIL naming the AWS-managed key', () => {
    const j = judgeKey(nb, AWS_MANAGED_KEY);
    expect(j.status).toBe('FAIL');
    expect(j.described).toBe(`the AWS-managed key ${AWS_MANAGED_KEY}`);
  });

  it('alias/aws/...: FAIL without any DescribeKey facts (bare alias and alias ARN)', () => {
    const bare = withConfig(nb, { kmsKeys: {} });
    expect(judgeKey(bare, 'alias/aws/sagemaker')).toMatchObject({ status: 'FAIL', described: 'the AWS-managed key alias/aws/sagemaker' });
    expect(judgeKey(bare, 'arn:aws:kms:us-east-1:111122223333:alias/aws/sagemaker').status).toBe('FAIL');
  });

  it('PendingDeletion and Disabled customer keys: FAIL with their own reason', () => {
    expect(judgeKey(nb, PENDING_DELETION_KEY)).toMatchObject({ status: 'FAIL' });
    expect(judgeKey(nb, PENDING_DELETION_KEY).described).toContain('which is pending deletion');
    expect(judgeKey(nb, DISABLED_KEY).status).toBe('FAIL');
    expect(judgeKey(nb, DISABLED_KEY).described).toContain('which is disabled');
  });

  it('key states are an allow-list: Enabled and Updating usable; Creating and unknown states: any-key checks keep the verdict with a note, CMK checks MANUAL', () => {
    const at = (keyState: string, extra: Record<string, unknown> = {}) =>
      withConfig(nb, {
        kmsKeys: { [KEY]: { resolved: true, keyArn: KEY, keyManager: 'CUSTOMER', keyState, multiRegion: false, ...extra } as never },
      });
    for (const s of ['Enabled', 'Updating']) {
      expect(keyUsability(at(s), KEY)).toEqual({ evidence: expect.not.objectContaining({ keyStateNote: expect.anything() }) });
      expect(judgeKey(at(s), KEY)).toMatchObject({ status: 'PASS' });
      expect(judgeKey(at(s), KEY).evidence.keyStateNote).toBeUndefined();
    }
    for (const s of ['Disabled', 'PendingDeletion', 'PendingReplicaDeletion', 'PendingImport', 'Unavailable']) {
      expect(keyUsability(at(s), KEY).unusable).toBeDefined();
      expect(judgeKey(at(s), KEY).status).toBe('FAIL');
    }
    for (const s of ['Creating', 'SomeFutureState']) {
      const u = keyUsability(at(s), KEY);
      expect(u.unusable).toBeUndefined();
      expect(u.evidence.keyStateNote).toContain(`key state ${s} is not one this check knows`);
      // the customer-managed-key checks pass only on a usable state: not known usable, not confirmed (MANUAL)
      const j = judgeKey(at(s), KEY);
      expect(j.status).toBe('MANUAL');
      expect(j.evidence.keyStateNote).toContain(`key state ${s} is not one this check knows`);
      expect(j.unconfirmed).toContain(`key state ${s} is not one this check knows to be usable (Enabled, Updating) or unusable`);
      const o = cmkOutcome(at(s), KEY, (k) => `Notebook nb is encrypted with ${k}`);
      expect(o.status).toBe('MANUAL');
      expect(o.reason).toBe(
        `Notebook nb is encrypted with ${KEY}, but its key state ${s} is not one this check knows to be usable (Enabled, Updating) or unusable, so the customer-managed key is not confirmed usable.`,
      );
    }
  });

  it('a multi-Region replica pending deletion is not "never decrypted again" (it can be re-created from its primary)', () => {
    const mr = (multiRegionKeyType?: string) =>
      withConfig(nb, {
        kmsKeys: {
          [KEY]: {
            resolved: true,
            keyArn: KEY,
            keyManager: 'CUSTOMER',
            keyState: 'PendingDeletion',
            multiRegion: true,
            ...(multiRegionKeyType ? { multiRegionKeyType } : {}),
          },
        },
      });
    const replica = keyUsability(mr('REPLICA'), KEY);
    expect(replica.unusable).toContain('re-created from its primary');
    expect(replica.unusable).not.toContain('never');
    expect(replica.evidence).toMatchObject({ multiRegionKeyType: 'REPLICA' });
    expect(judgeKey(mr('REPLICA'), KEY)).toMatchObject({ status: 'FAIL', evidence: { multiRegionKeyType: 'REPLICA' } });
    expect(judgeKey(mr('REPLICA'), KEY).described).not.toContain('never');
    // key type not recorded (facts from before it was collected): hedged, still a FAIL
    expect(keyUsability(mr(), KEY).unusable).not.toContain('never');
    // a primary with no replicas left is deleted for good
    expect(keyUsability(mr('PRIMARY'), KEY).unusable).toContain('can never be decrypted again');
    // single-Region keys keep the wording
    expect(judgeKey(nb, PENDING_DELETION_KEY).described).toContain('can never be decrypted again');
  });

  it('unresolved: ERROR in this account (error name in the evidence), MANUAL for another account, ERROR when not described at all', () => {
    expect(judgeKey(nb, UNDESCRIBED_KEY)).toMatchObject({ status: 'ERROR', evidence: { describeKeyError: 'AccessDeniedException' } });
    expect(judgeKey(nb, OTHER_ACCOUNT_KEY)).toMatchObject({ status: 'MANUAL', evidence: { keyAccount: '999988887777' } });
    const never = withConfig(nb, { kmsKeys: undefined });
    expect(judgeKey(never, KEY).status).toBe('ERROR');
    expect(judgeKey(never, 'mrk-1234').status).toBe('ERROR');
  });

  it('a key of this account that does not exist: FAIL for a key ARN or id, MANUAL for an alias (deleted, the key may live on)', () => {
    const gone = `arn:aws:kms:us-east-1:${ACCOUNT}:key/55555555-5555-5555-5555-555555555555`;
    const alias = `arn:aws:kms:us-east-1:${ACCOUNT}:alias/deleted`;
    const notFound = { resolved: false, errorName: 'NotFoundException' } as const;
    const a = withConfig(nb, { kmsKeys: { [gone]: notFound, '55555555': notFound, [alias]: notFound, 'alias/deleted': notFound } });
    const j = judgeKey(a, gone);
    expect(j).toMatchObject({ status: 'FAIL', evidence: { describeKeyError: 'NotFoundException', keyState: null } });
    expect(j.described).toBe(`the key ${gone}, which no longer exists: data encrypted under it cannot be decrypted`);
    expect(judgeKey(a, '55555555').status).toBe('FAIL');
    expect(judgeKey(a, alias)).toMatchObject({ status: 'MANUAL' });
    expect(judgeKey(a, 'alias/deleted').unconfirmed).toContain('the alias no longer exists');
    // another account's key: still MANUAL (that account can tell)
    const foreign = withConfig(nb, { kmsKeys: { [OTHER_ACCOUNT_KEY]: notFound } });
    expect(judgeKey(foreign, OTHER_ACCOUNT_KEY).status).toBe('MANUAL');
  });

  it('KeyRegionUnknown (no call was made): ERROR that says why, not "DescribeKey failed"', () => {
    const a = withConfig(nb, { kmsKeys: { 'key-id-1': { resolved: false, errorName: 'KeyRegionUnknown' } } });
    const j = judgeKey(a, 'key-id-1');
    expect(j.status).toBe('ERROR');
    expect(j.unconfirmed).toContain('region of the resource could not be read');
    expect(j.unconfirmed).not.toContain('DescribeKey failed');
  });

  it('worstStatus: FAIL before ERROR before MANUAL', () => {
    const [p, f, e, m] = [KEY, AWS_MANAGED_KEY, UNDESCRIBED_KEY, OTHER_ACCOUNT_KEY].map((k) => judgeKey(nb, k));
    expect(worstStatus([p, m, e, f])).toBe('FAIL');
    expect(worstStatus([p, m, e])).toBe('ERROR');
    expect(worstStatus([p, m])).toBe('MANUAL');
    expect(worstStatus([p])).toBe('PASS');
  });
});

describe('CMK checks with key facts', () => {
  it('an AWS-managed key given by key ARN is a FAIL (it used to pass as customer-managed)', () => {
    const [r] = run(sagemaker_notebook_instance_encryption_enabled, sm.notebook('nb', { kmsKeyId: AWS_MANAGED_KEY }));
    expect(r.status).toBe('FAIL');
    expect(r.reason).toBe(`Notebook instance nb is encrypted with the AWS-managed key ${AWS_MANAGED_KEY}.`);
    const [g] = run(bedrock_guardrail_encrypted_with_cmk, good.guardrail('gr1', { kmsKeyArn: AWS_MANAGED_KEY }));
    expect(g.status).toBe('FAIL');
  });

  it('an unresolved key is never a PASS', () => {
    const [e] = run(bedrock_guardrail_encrypted_with_cmk, good.guardrail('gr1', { kmsKeyArn: UNDESCRIBED_KEY }));
    expect(e.status).toBe('ERROR');
    expect(e.reason).toContain('AccessDeniedException');
    const [m] = run(bedrock_guardrail_encrypted_with_cmk, good.guardrail('gr1', { kmsKeyArn: OTHER_ACCOUNT_KEY }));
    expect(m.status).toBe('MANUAL');
    const [n] = run(bedrock_guardrail_encrypted_with_cmk, withConfig(good.guardrail('gr1'), { kmsKeys: undefined }));
    expect(n.status).toBe('ERROR');
  });

  it('a key pending deletion is a FAIL that says so; a customer key is still a PASS', () => {
    const [r] = run(bedrock_guardrail_encrypted_with_cmk, good.guardrail('gr1', { kmsKeyArn: PENDING_DELETION_KEY }));
    expect(r.status).toBe('FAIL');
    expect(r.reason).toContain('pending deletion');
    expect(run(bedrock_guardrail_encrypted_with_cmk, good.guardrail('gr1'))[0].status).toBe('PASS');
  });

  it('secret: the aws/secretsmanager key by key ARN fails like the alias', () => {
    const [r] = run(secretsmanager_secret_ai_provider_key_encrypted_with_cmk, sm.secret('openai-key', { kmsKeyId: AWS_MANAGED_KEY }));
    expect(r.status).toBe('FAIL');
    expect(run(secretsmanager_secret_ai_provider_key_encrypted_with_cmk, sm.secret('openai-key'))[0].status).toBe('PASS');
  });

  it('batch job without a key: the output bucket default key is judged with the bucket facts', () => {
    const job = good.batchJob('b', { outputKmsKeyId: null });
    const managed = bucket('batch-output', { encryption: { algorithm: 'aws:kms', kmsKeyId: AWS_MANAGED_KEY } });
    expect(run(bedrock_batch_inference_job_output_encrypted_with_cmk, job, [managed])[0].status).toBe('FAIL');
    const cmk = bucket('batch-output');
    expect(run(bedrock_batch_inference_job_output_encrypted_with_cmk, job, [cmk])[0].status).toBe('PASS');
    const unknown = bucket('batch-output', { encryption: { algorithm: 'aws:kms', kmsKeyId: UNDESCRIBED_KEY } });
    expect(run(bedrock_batch_inference_job_output_encrypted_with_cmk, job, [unknown])[0].status).toBe('ERROR');
  });

  it('flow: one version under an AWS-managed key fails, one under an undescribed key is ERROR', () => {
    const v = (version: string, key: string) => ({ version, customerEncryptionKeyArn: key, nodes: flowNodes(true) });
    const weak = good.flow('f', { publishedVersions: [v('1', AWS_MANAGED_KEY)] });
    const [r] = run(bedrock_flow_encrypted_with_cmk, weak);
    expect(r.status).toBe('FAIL');
    expect(r.reason).toContain(`version 1 (no alias, the AWS-managed key ${AWS_MANAGED_KEY})`);
    const [e] = run(bedrock_flow_encrypted_with_cmk, good.flow('f', { publishedVersions: [v('1', UNDESCRIBED_KEY)] }));
    expect(e.status).toBe('ERROR');
  });

  it('knowledge base: a data source under a disabled key fails', () => {
    const kb = good.knowledgeBase('kb');
    const ds = kb.config.dataSources.map((d) => ({ ...d, kmsKeyArn: DISABLED_KEY }));
    const [r] = run(bedrock_knowledge_base_data_source_encrypted_with_cmk, withConfig(kb, { dataSources: ds }));
    expect(r.status).toBe('FAIL');
    expect(r.reason).toContain('disabled');
  });
});

const factKeys = (a: { config: unknown }) => Object.keys((a.config as KmsKeysField).kmsKeys ?? {});

describe('fixture key facts follow the asset key fields (as discovery describes them)', () => {
  it('a good asset holds the facts of its own keys only', () => {
    expect(factKeys(good.guardrail('gr1'))).toEqual([KEY]);
    const switched = good.guardrail('gr1', { kmsKeyArn: AWS_MANAGED_KEY });
    expect(factKeys(switched)).toEqual([AWS_MANAGED_KEY]);
  });

  it('every published flow version and every KB data source key gets facts', () => {
    const v = (version: string, key: string) => ({ version, customerEncryptionKeyArn: key, nodes: flowNodes(true) });
    const flow = good.flow('f', { publishedVersions: [v('1', AWS_MANAGED_KEY), v('2', DISABLED_KEY)] });
    expect(factKeys(flow)).toEqual(expect.arrayContaining([AWS_MANAGED_KEY, DISABLED_KEY]));
    const kb = good.knowledgeBase('kb');
    const ds = kb.config.dataSources.map((d) => ({ ...d, kmsKeyArn: PENDING_DELETION_KEY }));
    expect(factKeys(withConfig(kb, { dataSources: ds }))).toContain(PENDING_DELETION_KEY);
  });
});
