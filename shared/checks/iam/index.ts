// Generated from the file names in this folder: one check per file, file name == check id.
import type { Check } from '../../domain/check.ts';
import iam_role_ai_service_wildcard_access_not_granted from './iam_role_ai_service_wildcard_access_not_granted.ts';
import iam_role_ai_workload_no_administrative_privileges from './iam_role_ai_workload_no_administrative_privileges.ts';
import iam_role_ai_workload_trust_not_external from './iam_role_ai_workload_trust_not_external.ts';
import iam_user_ai_service_wildcard_access_not_granted from './iam_user_ai_service_wildcard_access_not_granted.ts';

export const IAM_CHECKS = [
  iam_role_ai_service_wildcard_access_not_granted,
  iam_role_ai_workload_no_administrative_privileges,
  iam_role_ai_workload_trust_not_external,
  iam_user_ai_service_wildcard_access_not_granted,
] as unknown as Check[];
