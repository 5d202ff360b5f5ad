import { apiKeyOwnerArn } from '../lib/context.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, pass, unread } from '../lib/outcome.ts';
import { boundaryCappedNote, boundaryEvidence, boundaryFailNote, boundedGrants, describeHits, overPrivilege } from '../lib/policy.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_api_key_no_administrative_privileges',
    title: 'Bedrock API keys belong to users without administrative privileges',
    severity: 'HIGH',
    service: 'bedrock',
    resourceType: 'iam.bedrock-api-key',
    description:
      "For every active long-term Bedrock API key, checks that the owning IAM user has no administrator access, no privilege-escalation actions and no `bedrock:*` on `*` that the user's permissions boundary lets through (a boundary that could not be read is not applied).",
    risk: 'A Bedrock API key is a bearer token that is easy to leak (code, notebooks, chat). If its user is an administrator, a leaked key is an account compromise, not just model abuse.',
    remediation: {
      text: 'Issue Bedrock API keys only to dedicated users with a policy limited to bedrock:InvokeModel* / bedrock:CallWithBearerToken on the models they need; prefer short-term keys.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html',
      cli: 'aws iam detach-user-policy --user-name <user> --policy-arn <admin-policy-arn>',
      cdk: "new iam.User(this, 'BedrockKeyUser', { managedPolicies: [scopedInvokePolicy] })",
    },
    types: [TYPES.bestPractice, TYPES.privEsc],
    mappings: maps(M.privilege, M.secrets),
    equivalents: { prowler: ['bedrock_api_key_no_administrative_privileges'] },
    categories: ['gen-ai', 'iam', 'credentials'],
  },
  evaluate(key) {
    const u = unread(key, ['status', 'userPolicies']);
    if (u) return u;
    if (key.config.status !== 'Active')
      return pass(`Bedrock API key ${key.name} is ${key.config.status} and cannot be used.`, { status: key.config.status });
    const owner = apiKeyOwnerArn(key);
    const b = boundedGrants(
      key.config.userPolicies ?? [],
      key.config.userPermissionsBoundary,
      (p, boundary) => overPrivilege(p, ['bedrock'], boundary),
      owner?.arn,
      owner?.exact,
    );
    if (b.hits.length > 0) {
      return fail(
        `Bedrock API key ${key.name} belongs to ${key.config.userName}, who is over-privileged: ${describeHits(b.hits)}.${boundaryFailNote(b)}`,
        {
          userName: key.config.userName,
          policies: b.hits.map((h) => h.policy),
          grants: b.hits.map((h) => h.detail),
          ...boundaryEvidence(b),
        },
      );
    }
    return pass(
      `Bedrock API key ${key.name} belongs to ${key.config.userName}, who has no administrative, escalation or bedrock:* grants.${boundaryCappedNote(b)}`,
      { userName: key.config.userName, ...boundaryEvidence(b) },
    );
  },
});
