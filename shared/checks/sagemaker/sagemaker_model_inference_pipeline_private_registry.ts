import { isPrivateRegistry, registryOf } from '../lib/containers.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, manual, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_model_inference_pipeline_private_registry',
    title: 'SageMaker multi-container inference pipelines use private registries',
    severity: 'MEDIUM',
    service: 'sagemaker',
    resourceType: 'sagemaker.model',
    description:
      'For models with several containers (inference pipelines / multi-container), every container image must come from Amazon ECR or VPC registry access (Security Hub SageMaker.19).',
    risk: 'One public image in the pipeline is enough to run attacker code on every request passing through it.',
    remediation: {
      text: 'Mirror each container image into private ECR and recreate the model.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/inference-pipelines.html',
      cli: 'aws sagemaker create-model --model-name <name> --containers file://private-containers.json --execution-role-arn <role>',
      cdk: "containers: images.map((repo) => ({ image: repo.repositoryUriForTag('1.0') }))",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.supplyChain),
    equivalents: { securityHub: ['SageMaker.19'] },
    categories: ['gen-ai', 'supply-chain'],
  },
  evaluate(m) {
    const u = unread(m, ['containers']);
    if (u) return u;
    const cs = m.config.containers;
    if (cs.length < 2) return [];
    const noImage = cs.filter((c) => !c.image);
    const pub = cs.filter((c) => c.image && !isPrivateRegistry(c));
    if (pub.length > 0)
      return fail(`Model ${m.name} pipeline uses public registries: ${pub.map((c) => registryOf(c)).join(', ')}.`, {
        registries: pub.map((c) => registryOf(c) ?? ''),
      });
    if (noImage.length > 0) return manual(`Model ${m.name}: ${noImage.length} pipeline container(s) report no image; review their source.`);
    return pass(`All ${cs.length} containers of model ${m.name} come from private registries.`);
  },
});
