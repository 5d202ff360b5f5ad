import { ECS_CHECKS } from '../../../shared/checks/ecs/index.ts';
import { IAM_CHECKS } from '../../../shared/checks/iam/index.ts';
import { LAMBDA_CHECKS } from '../../../shared/checks/lambda/index.ts';
import { S3_CHECKS } from '../../../shared/checks/s3/index.ts';
import { SECRETSMANAGER_CHECKS } from '../../../shared/checks/secretsmanager/index.ts';
import { iamCases, s3Cases, shadowCases } from '../../fixtures/checks/cases-other.ts';
import { describeChecks } from '../../fixtures/checks/run-cases.ts';

describeChecks(IAM_CHECKS, iamCases);
describeChecks(S3_CHECKS, s3Cases);
describeChecks([...LAMBDA_CHECKS, ...ECS_CHECKS, ...SECRETSMANAGER_CHECKS], shadowCases);
