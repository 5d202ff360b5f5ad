import { SAGEMAKER_CHECKS } from '../../../shared/checks/sagemaker/index.ts';
import { sagemakerCases } from '../../fixtures/checks/cases-sagemaker.ts';
import { describeChecks } from '../../fixtures/checks/run-cases.ts';

describeChecks(SAGEMAKER_CHECKS, sagemakerCases);
