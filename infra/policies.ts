import { readFileSync } from 'node:fs';
import { TRAIL_EVENT_NAMES } from '../shared/detectors/cloudtrail.ts';

/**
 * IAM actions and event names the stack grants / listens to. Kept in one place so the deployed policy, the CLI's
 * documented read-only policy (docs/iam-scan-policy.json) and the CloudTrail rule stay in step; a test compares them.
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

/**
 * Bedrock (and IAM, for Bedrock API keys) calls the runtime analyzer watches for LLMjacking reconnaissance and defence
 * evasion: every event name the CloudTrail detectors read (`TRAIL_EVENT_NAMES`), so the rule cannot fall behind them.
 */
export const RUNTIME_TRAIL_EVENTS: readonly string[] = TRAIL_EVENT_NAMES;
