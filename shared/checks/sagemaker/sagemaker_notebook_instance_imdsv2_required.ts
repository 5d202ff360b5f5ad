import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_notebook_instance_imdsv2_required',
    title: 'SageMaker notebook instances require IMDSv2',
    severity: 'MEDIUM',
    service: 'sagemaker',
    resourceType: 'sagemaker.notebook-instance',
    description: 'Checks that the minimum instance metadata service version is 2.',
    risk: 'With IMDSv1, a server-side request forgery in notebook code or a served app can read the notebook role credentials.',
    remediation: {
      text: 'Set the minimum IMDS version to 2.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/nbi-imds.html',
      cli: 'aws sagemaker update-notebook-instance --notebook-instance-name <name> --instance-metadata-service-configuration MinimumInstanceMetadataServiceVersion=2',
      cdk: "new sagemaker.CfnNotebookInstance(this, 'NB', { instanceMetadataServiceConfiguration: { minimumInstanceMetadataServiceVersion: '2' }, ... })",
    },
    types: [TYPES.bestPractice, TYPES.credentialAccess],
    mappings: maps(M.secrets, { atlas: ['AML.T0049'] }),
    equivalents: {},
    categories: ['gen-ai'],
  },
  evaluate(nb) {
    const u = unread(nb, ['minimumImdsVersion']);
    if (u) return u;
    if (nb.config.minimumImdsVersion !== '2')
      return fail(`Notebook instance ${nb.name} allows IMDSv1.`, { minimumImdsVersion: nb.config.minimumImdsVersion });
    return pass(`Notebook instance ${nb.name} requires IMDSv2.`);
  },
});
