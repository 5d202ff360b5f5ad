import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_full_access_policy_attached',
    title: 'AmazonBedrockFullAccess is not attached to IAM roles',
    severity: 'HIGH',
    service: 'bedrock',
    resourceType: 'iam.role',
    description: 'Fails an inventoried IAM role that has the AWS managed policy AmazonBedrockFullAccess attached.',
    risk: 'AmazonBedrockFullAccess allows every Bedrock action, including deleting guardrails, disabling invocation logging, creating provisioned throughput and invoking any model.',
    remediation: {
      text: 'Detach AmazonBedrockFullAccess and grant only the Bedrock actions and model ARNs the workload uses.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/security-iam-awsmanpol.html',
      cli: 'aws iam detach-role-policy --role-name <role> --policy-arn arn:aws:iam::aws:policy/AmazonBedrockFullAccess',
      cdk: "role.addToPolicy(new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: [modelArn] }))",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.privilege, { owasp: ['LLM10'] }),
    equivalents: { prowler: ['bedrock_full_access_policy_attached'] },
    categories: ['gen-ai', 'iam'],
  },
  evaluate(role) {
    const u = unread(role, ['policies']);
    if (u) return u;
    const hit = role.config.policies.find(
      (p) => p.name === 'AmazonBedrockFullAccess' || (p.arn ?? '').endsWith(':policy/AmazonBedrockFullAccess'),
    );
    if (hit) return fail(`Role ${role.name} has AmazonBedrockFullAccess attached.`, { policyArn: hit.arn ?? hit.name });
    return pass(`Role ${role.name} does not have AmazonBedrockFullAccess attached.`);
  },
});
