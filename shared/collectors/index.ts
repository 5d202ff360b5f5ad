import type { AssetType } from '../domain/asset.ts';
import { bedrockCollectors } from './bedrock.ts';
import { bedrockAgentCollectors } from './bedrock-agent.ts';
import { bedrockAgentCoreCollectors } from './bedrock-agentcore.ts';
import type { TypeCollector } from './context.ts';
import { ec2Instances } from './ec2.ts';
import { bedrockApiKeys } from './iam.ts';
import { vpcEndpoints } from './network.ts';
import { sagemakerCollectors } from './sagemaker.ts';
import { inferenceExperiments, jobDefinitions } from './sagemaker-monitoring.ts';
import { shadowCollectors } from './shadow.ts';

/** Every collector that enumerates an asset type (derived types are built by the discovery pipeline). */
export const ALL_COLLECTORS: TypeCollector[] = [
  ...bedrockCollectors,
  ...bedrockAgentCollectors,
  ...bedrockAgentCoreCollectors,
  ...sagemakerCollectors,
  jobDefinitions,
  inferenceExperiments,
  ...shadowCollectors,
  vpcEndpoints,
  ec2Instances,
  bedrockApiKeys,
];

/** Types derived from references found by the collectors above (no listing of their own). */
export const DERIVED_TYPES: AssetType[] = ['bedrock.foundation-model', 'iam.role', 'iam.user', 's3.bucket'];

export function collectorFor(type: AssetType): TypeCollector | undefined {
  return ALL_COLLECTORS.find((c) => c.type === type);
}

export * from './context.ts';
