import type { Asset } from '../../domain/asset.ts';
import type { CheckOutcome } from '../../domain/check.ts';
import { resolveBucket } from '../lib/context.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { bucketArnOf, defineCheck, error, fail, pass, unread } from '../lib/outcome.ts';

/**
 * Toxic combination: a model served by a live endpoint whose artifact (model.tar.gz) sits in a bucket without
 * versioning. Follows endpoint -> endpoint config -> model(s) -> artifact bucket through the graph.
 */
export default defineCheck({
  metadata: {
    id: 'sagemaker_endpoint_model_artifact_bucket_versioning_enabled',
    title: 'Served SageMaker models come from versioned artifact buckets',
    severity: 'MEDIUM',
    service: 'sagemaker',
    resourceType: 'sagemaker.endpoint',
    description:
      'Toxic combination: for each model a live endpoint serves, the bucket holding its ModelDataUrl must have versioning enabled.',
    risk: 'Anyone who can overwrite the artifact replaces the served model at the next scale-out or redeploy, with no earlier version to compare against or roll back to (model tampering, backdoors).',
    remediation: {
      text: 'Enable versioning (and ideally Object Lock) on the model artifact bucket, restrict writers to the build pipeline, and register artifacts in the model registry.',
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html',
      cli: 'aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled',
      cdk: "new s3.Bucket(this, 'Artifacts', { versioned: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.supplyChain, M.dataIntegrity, { atlas: ['AML.T0018'] }),
    equivalents: {},
    categories: ['gen-ai', 'toxic-combination', 'supply-chain'],
  },
  evaluate(ep, ctx) {
    const u = unread(ep, ['endpointConfigName']);
    if (u) return u;
    const config =
      ctx.graph.related(ep, 'uses-config').find((a) => a.type === 'sagemaker.endpoint-config') ??
      ctx.graph
        .byType('sagemaker.endpoint-config', { accountId: ep.accountId, region: ep.region })
        .find((c) => c.name === ep.config.endpointConfigName);
    if (config?.type !== 'sagemaker.endpoint-config' || config.config?.variants === undefined) {
      return error(`Endpoint ${ep.name}: configuration ${ep.config.endpointConfigName} is not in the inventory.`);
    }
    const models = config.config.variants.map((v) =>
      ctx.graph.byType('sagemaker.model', { accountId: ep.accountId, region: ep.region }).find((m) => m.name === v.modelName),
    );
    if (models.some((m) => !m)) return error(`Endpoint ${ep.name}: a served model of ${config.name} is not in the inventory.`);
    const unversioned: string[] = [];
    let unknown: CheckOutcome | undefined;
    let artifacts = 0;
    for (const m of models as Asset<'sagemaker.model'>[]) {
      const urls = [m.config?.primaryContainer?.modelDataUrl, ...(m.config?.containers ?? []).map((c) => c.modelDataUrl)];
      for (const url of urls) {
        const arn = bucketArnOf(url);
        if (!arn) continue;
        artifacts++;
        const view = resolveBucket(ctx.graph, arn, 'Model artifact');
        if (!view.ok) {
          unknown ??= view.outcome;
          continue;
        }
        const v = view.bucket.config.versioning;
        if (v === undefined) unknown ??= error(`Versioning of bucket ${view.bucket.name} could not be read.`);
        else if (v !== 'Enabled') unversioned.push(`${m.name} <- ${view.bucket.name} (${v})`);
      }
    }
    if (unversioned.length > 0)
      return fail(`Endpoint ${ep.name} serves model(s) from unversioned buckets: ${[...new Set(unversioned)].join('; ')}.`, {
        models: unversioned,
      });
    if (unknown) return unknown;
    if (artifacts === 0) return pass(`Endpoint ${ep.name} serves models without S3 artifacts (container-only).`);
    return pass(`All model artifacts served by endpoint ${ep.name} are in versioned buckets.`);
  },
});
