import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_endpoint_config_prod_variant_instances',
    title: 'SageMaker production variants have more than one initial instance',
    severity: 'MEDIUM',
    service: 'sagemaker',
    resourceType: 'sagemaker.endpoint-config',
    description:
      'Checks that every instance-based production variant has an initial instance count above 1 so SageMaker can spread it across Availability Zones (Security Hub SageMaker.4). Serverless variants are skipped.',
    risk: 'A single instance is a single point of failure: an AZ outage or an instance failure (or a flood of expensive requests) takes the model offline.',
    remediation: {
      text: 'Create an endpoint configuration with InitialInstanceCount >= 2 per variant and update the endpoint.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/best-practices.html',
      cli: 'aws sagemaker create-endpoint-config --endpoint-config-name <new> --production-variants VariantName=AllTraffic,ModelName=<model>,InitialInstanceCount=2,InstanceType=ml.m5.large',
      cdk: "productionVariants: [{ variantName: 'AllTraffic', modelName, initialInstanceCount: 2, instanceType: 'ml.m5.large', initialVariantWeight: 1 }]",
    },
    types: [TYPES.bestPractice, TYPES.dos],
    mappings: maps(M.availability),
    equivalents: { prowler: ['sagemaker_endpoint_config_prod_variant_instances'], securityHub: ['SageMaker.4'] },
    categories: ['gen-ai', 'resilience'],
  },
  evaluate(ec) {
    const u = unread(ec, ['variants']);
    if (u) return u;
    const instance = ec.config.variants.filter((v) => !v.serverless);
    if (instance.length === 0) return [];
    const single = instance.filter((v) => (v.initialInstanceCount ?? 0) < 2);
    if (single.length > 0)
      return fail(
        `Endpoint configuration ${ec.name}: variant(s) ${single.map((v) => `${v.name} (${v.initialInstanceCount ?? 'unset'})`).join(', ')} have fewer than 2 instances.`,
        { variants: single.map((v) => v.name) },
      );
    return pass(`All production variants of ${ec.name} start with 2 or more instances.`);
  },
});
