import { keyUsability } from '../lib/kms.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'ec2_ai_instance_ebs_volumes_encrypted',
    title: 'Self-hosted AI instances encrypt their EBS volumes',
    severity: 'MEDIUM',
    service: 'ec2',
    resourceType: 'ec2.instance',
    description:
      'Checks that every EBS volume attached to an AI instance is encrypted (DescribeVolumes). Any KMS key passes, the AWS-managed aws/ebs key included; a volume whose key is disabled, pending deletion or deleted (or waiting for key material, or unavailable) FAILs: its data cannot be decrypted, and the instance cannot start again. A key whose state kms:DescribeKey could not read keeps the verdict, with a note in the evidence. An attached volume DescribeVolumes did not return (detached or deleted in between), or volumes that could not be read, are an ERROR, never a PASS. Not applicable only to an instance-store-backed instance without EBS volumes: an EBS-backed instance whose root device is missing from its block device mappings (briefly, e.g. during a root volume replacement) is an ERROR. Whether EBS encryption by default is on in the region (GetEbsEncryptionByDefault) is reported as evidence: it decides whether new and replacement volumes are encrypted, not whether these are.',
    risk: 'AI instance volumes hold model weights, fine-tuning datasets, vector indexes, notebooks and cached credentials. An unencrypted volume is readable from any snapshot of it: a snapshot shared by mistake or copied by a principal with ec2:CreateSnapshot leaks all of it, and no key policy or CloudTrail key-use record stands in the way.',
    remediation: {
      text: 'An existing volume cannot be encrypted in place: snapshot it, copy the snapshot with encryption (a customer-managed key if access must be governed), create a volume from the copy and swap it in (stop the instance for the root volume, or use a root volume replacement task). Turn on EBS encryption by default in every region so new volumes are encrypted.',
      url: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html',
      cli: 'aws ec2 enable-ebs-encryption-by-default --region <region>\naws ec2 create-snapshot --volume-id <vol-id>\naws ec2 copy-snapshot --source-region <region> --source-snapshot-id <snap-id> --encrypted --kms-key-id <kms-key-arn>\naws ec2 create-replace-root-volume-task --instance-id <instance-id> --snapshot-id <encrypted-snap-id>',
      cdk: "new ec2.Instance(this, 'Gpu', { blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(200, { encrypted: true, kmsKey: key }) }], ... })",
    },
    types: [TYPES.bestPractice, TYPES.dataExposure],
    mappings: maps(M.encryption),
    equivalents: { prowler: ['ec2_ebs_volume_encryption'], securityHub: ['EC2.3'] },
    categories: ['gen-ai', 'shadow-ai', 'encryption', 'data'],
  },
  evaluate(inst) {
    const label = `Instance ${inst.name} (${inst.config.instanceId})`;
    const c = inst.config;
    // an EBS-backed instance whose root volume no mapping lists (briefly, while it is replaced or the instance
    // transitions) is not "no volume": its root volume's encryption is unknown
    const rootMissing = c.rootDeviceType === 'ebs' && !c.rootVolumeId;
    const rootEvidence = { rootDeviceType: c.rootDeviceType ?? null, rootDeviceName: c.rootDeviceName ?? null };
    if (c.volumeIds.length === 0) {
      // not applicable only to an instance-store-backed instance without EBS volumes
      if (c.rootDeviceType === 'instance-store') return [];
      return error(
        c.rootDeviceType === 'ebs'
          ? `${label} is EBS-backed, but DescribeInstances listed no EBS volume in its block device mappings (its root device ${c.rootDeviceName ?? '(unnamed)'} included), so the encryption of its root volume is not known; this is usually brief (root volume replacement, a state transition): the next scan judges it.`
          : `${label} lists no EBS volume and its root device type was not recorded, so whether it has an unjudged EBS root volume is not known.`,
        rootEvidence,
      );
    }
    const u = unread(inst, ['volumes']);
    if (u) return u;
    const vols = inst.config.volumes as NonNullable<typeof inst.config.volumes>;
    const byDefault = inst.config.ebsEncryptionByDefault;
    const defaults = byDefault === undefined ? {} : { ebsEncryptionByDefault: byDefault };
    const unencrypted = inst.config.volumeIds.filter((id) => vols[id]?.encrypted === false);
    const badKeys = inst.config.volumeIds.flatMap((id) => {
      const v = vols[id];
      if (!v?.encrypted || !v.kmsKeyId) return [];
      const k = keyUsability(inst, v.kmsKeyId);
      return k.unusable ? [{ volumeId: id, key: v.kmsKeyId, why: k.unusable, evidence: k.evidence }] : [];
    });
    const unknown = inst.config.volumeIds.filter((id) => !vols[id]);
    if (unencrypted.length || badKeys.length) {
      const parts = [
        ...(unencrypted.length ? [`unencrypted EBS volume${unencrypted.length > 1 ? 's' : ''} ${unencrypted.join(', ')}`] : []),
        ...badKeys.map((b) => `volume ${b.volumeId} encrypted with ${b.key}, ${b.why}`),
      ];
      const tail = byDefault === false ? ' EBS encryption by default is off in this region, so new volumes are not encrypted either.' : '';
      return fail(`${label} has ${parts.join('; ')}.${tail}`, {
        ...(unencrypted.length ? { unencryptedVolumeIds: unencrypted } : {}),
        ...(badKeys.length ? { unusableKeys: badKeys.map((b) => ({ volumeId: b.volumeId, ...b.evidence })) } : {}),
        ...(unknown.length ? { unreadVolumeIds: unknown } : {}),
        ...(rootMissing ? { ...rootEvidence, rootVolumeNote: 'the root device is not among the block device mappings: not judged' } : {}),
        ...defaults,
      });
    }
    if (rootMissing)
      return error(
        `${label} is EBS-backed, but its root device ${c.rootDeviceName ?? '(unnamed)'} is not among its block device mappings, so the encryption of its root volume is not known; this is usually brief (root volume replacement, a state transition): the next scan judges it.`,
        { ...rootEvidence, ...(unknown.length ? { unreadVolumeIds: unknown } : {}), ...defaults },
      );
    if (unknown.length)
      return error(
        `${label}: EBS volume${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ${unknown.length > 1 ? 'were' : 'was'} not returned by DescribeVolumes (detached or deleted since the instance was described), so ${unknown.length > 1 ? 'their' : 'its'} encryption is not known.`,
        { unreadVolumeIds: unknown, ...defaults },
      );
    const keys = inst.config.volumeIds.map((id) => {
      const v = vols[id] as { kmsKeyId: string | null };
      return { volumeId: id, ...(v.kmsKeyId ? keyUsability(inst, v.kmsKeyId).evidence : { kmsKey: null }) };
    });
    return pass(
      `${label} has all ${inst.config.volumeIds.length} attached EBS volume${inst.config.volumeIds.length > 1 ? 's' : ''} encrypted.`,
      {
        volumes: keys,
        ...defaults,
      },
    );
  },
});
