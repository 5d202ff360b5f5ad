import type { AnyAsset, Asset } from '../../domain/asset.ts';
import type { AttachedPolicy } from '../../domain/asset-config.ts';
import type { AssetGraph } from '../../domain/check.ts';
import { grantsAction, wildcardMatch } from './policy.ts';

const TRAINING_READERS = new Set(['sagemaker.training-job', 'bedrock.customization-job', 'bedrock.custom-model']);

/** Buckets that hold training data: read by training / customization jobs, or referenced with a training usage. */
export function trainingBuckets(graph: AssetGraph, accountId: string): Asset<'s3.bucket'>[] {
  return graph.byType('s3.bucket', { accountId }).filter((b) => {
    if ((b.config?.referencedBy ?? []).some((r) => /train/i.test(r.usage))) return true;
    return graph.referrers(b.id, 'reads-data').some((a: AnyAsset) => TRAINING_READERS.has(a.type));
  });
}

/** Whether the policies allow reading objects of the bucket (s3:GetObject on a matching resource). */
export function canReadBucket(policies: AttachedPolicy[], bucketName: string): boolean {
  const objectArn = `arn:aws:s3:::${bucketName}/any-object`;
  return policies.some((p) =>
    p.statements.some((s) => {
      if (!grantsAction(s, 's3:GetObject')) return false;
      if (s.notResources && s.notResources.length > 0) return !s.notResources.some((r) => wildcardMatch(r, objectArn));
      return s.resources.some((r) => wildcardMatch(r, objectArn));
    }),
  );
}
