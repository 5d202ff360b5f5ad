// Generated from the file names in this folder: one check per file, file name == check id.
import type { Check } from '../../domain/check.ts';
import secretsmanager_secret_ai_provider_key_encrypted_with_cmk from './secretsmanager_secret_ai_provider_key_encrypted_with_cmk.ts';
import secretsmanager_secret_ai_provider_key_rotation_enabled from './secretsmanager_secret_ai_provider_key_rotation_enabled.ts';

export const SECRETSMANAGER_CHECKS = [
  secretsmanager_secret_ai_provider_key_encrypted_with_cmk,
  secretsmanager_secret_ai_provider_key_rotation_enabled,
] as unknown as Check[];
