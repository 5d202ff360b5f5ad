// Generated from the file names in this folder: one check per file, file name == check id.
import type { Check } from '../../domain/check.ts';
import ecs_task_definition_ai_provider_key_not_in_environment from './ecs_task_definition_ai_provider_key_not_in_environment.ts';
import ecs_task_definition_external_ai_provider_approved from './ecs_task_definition_external_ai_provider_approved.ts';

export const ECS_CHECKS = [
  ecs_task_definition_ai_provider_key_not_in_environment,
  ecs_task_definition_external_ai_provider_approved,
] as unknown as Check[];
