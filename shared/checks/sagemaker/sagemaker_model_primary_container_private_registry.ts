import { isPrivateRegistry, registryOf } from '../lib/containers.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, manual, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_model_primary_container_private_registry',
    title: 'SageMaker model primary containers come from a private registry',
    severity: 'MEDIUM',
    service: 'sagemaker',
    resourceType: 'sagemaker.model',
    description:
      'Checks that the primary container image is pulled from Amazon ECR or through VPC registry access, not from a public registry (Security Hub SageMaker.16).',
    risk: 'Public registry images can be replaced or typosquatted; the served model then runs attacker code with the model execution role.',
    remediation: {
      text: 'Mirror the image into a private ECR repository (with scanning and immutable tags) and recreate the model from it.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/your-algorithms-containers-inference-private.html',
      cli: 'docker pull <public-image> && docker tag <public-image> <acct>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag> && docker push <acct>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>',
      cdk: "primaryContainer: { image: ecrRepo.repositoryUriForTag('1.0'), modelDataUrl }",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.supplyChain),
    equivalents: { securityHub: ['SageMaker.16'] },
    categories: ['gen-ai', 'supply-chain'],
  },
  evaluate(m) {
    const u = unread(m, ['primaryContainer']);
    if (u) return u;
    const c = m.config.primaryContainer;
    if (!c) return [];
    if (!c.image) return manual(`Model ${m.name}: primary container reports no image (marketplace or package-based); review its source.`);
    if (isPrivateRegistry(c)) return pass(`Model ${m.name} primary container comes from private registry ${registryOf(c)}.`);
    return fail(`Model ${m.name} primary container comes from public registry ${registryOf(c)}.`, { registry: registryOf(c) });
  },
});
