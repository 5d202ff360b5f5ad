import { BEDROCKAGENTCORE_CHECKS } from '../../../shared/checks/bedrockagentcore/index.ts';
import { agentcoreCases } from '../../fixtures/checks/cases-agentcore.ts';
import { describeChecks } from '../../fixtures/checks/run-cases.ts';

describeChecks(BEDROCKAGENTCORE_CHECKS, agentcoreCases);
