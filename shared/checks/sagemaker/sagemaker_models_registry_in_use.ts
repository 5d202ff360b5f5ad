import { gapsFor } from '../lib/context.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, pass } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_models_registry_in_use',
    title: 'SageMaker Model Registry is used where models are deployed',
    severity: 'LOW',
    service: 'sagemaker',
    resourceType: 'sagemaker.model',
    description:
      'Checks that the region holding the model has at least one model package group with registered packages, so deployed models have a versioned, approved lineage.',
    risk: 'Without a registry there is no record of which artifact, data and approval produced a deployed model; tampered or unapproved models cannot be told apart.',
    remediation: {
      text: 'Register models in a model package group with approval status and deploy only approved packages.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/model-registry.html',
      cli: 'aws sagemaker create-model-package-group --model-package-group-name <name> && aws sagemaker create-model-package --model-package-group-name <name> --inference-specification file://spec.json --model-approval-status PendingManualApproval',
      cdk: "new sagemaker.CfnModelPackageGroup(this, 'Group', { modelPackageGroupName })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.governance),
    equivalents: { prowler: ['sagemaker_models_registry_in_use'] },
    categories: ['gen-ai', 'governance'],
  },
  evaluate(m, ctx) {
    const groups = ctx.graph
      .byType('sagemaker.model-package-group', { accountId: m.accountId, region: m.region })
      .filter((g) => (g.config?.packageCount ?? 0) > 0);
    if (groups.length > 0)
      return pass(`Region ${m.region} has ${groups.length} model package group(s) with registered models.`, {
        groups: groups.map((g) => g.name),
      });
    if (gapsFor(ctx.graph, m, 'sagemaker').length > 0)
      return error(`SageMaker in ${m.region} could not be fully read, so the model registry state of ${m.name} is unknown.`);
    return fail(`Model ${m.name} is deployed in ${m.region}, where no model package group has registered models.`);
  },
});
