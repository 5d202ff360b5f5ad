import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_notebook_instance_root_access_disabled',
    title: 'SageMaker notebook instances do not give users root access',
    severity: 'HIGH',
    service: 'sagemaker',
    resourceType: 'sagemaker.notebook-instance',
    description: 'Checks that RootAccess is Disabled on the notebook instance (Security Hub SageMaker.3).',
    risk: "With root, any notebook user (or code they run, such as a malicious package) can change the instance, disable controls, read other users' data and persist.",
    remediation: {
      text: 'Stop the notebook, set RootAccess to Disabled and start it again; install system packages through lifecycle configurations instead.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/nbi-root-access.html',
      cli: 'aws sagemaker update-notebook-instance --notebook-instance-name <name> --root-access Disabled',
      cdk: "new sagemaker.CfnNotebookInstance(this, 'NB', { rootAccess: 'Disabled', ... })",
    },
    types: [TYPES.bestPractice, TYPES.privEsc],
    mappings: maps(M.privilege, { owasp: ['LLM03'], atlas: ['AML.T0010'] }),
    equivalents: { prowler: ['sagemaker_notebook_instance_root_access_disabled'], securityHub: ['SageMaker.3'] },
    categories: ['gen-ai'],
  },
  evaluate(nb) {
    const u = unread(nb, ['rootAccess']);
    if (u) return u;
    if (nb.config.rootAccess) return fail(`Notebook instance ${nb.name} gives users root access.`);
    return pass(`Notebook instance ${nb.name} has root access disabled.`);
  },
});
