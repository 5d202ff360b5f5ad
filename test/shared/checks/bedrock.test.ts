import { BEDROCK_CHECKS } from '../../../shared/checks/bedrock/index.ts';
import { bedrockCases } from '../../fixtures/checks/cases-bedrock.ts';
import { describeChecks } from '../../fixtures/checks/run-cases.ts';

describeChecks(BEDROCK_CHECKS, bedrockCases);
