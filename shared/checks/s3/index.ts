// Generated from the file names in this folder: one check per file, file name == check id.
import type { Check } from '../../domain/check.ts';
import s3_ai_bucket_kms_encryption_enabled from './s3_ai_bucket_kms_encryption_enabled.ts';
import s3_ai_bucket_policy_read_not_public from './s3_ai_bucket_policy_read_not_public.ts';
import s3_ai_bucket_policy_write_restricted from './s3_ai_bucket_policy_write_restricted.ts';
import s3_ai_bucket_public_access_block_enabled from './s3_ai_bucket_public_access_block_enabled.ts';
import s3_ai_bucket_versioning_enabled from './s3_ai_bucket_versioning_enabled.ts';

export const S3_CHECKS = [
  s3_ai_bucket_kms_encryption_enabled,
  s3_ai_bucket_policy_read_not_public,
  s3_ai_bucket_policy_write_restricted,
  s3_ai_bucket_public_access_block_enabled,
  s3_ai_bucket_versioning_enabled,
] as unknown as Check[];
