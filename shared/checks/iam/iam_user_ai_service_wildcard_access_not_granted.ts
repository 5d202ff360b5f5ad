import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';
import {
  boundaryCappedNote,
  boundaryEvidence,
  boundaryFailNote,
  boundedGrants,
  describeHits,
  serviceWildcardGrants,
} from '../lib/policy.ts';

export default defineCheck({
  metadata: {
    id: 'iam_user_ai_service_wildcard_access_not_granted',
    title: 'IAM users are not granted bedrock:* or sagemaker:* on all resources',
    severity: 'HIGH',
    service: 'iam',
    resourceType: 'iam.user',
    description:
      "Fails an inventoried IAM user with an Allow of `bedrock:*` or `sagemaker:*` (or `*`) on `*`, from any attached, inline or group policy, unless the user's permissions boundary does not let the whole service through (a boundary that could not be read is not applied).",
    risk: 'Service-wide AI permissions let the principal disable invocation logging, delete guardrails, invoke any model (cost harvesting) and read every model, notebook and training artifact.',
    remediation: {
      text: 'Replace wildcard AI permissions with the specific actions and resource ARNs the workload needs.',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
      cli: 'aws iam put-user-policy --user-name <user> --policy-name scoped-ai --policy-document file://scoped.json',
      cdk: "user.addToPolicy(new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: [modelArn] }))",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.privilege, { owasp: ['LLM10'], atlas: ['AML.T0034'] }),
    equivalents: {},
    categories: ['gen-ai', 'iam'],
  },
  evaluate(user) {
    const u = unread(user, ['policies']);
    if (u) return u;
    const b = boundedGrants(
      user.config.policies,
      user.config.permissionsBoundary,
      (p, boundary) => [...serviceWildcardGrants(p, 'bedrock', boundary), ...serviceWildcardGrants(p, 'sagemaker', boundary)],
      // GetUser's ARN, its path included (the id has none)
      user.config.arn,
    );
    if (b.hits.length > 0)
      return fail(`User ${user.name} has AI service-wide permissions: ${describeHits(b.hits)}.${boundaryFailNote(b)}`, {
        policies: b.hits.map((h) => h.policy),
        grants: b.hits.map((h) => h.detail),
        ...boundaryEvidence(b),
      });
    return pass(`User ${user.name} has no bedrock:* or sagemaker:* on all resources.${boundaryCappedNote(b)}`, boundaryEvidence(b));
  },
});
