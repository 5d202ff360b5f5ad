import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_models_network_isolation_enabled',
    title: 'SageMaker hosted models have network isolation enabled',
    severity: 'HIGH',
    service: 'sagemaker',
    resourceType: 'sagemaker.model',
    description:
      'Checks that EnableNetworkIsolation is true on the model, so its containers cannot make outbound network calls (Security Hub SageMaker.5).',
    risk: 'A model container (third-party or tampered) with network access can exfiltrate request data or the model itself, or download further payloads.',
    remediation: {
      text: 'Recreate the model with EnableNetworkIsolation=true and update the endpoint configuration to use it.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/mkt-algo-model-internet-free.html',
      cli: 'aws sagemaker create-model --model-name <name> --execution-role-arn <role> --primary-container file://container.json --enable-network-isolation',
      cdk: "new sagemaker.CfnModel(this, 'Model', { executionRoleArn, primaryContainer, enableNetworkIsolation: true })",
    },
    types: [TYPES.bestPractice, TYPES.exfiltration],
    mappings: maps(M.network, { atlas: ['AML.T0024'] }),
    equivalents: { prowler: ['sagemaker_models_network_isolation_enabled'], securityHub: ['SageMaker.5'] },
    categories: ['gen-ai', 'network'],
  },
  evaluate(m) {
    const u = unread(m, ['enableNetworkIsolation']);
    if (u) return u;
    if (!m.config.enableNetworkIsolation) return fail(`Model ${m.name} does not have network isolation enabled.`);
    return pass(`Model ${m.name} has network isolation enabled.`);
  },
});
