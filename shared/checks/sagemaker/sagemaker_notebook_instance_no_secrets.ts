import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_notebook_instance_no_secrets',
    title: 'SageMaker notebook lifecycle configurations contain no secrets',
    severity: 'HIGH',
    service: 'sagemaker',
    resourceType: 'sagemaker.notebook-instance',
    description:
      'Fails when the notebook lifecycle configuration scripts contain secret-like values (access keys, provider API keys, tokens, passwords). Only the kinds are recorded, never the values.',
    risk: 'Lifecycle scripts are readable by anyone with sagemaker:DescribeNotebookInstanceLifecycleConfig; embedded credentials leak to every reader and never rotate.',
    remediation: {
      text: 'Remove the secrets from the lifecycle script, rotate them, and read them at start-up from Secrets Manager using the notebook role.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/notebook-lifecycle-config.html',
      cli: 'aws sagemaker update-notebook-instance-lifecycle-config --notebook-instance-lifecycle-config-name <name> --on-start Content=$(base64 -w0 on-start.sh)',
      cdk: "new sagemaker.CfnNotebookInstanceLifecycleConfig(this, 'LC', { onStart: [{ content: Fn.base64('aws secretsmanager get-secret-value --secret-id ...') }] })",
    },
    types: [TYPES.bestPractice, TYPES.secrets],
    mappings: maps(M.secrets),
    equivalents: { prowler: ['sagemaker_notebook_instance_no_secrets'] },
    categories: ['gen-ai', 'secrets'],
  },
  evaluate(nb) {
    const u = unread(nb, ['lifecycleConfigName', 'lifecycleSecretKinds']);
    if (u) return u;
    if (!nb.config.lifecycleConfigName) return pass(`Notebook instance ${nb.name} has no lifecycle configuration.`);
    const kinds = nb.config.lifecycleSecretKinds ?? [];
    if (kinds.length > 0)
      return fail(
        `Lifecycle configuration ${nb.config.lifecycleConfigName} of notebook ${nb.name} contains secret-like values: ${kinds.join(', ')}.`,
        { secretKinds: kinds },
      );
    return pass(`Lifecycle configuration ${nb.config.lifecycleConfigName} of notebook ${nb.name} contains no secret-like values.`);
  },
});
