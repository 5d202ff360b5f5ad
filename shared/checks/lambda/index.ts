// Generated from the file names in this folder: one check per file, file name == check id.
import type { Check } from '../../domain/check.ts';
import lambda_function_ai_provider_key_not_in_environment from './lambda_function_ai_provider_key_not_in_environment.ts';
import lambda_function_external_ai_provider_approved from './lambda_function_external_ai_provider_approved.ts';

export const LAMBDA_CHECKS = [
  lambda_function_ai_provider_key_not_in_environment,
  lambda_function_external_ai_provider_approved,
] as unknown as Check[];
