import { readFileSync } from 'node:fs';

/**
 * IAM actions the stack grants. Kept in one place so the deployed policy and the CLI's documented read-only policy
 * (docs/iam-scan-policy.json) stay in step; a test compares them. The CloudTrail events the stack listens to are in
 * infra/event-patterns.ts.
 */

/**
 * Read-only actions discovery needs (no GetSecretValue, no GetObject on customer data; not metadata only: logs:StartQuery
 * runs a counting query on the invocation-log group, and function/task-definition describes return environment values,
 * scanned and dropped by shared/collectors/shadow.ts). The single
 * source is `docs/iam-scan-policy.json`, the policy documented for `aispm scan`; `test/shared/cli/scan-iam-policy.test.ts`
 * keeps it equal to the calls the collectors make, so the deployed function and the CLI need exactly the same rights.
 */
export const DISCOVERY_READ_ACTIONS: readonly string[] = (() => {
  const doc = JSON.parse(readFileSync(new URL('../docs/iam-scan-policy.json', import.meta.url), 'utf8')) as {
    Statement: { Effect: string; Action: string | string[] }[];
  };
  const actions = doc.Statement.filter((st) => st.Effect === 'Allow').flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
  return [...new Set(actions)].sort();
})();
