// Generated from the file names in this folder: one check per file, file name == check id.
import type { Check } from '../../domain/check.ts';
import bedrock_agent_action_group_privileged_without_guardrail from './bedrock_agent_action_group_privileged_without_guardrail.ts';
import bedrock_agent_encrypted_with_cmk from './bedrock_agent_encrypted_with_cmk.ts';
import bedrock_agent_guardrail_enabled from './bedrock_agent_guardrail_enabled.ts';
import bedrock_agent_role_least_privilege from './bedrock_agent_role_least_privilege.ts';
import bedrock_agent_role_not_shared_across_agents from './bedrock_agent_role_not_shared_across_agents.ts';
import bedrock_api_key_expiration_configured from './bedrock_api_key_expiration_configured.ts';
import bedrock_api_key_no_administrative_privileges from './bedrock_api_key_no_administrative_privileges.ts';
import bedrock_api_key_no_long_term_credentials from './bedrock_api_key_no_long_term_credentials.ts';
import bedrock_api_key_rotated_within_90_days from './bedrock_api_key_rotated_within_90_days.ts';
import bedrock_custom_model_encrypted_with_cmk from './bedrock_custom_model_encrypted_with_cmk.ts';
import bedrock_custom_model_training_data_bucket_write_restricted from './bedrock_custom_model_training_data_bucket_write_restricted.ts';
import bedrock_customization_job_vpc_configured from './bedrock_customization_job_vpc_configured.ts';
import bedrock_full_access_policy_attached from './bedrock_full_access_policy_attached.ts';
import bedrock_guardrail_content_filters_enabled from './bedrock_guardrail_content_filters_enabled.ts';
import bedrock_guardrail_contextual_grounding_filter_enabled from './bedrock_guardrail_contextual_grounding_filter_enabled.ts';
import bedrock_guardrail_encrypted_with_cmk from './bedrock_guardrail_encrypted_with_cmk.ts';
import bedrock_guardrail_prompt_attack_filter_enabled from './bedrock_guardrail_prompt_attack_filter_enabled.ts';
import bedrock_guardrail_sensitive_information_filter_enabled from './bedrock_guardrail_sensitive_information_filter_enabled.ts';
import bedrock_guardrail_version_not_weaker_than_draft from './bedrock_guardrail_version_not_weaker_than_draft.ts';
import bedrock_guardrails_configured from './bedrock_guardrails_configured.ts';
import bedrock_imported_model_encrypted_with_cmk from './bedrock_imported_model_encrypted_with_cmk.ts';
import bedrock_knowledge_base_data_source_encrypted_with_cmk from './bedrock_knowledge_base_data_source_encrypted_with_cmk.ts';
import bedrock_knowledge_base_source_bucket_write_restricted from './bedrock_knowledge_base_source_bucket_write_restricted.ts';
import bedrock_knowledge_base_vector_store_approved from './bedrock_knowledge_base_vector_store_approved.ts';
import bedrock_model_invocation_logging_enabled from './bedrock_model_invocation_logging_enabled.ts';
import bedrock_model_invocation_logging_text_data_enabled from './bedrock_model_invocation_logging_text_data_enabled.ts';
import bedrock_model_invocation_logs_encryption_enabled from './bedrock_model_invocation_logs_encryption_enabled.ts';
import bedrock_model_invocation_logs_retention_configured from './bedrock_model_invocation_logs_retention_configured.ts';
import bedrock_prompt_encrypted_with_cmk from './bedrock_prompt_encrypted_with_cmk.ts';
import bedrock_vpc_endpoints_configured from './bedrock_vpc_endpoints_configured.ts';

export const BEDROCK_CHECKS = [
  bedrock_agent_action_group_privileged_without_guardrail,
  bedrock_agent_encrypted_with_cmk,
  bedrock_agent_guardrail_enabled,
  bedrock_agent_role_least_privilege,
  bedrock_agent_role_not_shared_across_agents,
  bedrock_api_key_expiration_configured,
  bedrock_api_key_no_administrative_privileges,
  bedrock_api_key_no_long_term_credentials,
  bedrock_api_key_rotated_within_90_days,
  bedrock_custom_model_encrypted_with_cmk,
  bedrock_custom_model_training_data_bucket_write_restricted,
  bedrock_customization_job_vpc_configured,
  bedrock_full_access_policy_attached,
  bedrock_guardrail_content_filters_enabled,
  bedrock_guardrail_contextual_grounding_filter_enabled,
  bedrock_guardrail_encrypted_with_cmk,
  bedrock_guardrail_prompt_attack_filter_enabled,
  bedrock_guardrail_sensitive_information_filter_enabled,
  bedrock_guardrail_version_not_weaker_than_draft,
  bedrock_guardrails_configured,
  bedrock_imported_model_encrypted_with_cmk,
  bedrock_knowledge_base_data_source_encrypted_with_cmk,
  bedrock_knowledge_base_source_bucket_write_restricted,
  bedrock_knowledge_base_vector_store_approved,
  bedrock_model_invocation_logging_enabled,
  bedrock_model_invocation_logging_text_data_enabled,
  bedrock_model_invocation_logs_encryption_enabled,
  bedrock_model_invocation_logs_retention_configured,
  bedrock_prompt_encrypted_with_cmk,
  bedrock_vpc_endpoints_configured,
] as unknown as Check[];
