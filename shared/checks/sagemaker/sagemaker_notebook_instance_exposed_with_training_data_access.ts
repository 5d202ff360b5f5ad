import { canReadBucket, trainingBuckets } from '../lib/data.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, pass, unread } from '../lib/outcome.ts';

/**
 * Toxic combination: notebook with direct internet access AND root access whose execution role can read training
 * data. Reads notebook -> role -> policies and the training buckets of the inventory through the graph.
 */
export default defineCheck({
  metadata: {
    id: 'sagemaker_notebook_instance_exposed_with_training_data_access',
    title: 'Internet-exposed root notebooks cannot read training data',
    severity: 'HIGH',
    service: 'sagemaker',
    resourceType: 'sagemaker.notebook-instance',
    description:
      'Toxic combination: the notebook has direct internet access AND root access AND its execution role can read a training-data bucket.',
    risk: 'A compromised notebook package or a malicious user with root can read the training set and send it straight to the internet, or tamper with it (poisoning), without any VPC control in the way.',
    remediation: {
      text: 'Disable direct internet access and root access, or restrict the notebook role so it cannot read training buckets; keep training data access to training jobs in a VPC.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/appendix-notebook-and-internet-access.html',
      cli: 'aws sagemaker update-notebook-instance --notebook-instance-name <name> --root-access Disabled',
      cdk: "new sagemaker.CfnNotebookInstance(this, 'NB', { directInternetAccess: 'Disabled', rootAccess: 'Disabled', subnetId, securityGroupIds, ... })",
    },
    types: [TYPES.bestPractice, TYPES.exfiltration],
    mappings: maps(M.network, M.dataIntegrity, { atlas: ['AML.T0035'], owasp: ['LLM02'] }),
    equivalents: {},
    categories: ['gen-ai', 'toxic-combination', 'data'],
  },
  evaluate(nb, ctx) {
    const u = unread(nb, ['directInternetAccess', 'rootAccess', 'roleArn']);
    if (u) return u;
    if (!nb.config.directInternetAccess || !nb.config.rootAccess) {
      return pass(`Notebook instance ${nb.name} does not combine direct internet access with root access.`);
    }
    const role = ctx.graph.get(nb.config.roleArn);
    if (role?.type !== 'iam.role' || role.config?.policies === undefined) {
      return error(`Notebook instance ${nb.name} has internet and root access, and its role ${nb.config.roleArn} could not be read.`, {
        roleArn: nb.config.roleArn,
      });
    }
    const readable = trainingBuckets(ctx.graph, nb.accountId).filter((b) => canReadBucket(role.config.policies, b.name));
    if (readable.length > 0) {
      return fail(
        `Notebook instance ${nb.name} has direct internet access and root access, and its role ${role.name} can read training data in ${readable.map((b) => b.name).join(', ')}.`,
        {
          roleArn: role.id,
          buckets: readable.map((b) => b.id),
        },
      );
    }
    return pass(
      `Notebook instance ${nb.name} has internet and root access, but its role ${role.name} cannot read any inventoried training bucket.`,
    );
  },
});
