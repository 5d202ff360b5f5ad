// Generated from the file names in this folder: one check per file, file name == check id.
import type { Check } from '../../domain/check.ts';
import ec2_ai_instance_admin_ports_not_public from './ec2_ai_instance_admin_ports_not_public.ts';
import ec2_ai_instance_ebs_volumes_encrypted from './ec2_ai_instance_ebs_volumes_encrypted.ts';
import ec2_ai_instance_imdsv2_required from './ec2_ai_instance_imdsv2_required.ts';
import ec2_ai_instance_model_server_ports_not_public from './ec2_ai_instance_model_server_ports_not_public.ts';

export const EC2_CHECKS = [
  ec2_ai_instance_admin_ports_not_public,
  ec2_ai_instance_ebs_volumes_encrypted,
  ec2_ai_instance_imdsv2_required,
  ec2_ai_instance_model_server_ports_not_public,
] as unknown as Check[];
