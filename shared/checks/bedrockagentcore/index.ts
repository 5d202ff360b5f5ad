// Generated from the file names in this folder: one check per file, file name == check id.
import type { Check } from '../../domain/check.ts';
import bedrockagentcore_browser_network_mode_not_public from './bedrockagentcore_browser_network_mode_not_public.ts';
import bedrockagentcore_browser_session_recording_enabled from './bedrockagentcore_browser_session_recording_enabled.ts';
import bedrockagentcore_code_interpreter_vpc_network_mode_configured from './bedrockagentcore_code_interpreter_vpc_network_mode_configured.ts';
import bedrockagentcore_gateway_encrypted_with_cmk from './bedrockagentcore_gateway_encrypted_with_cmk.ts';
import bedrockagentcore_gateway_exception_level_not_debug from './bedrockagentcore_gateway_exception_level_not_debug.ts';
import bedrockagentcore_gateway_inbound_authorization_enabled from './bedrockagentcore_gateway_inbound_authorization_enabled.ts';
import bedrockagentcore_memory_encrypted_with_cmk from './bedrockagentcore_memory_encrypted_with_cmk.ts';
import bedrockagentcore_runtime_environment_no_secrets from './bedrockagentcore_runtime_environment_no_secrets.ts';
import bedrockagentcore_runtime_mmdsv2_required from './bedrockagentcore_runtime_mmdsv2_required.ts';
import bedrockagentcore_runtime_vpc_network_mode_configured from './bedrockagentcore_runtime_vpc_network_mode_configured.ts';

export const BEDROCKAGENTCORE_CHECKS = [
  bedrockagentcore_browser_network_mode_not_public,
  bedrockagentcore_browser_session_recording_enabled,
  bedrockagentcore_code_interpreter_vpc_network_mode_configured,
  bedrockagentcore_gateway_encrypted_with_cmk,
  bedrockagentcore_gateway_exception_level_not_debug,
  bedrockagentcore_gateway_inbound_authorization_enabled,
  bedrockagentcore_memory_encrypted_with_cmk,
  bedrockagentcore_runtime_environment_no_secrets,
  bedrockagentcore_runtime_mmdsv2_required,
  bedrockagentcore_runtime_vpc_network_mode_configured,
] as unknown as Check[];
