// Registry of every posture check (one file per check under shared/checks/<service>/).
import type { Check } from '../domain/check.ts';
import { BEDROCK_CHECKS } from './bedrock/index.ts';
import { BEDROCKAGENTCORE_CHECKS } from './bedrockagentcore/index.ts';
import { EC2_CHECKS } from './ec2/index.ts';
import { ECS_CHECKS } from './ecs/index.ts';
import { IAM_CHECKS } from './iam/index.ts';
import { LAMBDA_CHECKS } from './lambda/index.ts';
import { S3_CHECKS } from './s3/index.ts';
import { SAGEMAKER_CHECKS } from './sagemaker/index.ts';
import { SECRETSMANAGER_CHECKS } from './secretsmanager/index.ts';

export const ALL_CHECKS: Check[] = [
  ...BEDROCK_CHECKS,
  ...BEDROCKAGENTCORE_CHECKS,
  ...EC2_CHECKS,
  ...ECS_CHECKS,
  ...IAM_CHECKS,
  ...LAMBDA_CHECKS,
  ...S3_CHECKS,
  ...SAGEMAKER_CHECKS,
  ...SECRETSMANAGER_CHECKS,
];

export function checkById(id: string): Check | undefined {
  return ALL_CHECKS.find((c) => c.metadata.id === id);
}
