import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_notebook_instance_vpc_settings_configured',
    title: 'SageMaker notebook instances run in a customer VPC',
    severity: 'HIGH',
    service: 'sagemaker',
    resourceType: 'sagemaker.notebook-instance',
    description: 'Checks that the notebook instance is launched in a subnet of a customer VPC (Security Hub SageMaker.2).',
    risk: 'Outside a customer VPC the instance cannot be reached by VPC controls (security groups, endpoint policies, flow logs) and its traffic cannot be inspected.',
    remediation: {
      text: 'Recreate the notebook instance with SubnetId and SecurityGroupIds of a private subnet.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/appendix-notebook-and-internet-access.html',
      cli: 'aws sagemaker create-notebook-instance ... --subnet-id <subnet> --security-group-ids <sg>',
      cdk: "new sagemaker.CfnNotebookInstance(this, 'NB', { subnetId, securityGroupIds: [sg.securityGroupId], ... })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.network),
    equivalents: { prowler: ['sagemaker_notebook_instance_vpc_settings_configured'], securityHub: ['SageMaker.2'] },
    categories: ['gen-ai', 'network'],
  },
  evaluate(nb) {
    const u = unread(nb, ['subnetId']);
    if (u) return u;
    if (!nb.config.subnetId) return fail(`Notebook instance ${nb.name} is not in a customer VPC.`);
    return pass(`Notebook instance ${nb.name} runs in subnet ${nb.config.subnetId}.`);
  },
});
