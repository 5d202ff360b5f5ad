/**
 * The reference checks this catalogue is compared against (issue 4), and the ones deliberately not implemented
 * as posture checks, with the reason. Tests assert that every reference id is named in some check's
 * `equivalents` or listed here; `docs/checks.md` is generated from the same data.
 */

/** Prowler Bedrock / SageMaker checks that must have an equivalent. */
export const PROWLER_REFERENCE = [
  'bedrock_agent_guardrail_enabled',
  'bedrock_agent_role_least_privilege',
  'bedrock_agent_role_not_shared_across_agents',
  'bedrock_api_key_no_administrative_privileges',
  'bedrock_api_key_no_long_term_credentials',
  'bedrock_custom_model_encrypted_with_cmk',
  'bedrock_full_access_policy_attached',
  'bedrock_guardrail_contextual_grounding_filter_enabled',
  'bedrock_guardrail_prompt_attack_filter_enabled',
  'bedrock_guardrail_sensitive_information_filter_enabled',
  'bedrock_guardrails_configured',
  'bedrock_knowledge_base_encrypted_with_cmk',
  'bedrock_model_invocation_logging_enabled',
  'bedrock_model_invocation_logs_encryption_enabled',
  'bedrock_prompt_encrypted_with_cmk',
  'bedrock_vpc_endpoints_configured',
  'sagemaker_domain_sso_configured',
  'sagemaker_endpoint_config_kms_encryption_enabled',
  'sagemaker_endpoint_config_prod_variant_instances',
  'sagemaker_models_monitor_enabled',
  'sagemaker_models_network_isolation_enabled',
  'sagemaker_models_registry_in_use',
  'sagemaker_models_vpc_settings_configured',
  'sagemaker_notebook_instance_encryption_enabled',
  'sagemaker_notebook_instance_no_secrets',
  'sagemaker_notebook_instance_root_access_disabled',
  'sagemaker_notebook_instance_vpc_settings_configured',
  'sagemaker_notebook_instance_without_direct_internet_access_configured',
  'sagemaker_training_jobs_intercontainer_encryption_enabled',
  'sagemaker_training_jobs_network_isolation_enabled',
  'sagemaker_training_jobs_volume_and_output_encryption_enabled',
  'sagemaker_training_jobs_vpc_settings_configured',
] as const;

/** AWS Security Hub CSPM controls that must have an equivalent: Bedrock.1, BedrockAgentCore.1-.7, SageMaker.1-.5, .8, .9-.25. */
export const SECURITY_HUB_REFERENCE = [
  'Bedrock.1',
  ...[1, 2, 3, 4, 5, 6, 7].map((n) => `BedrockAgentCore.${n}`),
  ...[1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25].map((n) => `SageMaker.${n}`),
] as const;

export interface NotApplicable {
  tool: 'prowler' | 'securityHub';
  id: string;
  reason: string;
}

/** Related reference checks that are intentionally not posture checks here. */
export const NOT_APPLICABLE: NotApplicable[] = [
  {
    tool: 'securityHub',
    id: 'SageMaker.6',
    reason:
      'Tagging of app image configurations is an asset-management convention, not an AI security property; app image configs are not inventoried.',
  },
  {
    tool: 'securityHub',
    id: 'SageMaker.7',
    reason: 'Tagging of SageMaker images is an asset-management convention, not an AI security property; images are not inventoried.',
  },
  {
    tool: 'prowler',
    id: 'bedrock_prompt_management_exists',
    reason:
      'Whether an account uses Prompt Management is a product choice, not a misconfiguration; prompts that exist are checked for CMK encryption.',
  },
  {
    tool: 'prowler',
    id: 'sagemaker_clarify_exists',
    reason:
      'Bias/explainability job definitions that exist are checked (SageMaker.10/.12/.15/.20); requiring Clarify everywhere is a governance decision, not a posture fact.',
  },
  {
    tool: 'prowler',
    id: 'cloudtrail_threat_detection_llm_jacking',
    reason: 'A runtime detection over CloudTrail, implemented by the log analyzer (issue 8 trail detectors), not a configuration check.',
  },
];
