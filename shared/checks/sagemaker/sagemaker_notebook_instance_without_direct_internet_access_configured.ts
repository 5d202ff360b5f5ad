import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_notebook_instance_without_direct_internet_access_configured',
    title: 'SageMaker notebook instances have direct internet access disabled',
    severity: 'HIGH',
    service: 'sagemaker',
    resourceType: 'sagemaker.notebook-instance',
    description: 'Checks that DirectInternetAccess is Disabled (Security Hub SageMaker.1).',
    risk: 'Direct internet access bypasses VPC egress controls: data can be exfiltrated and untrusted packages or models pulled without inspection.',
    remediation: {
      text: 'Recreate the notebook with DirectInternetAccess Disabled in a private subnet and route egress through a NAT/proxy or VPC endpoints.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/appendix-notebook-and-internet-access.html',
      cli: 'aws sagemaker create-notebook-instance ... --direct-internet-access Disabled --subnet-id <subnet> --security-group-ids <sg>',
      cdk: "new sagemaker.CfnNotebookInstance(this, 'NB', { directInternetAccess: 'Disabled', subnetId, securityGroupIds, ... })",
    },
    types: [TYPES.bestPractice, TYPES.exfiltration],
    mappings: maps(M.network),
    equivalents: { prowler: ['sagemaker_notebook_instance_without_direct_internet_access_configured'], securityHub: ['SageMaker.1'] },
    categories: ['gen-ai', 'network'],
  },
  evaluate(nb) {
    const u = unread(nb, ['directInternetAccess']);
    if (u) return u;
    if (nb.config.directInternetAccess) return fail(`Notebook instance ${nb.name} has direct internet access.`);
    return pass(`Notebook instance ${nb.name} has direct internet access disabled.`);
  },
});
