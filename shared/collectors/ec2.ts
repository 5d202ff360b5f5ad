import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
  GetEbsEncryptionByDefaultCommand,
  type Instance,
  type InstanceNetworkInterface,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { GetInstanceProfileCommand } from '@aws-sdk/client-iam';
import { classifyError, type ErrorClass, errorCode } from '../discovery/errors.ts';
import { isAcceleratedType, ML_IMAGE_NAME, modelServerInTagValue, SELF_HOSTED_MODEL_SERVER } from '../discovery/shadow-ai.ts';
import type {
  Ec2AiEvidence,
  Ec2IngressRule,
  Ec2InstanceConfig,
  Ec2NetworkInterfaceFacts,
  Ec2SecurityGroupFacts,
  Ec2VolumeFacts,
} from '../domain/asset-config.ts';
import { type AnyDraft, paginate, rel, type TypeCollector, type TypeRun, tagsOf, uniqRels } from './context.ts';

/** Instance states inventoried (terminated and shutting-down instances are gone). */
const STATES = ['pending', 'running', 'stopping', 'stopped'];
/** Ids per DescribeImages / DescribeSecurityGroups filter (the filter takes up to 200 values). */
const BATCH = 100;
const SVC = 'ec2';

export function instanceArn(partition: string, region: string, accountId: string, instanceId: string) {
  return `arn:${partition}:ec2:${region}:${accountId}:instance/${instanceId}`;
}

/** Why an instance is AI compute, from what DescribeInstances returns (type and tags); images are added later. */
export function evidenceOf(instanceType: string, tags: Record<string, string>, imageName?: string | null): Ec2AiEvidence[] {
  const out: Ec2AiEvidence[] = [];
  if (isAcceleratedType(instanceType)) out.push({ via: 'instance-type', where: instanceType });
  if (imageName && (ML_IMAGE_NAME.test(imageName) || SELF_HOSTED_MODEL_SERVER.test(imageName)))
    out.push({ via: 'image', where: imageName });
  for (const [k, v] of Object.entries(tags)) {
    if (k.startsWith('aws:')) continue;
    if (modelServerInTagValue(v) || SELF_HOSTED_MODEL_SERVER.test(k)) out.push({ via: 'tag', where: `${k}=${v}` });
  }
  return out;
}

/** The same error with its name as the message: EC2 / IAM messages can carry encoded principals and policies. */
function nameOnly(err: unknown): Error {
  const code = errorCode(err);
  return Object.assign(new Error(code), { name: code, $metadata: (err as { $metadata?: unknown } | null)?.$metadata });
}

/** A single read through `run.read`, its failure recorded with the error name only. */
function readNamed<T>(run: TypeRun, service: string, operation: string, fn: () => Promise<T>, errors: string[]) {
  return run.read(
    service,
    operation,
    () =>
      fn().catch((err: unknown) => {
        throw nameOnly(err);
      }),
    errors,
  );
}

/**
 * A paginated read of many resources; a failure is a coverage gap (error name only). Returns `null` when the read
 * completed, else the class of its error (`classifyError`: `throttled` / `error` are transient).
 */
async function pagedRead(run: TypeRun, operation: string, fn: () => Promise<void>): Promise<ErrorClass | null> {
  try {
    await fn();
    return null;
  } catch (err) {
    run.gap(SVC, operation, nameOnly(err));
    run.partial = true;
    return classifyError(err, 'list');
  }
}

const isTransient = (cls: ErrorClass | null) => cls === 'throttled' || cls === 'error';

function chunks<T>(items: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}

/** AMI names by image id (DescribeImages filtered by id: images no longer describable are simply absent). */
async function imageNames(run: TypeRun, ids: string[]): Promise<Map<string, string | null | undefined>> {
  const out = new Map<string, string | null | undefined>();
  await Promise.all(
    chunks(ids, BATCH).map(async (batch) => {
      const names = new Map<string, string>();
      const failed = await pagedRead(run, 'DescribeImages', () =>
        paginate(
          run,
          'DescribeImages',
          (t) =>
            run.client('ec2').send(
              new DescribeImagesCommand({
                Filters: [{ Name: 'image-id', Values: batch }],
                IncludeDeprecated: true,
                IncludeDisabled: true,
                MaxResults: 1000,
                NextToken: t,
              }),
            ),
          (p) => p.NextToken,
          (p) => {
            for (const i of p.Images ?? []) if (i.ImageId) names.set(i.ImageId, i.Name ?? '');
          },
        ),
      );
      for (const id of batch) out.set(id, failed === null ? (names.get(id) ?? null) : undefined);
    }),
  );
  return out;
}

function ruleOf(p: IpPermission): Ec2IngressRule {
  const protocol = p.IpProtocol ?? '-1';
  const ported = protocol === 'tcp' || protocol === 'udp' || protocol === '6' || protocol === '17';
  return {
    protocol,
    fromPort: ported && p.FromPort !== undefined && p.FromPort !== -1 ? p.FromPort : null,
    toPort: ported && p.ToPort !== undefined && p.ToPort !== -1 ? p.ToPort : null,
    ipv4Ranges: (p.IpRanges ?? []).flatMap((r) => (r.CidrIp ? [r.CidrIp] : [])),
    ipv6Ranges: (p.Ipv6Ranges ?? []).flatMap((r) => (r.CidrIpv6 ? [r.CidrIpv6] : [])),
    prefixListIds: (p.PrefixListIds ?? []).flatMap((r) => (r.PrefixListId ? [r.PrefixListId] : [])),
    sourceGroupIds: (p.UserIdGroupPairs ?? []).flatMap((r) => (r.GroupId ? [r.GroupId] : [])),
  };
}

/**
 * Ingress rules of security groups by id; `undefined` when unread; `null` for a group the call did not return (an
 * attached group cannot be deleted: it is not visible to this account, e.g. shared by the VPC owner, or was detached
 * in between).
 */
async function securityGroups(run: TypeRun, ids: string[]): Promise<Map<string, Ec2SecurityGroupFacts | null | undefined>> {
  const out = new Map<string, Ec2SecurityGroupFacts | null | undefined>();
  await Promise.all(
    chunks(ids, BATCH).map(async (batch) => {
      const found = new Map<string, Ec2SecurityGroupFacts>();
      const failed = await pagedRead(run, 'DescribeSecurityGroups', () =>
        paginate(
          run,
          'DescribeSecurityGroups',
          (t) =>
            run
              .client('ec2')
              .send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: batch }], MaxResults: 1000, NextToken: t })),
          (p) => p.NextToken,
          (p) => {
            for (const g of p.SecurityGroups ?? [])
              if (g.GroupId) found.set(g.GroupId, { groupName: g.GroupName ?? g.GroupId, ingress: (g.IpPermissions ?? []).map(ruleOf) });
          },
        ),
      );
      for (const id of batch) out.set(id, failed === null ? (found.get(id) ?? null) : undefined);
    }),
  );
  return out;
}

/**
 * Encryption of EBS volumes by id. A volume's `Encrypted` and `KmsKeyId` never change, so the facts recorded for a
 * volume id (`stored`: the stored AI instances' `volumes`) are reused without a call; only the ids not recorded yet (or
 * recorded as not returned) are described (DescribeVolumes filtered by volume id, batches of 100). `undefined` when
 * unread; `null` for a volume the call did not return (detached or deleted in between). A transient failure
 * (throttling, a server or network error) of a batch keeps what was recorded for its ids (a `null`), so the instance
 * does not change on a throttled call; its gap is recorded all the same.
 */
async function volumes(
  run: TypeRun,
  ids: string[],
  stored: Map<string, Ec2VolumeFacts | null>,
): Promise<Map<string, Ec2VolumeFacts | null | undefined>> {
  const out = new Map<string, Ec2VolumeFacts | null | undefined>();
  const ask: string[] = [];
  for (const id of ids) {
    const known = stored.get(id);
    if (known) out.set(id, known);
    else ask.push(id);
  }
  await Promise.all(
    chunks(ask, BATCH).map(async (batch) => {
      const found = new Map<string, Ec2VolumeFacts>();
      const failed = await pagedRead(run, 'DescribeVolumes', () =>
        paginate(
          run,
          'DescribeVolumes',
          (t) =>
            run
              .client('ec2')
              .send(new DescribeVolumesCommand({ Filters: [{ Name: 'volume-id', Values: batch }], MaxResults: 500, NextToken: t })),
          (p) => p.NextToken,
          (p) => {
            for (const v of p.Volumes ?? [])
              if (v.VolumeId) found.set(v.VolumeId, { encrypted: v.Encrypted === true, kmsKeyId: v.KmsKeyId || null });
          },
        ),
      );
      for (const id of batch) {
        if (failed === null) out.set(id, found.get(id) ?? null);
        else out.set(id, isTransient(failed) && stored.has(id) ? stored.get(id) : undefined);
      }
    }),
  );
  return out;
}

/**
 * The account's EBS encryption by default in the run's region, once per region and run: `value` is `undefined` when
 * unread, `transient` when the call failed transiently (the caller keeps the stored value). Evidence only: a failure
 * (e.g. a member role without ec2:GetEbsEncryptionByDefault) is logged, not a coverage gap, and does not make the run
 * partial.
 */
function encryptionByDefault(run: TypeRun): Promise<{ value?: boolean; transient: boolean }> {
  const key = `ebs-encryption-by-default|${run.region}`;
  let p = run.env.cache.get(key) as Promise<{ value?: boolean; transient: boolean }> | undefined;
  if (!p) {
    p = run
      .call('GetEbsEncryptionByDefault', () => run.client('ec2').send(new GetEbsEncryptionByDefaultCommand({})))
      .then(
        (out) => ({
          ...(typeof out?.EbsEncryptionByDefault === 'boolean' ? { value: out.EbsEncryptionByDefault } : {}),
          transient: false,
        }),
        (err: unknown) => {
          const cls = classifyError(err, 'describe');
          run.env.log.info('EBS encryption by default not read (evidence only)', { region: run.region, code: errorCode(err) });
          return { transient: isTransient(cls) };
        },
      );
    run.env.cache.set(key, p);
  }
  return p;
}

/** The stored item of an instance (tombstoned ones included: a volume's facts are the volume's, not the instance's). */
async function storedConfig(run: TypeRun, instanceId: string): Promise<Ec2InstanceConfig | undefined> {
  const stored = await run.env.previous?.(instanceArn(run.partition, run.region, run.accountId, instanceId));
  return stored?.type === 'ec2.instance' ? stored.config : undefined;
}

const volumeIdsOf = (i: Instance) => [...new Set((i.BlockDeviceMappings ?? []).flatMap((b) => (b.Ebs?.VolumeId ? [b.Ebs.VolumeId] : [])))];

/** Roles of an instance profile, once per profile and scan (IAM is global). `undefined` when the call failed. */
function profileRoles(run: TypeRun, profileArn: string): Promise<string[] | undefined> {
  const key = `iam-instance-profile|${profileArn}`;
  let p = run.env.cache.get(key) as Promise<string[] | undefined> | undefined;
  if (!p) {
    const name = profileArn.slice(profileArn.lastIndexOf('/') + 1);
    const errors: string[] = [];
    p = readNamed(
      run,
      'iam',
      'GetInstanceProfile',
      () => run.client('iam', 'global').send(new GetInstanceProfileCommand({ InstanceProfileName: name })),
      errors,
    ).then((out) => {
      if (out === undefined) return undefined;
      if (out === null) return [];
      return (out.InstanceProfile?.Roles ?? []).flatMap((r) => (r.Arn ? [r.Arn] : []));
    });
    run.env.cache.set(key, p);
  }
  return p;
}

const ids = (groups: { GroupId?: string }[] | undefined) => (groups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : []));

/**
 * Every public IPv4 address of a network interface: its primary private IP's (`Association`) and those of its
 * secondary private IPs (`PrivateIpAddresses[].Association`, e.g. an Elastic IP on a secondary private IP).
 */
function publicIpsOf(n: InstanceNetworkInterface): string[] {
  const ips = [n.Association?.PublicIp, ...(n.PrivateIpAddresses ?? []).map((p) => p.Association?.PublicIp)];
  return [...new Set(ips.filter((ip): ip is string => !!ip))].sort();
}

/**
 * The Elastic IPs among an interface's public IPv4 addresses: an association whose `IpOwnerId` is not `amazon` (an
 * AWS-assigned public IP is owned by `amazon`; an Elastic IP by the account, BYOIP included). An association without
 * an owner is counted as Elastic (it may be one: a DisassociateAddress then refreshes the instance, never the reverse).
 */
function elasticIpsOf(n: InstanceNetworkInterface): string[] {
  const assocs = [n.Association, ...(n.PrivateIpAddresses ?? []).map((p) => p.Association)];
  const ips = assocs.filter((a) => a?.PublicIp && a.IpOwnerId !== 'amazon').map((a) => a?.PublicIp as string);
  return [...new Set(ips)].sort();
}

/** The primary interface (it cannot be detached): network card 0 (the default), device index 0. */
function isPrimary(n: InstanceNetworkInterface): boolean {
  return (n.Attachment?.NetworkCardIndex ?? 0) === 0 && n.Attachment?.DeviceIndex === 0;
}

/**
 * Each network interface with its own public IPv4 addresses (every private IP's), IPv6 addresses and security groups (by device index); `undefined`
 * when the response lists none. An instance-level public IP no interface carries is the primary interface's.
 */
function interfacesOf(i: Instance): Ec2NetworkInterfaceFacts[] | undefined {
  if (!i.NetworkInterfaces?.length) return undefined;
  const out = i.NetworkInterfaces.map((n) => ({
    networkInterfaceId: n.NetworkInterfaceId ?? null,
    deviceIndex: n.Attachment?.DeviceIndex ?? null,
    // detachable interfaces only (all but the primary: network card 0, device index 0; on a multi-network-card
    // instance the interfaces of cards 1..N have device index 0 too): the primary's facts (and hash) are unchanged
    ...(n.Attachment?.AttachmentId && !isPrimary(n) ? { attachmentId: n.Attachment.AttachmentId } : {}),
    // only on a card other than 0: a single-card instance's facts (and hashes) are unchanged
    ...(n.Attachment?.NetworkCardIndex ? { networkCardIndex: n.Attachment.NetworkCardIndex } : {}),
    publicIps: publicIpsOf(n),
    // only on interfaces with a public IPv4 address: the others' facts (and hashes) are unchanged
    ...(publicIpsOf(n).length ? { elasticIps: elasticIpsOf(n) } : {}),
    ipv6Addresses: [...new Set((n.Ipv6Addresses ?? []).flatMap((a) => (a.Ipv6Address ? [a.Ipv6Address] : [])))].sort(),
    groupIds: ids(n.Groups),
  })).sort(
    (a, b) =>
      (a.deviceIndex ?? 99) - (b.deviceIndex ?? 99) ||
      (a.networkCardIndex ?? 0) - (b.networkCardIndex ?? 0) ||
      String(a.networkInterfaceId).localeCompare(String(b.networkInterfaceId)),
  );
  const primary = out[0] as Ec2NetworkInterfaceFacts;
  if (i.PublicIpAddress && !out.some((n) => n.publicIps.includes(i.PublicIpAddress as string))) {
    primary.publicIps = [...primary.publicIps, i.PublicIpAddress].sort();
    // its owner is not known: possibly an Elastic IP
    primary.elasticIps = [...(primary.elasticIps ?? []), i.PublicIpAddress].sort();
  }
  return out;
}

/** The instance-level groups (the primary interface's) and every interface's, each once. */
function groupIdsOf(i: Instance, nics: Ec2NetworkInterfaceFacts[] | undefined): string[] {
  return [...new Set([...ids(i.SecurityGroups), ...(nics ?? []).flatMap((n) => n.groupIds)])];
}

/**
 * What the stored asset says about the image of an instance whose image could not be described: its AMI name when the
 * image id is the recorded one (an AMI's name never changes); otherwise (root volume replaced with another AMI) the
 * image evidence recorded before, marked as such, with the name unread. Nothing when the instance is not stored or
 * its stored item is deleted (`deletedAt`).
 */
async function storedImage(run: TypeRun, i: Instance): Promise<{ imageName?: string | null; evidence: Ec2AiEvidence[] }> {
  const stored = await run.env.previous?.(instanceArn(run.partition, run.region, run.accountId, i.InstanceId as string));
  // a tombstone is what the instance was before it left the inventory, not what it is now
  if (stored?.type !== 'ec2.instance' || stored.deletedAt || !i.ImageId) return { evidence: [] };
  if (stored.config.imageId === i.ImageId) return { imageName: stored.config.imageName, evidence: [] };
  const recorded = stored.config.aiEvidence.filter((e) => e.via === 'image');
  return {
    evidence: recorded.map((e) => ({
      via: 'image',
      where: e.where.includes(' (recorded for ') ? e.where : `${e.where} (recorded for ${stored.config.imageId}; ${i.ImageId} not read)`,
    })),
  };
}

interface Candidate {
  instance: Instance;
  tags: Record<string, string>;
}

/**
 * Turns DescribeInstances results into AI-instance drafts: type and tag evidence first, then the AMI names of every
 * distinct image (an instance of an ordinary type can run a Deep Learning AMI), then the security groups and instance
 * profiles of the AI instances only.
 */
async function aiInstanceDrafts(run: TypeRun, instances: Instance[]): Promise<AnyDraft[]> {
  const all: Candidate[] = instances
    .filter((i) => i.InstanceId && STATES.includes(i.State?.Name ?? ''))
    .map((i) => ({ instance: i, tags: tagsOf(i.Tags) }));
  const imageIds = [...new Set(all.flatMap((c) => (c.instance.ImageId ? [c.instance.ImageId] : [])))];
  const names = imageIds.length ? await imageNames(run, imageIds) : new Map<string, string | null | undefined>();
  const ai = (
    await Promise.all(
      all.map(async (c) => {
        const imageName = c.instance.ImageId ? names.get(c.instance.ImageId) : null;
        if (imageName !== undefined) return { ...c, imageName, evidence: evidenceOf(c.instance.InstanceType ?? '', c.tags, imageName) };
        // DescribeImages failed: what is stored stands, so an instance found by its AMI alone is not tombstoned
        const kept = await storedImage(run, c.instance);
        return {
          ...c,
          imageName: kept.imageName,
          evidence: [...evidenceOf(c.instance.InstanceType ?? '', c.tags, kept.imageName), ...kept.evidence],
        };
      }),
    )
  ).filter((c) => c.evidence.length > 0);
  if (!ai.length) return [];
  const groupIds = [...new Set(ai.flatMap((c) => groupIdsOf(c.instance, interfacesOf(c.instance))))];
  const groups = groupIds.length ? await securityGroups(run, groupIds) : new Map<string, Ec2SecurityGroupFacts | null | undefined>();
  const volIds = [...new Set(ai.flatMap((c) => volumeIdsOf(c.instance)))];
  const before = new Map<string, Ec2InstanceConfig | undefined>();
  await Promise.all(
    ai.map(async (c) => before.set(c.instance.InstanceId as string, await storedConfig(run, c.instance.InstanceId as string))),
  );
  const storedVols = new Map<string, Ec2VolumeFacts | null>();
  for (const c of before.values())
    for (const [id, f] of Object.entries(c?.volumes ?? {})) if (f || !storedVols.has(id)) storedVols.set(id, f);
  const [vols, byDefault] = await Promise.all([
    volIds.length ? volumes(run, volIds, storedVols) : new Map<string, Ec2VolumeFacts | null | undefined>(),
    encryptionByDefault(run),
  ]);
  const profiles = new Map<string, string[] | undefined>();
  await Promise.all(
    [...new Set(ai.flatMap((c) => (c.instance.IamInstanceProfile?.Arn ? [c.instance.IamInstanceProfile.Arn] : [])))].map(async (arn) =>
      profiles.set(arn, await profileRoles(run, arn)),
    ),
  );
  return ai.map(({ instance: i, tags, imageName, evidence }) => {
    const nics = interfacesOf(i);
    const sgIds = groupIdsOf(i, nics);
    const sgFacts = sgIds.map((id) => [id, groups.get(id)] as const);
    const volFacts = volumeIdsOf(i).map((id) => [id, vols.get(id)] as const);
    const profileArn = i.IamInstanceProfile?.Arn ?? null;
    const roleArns = profileArn ? profiles.get(profileArn) : [];
    const mo = i.MetadataOptions;
    const publicIps = new Set<string>();
    if (i.PublicIpAddress) publicIps.add(i.PublicIpAddress);
    for (const n of i.NetworkInterfaces ?? []) for (const ip of publicIpsOf(n)) publicIps.add(ip);
    // a transient failure keeps the stored value: a throttled call must not rewrite every AI instance of the region
    const ebsDefault = byDefault.value ?? (byDefault.transient ? before.get(i.InstanceId as string)?.ebsEncryptionByDefault : undefined);
    const config: Ec2InstanceConfig = {
      instanceId: i.InstanceId as string,
      instanceType: i.InstanceType ?? '',
      state: i.State?.Name ?? '',
      imageId: i.ImageId ?? null,
      ...(imageName !== undefined ? { imageName } : {}),
      aiEvidence: evidence,
      publicIpAddresses: [...publicIps].sort(),
      publicDnsName: i.PublicDnsName || null,
      ipv6Addresses: [
        ...new Set(
          (i.NetworkInterfaces ?? []).flatMap((n) => (n.Ipv6Addresses ?? []).flatMap((a) => (a.Ipv6Address ? [a.Ipv6Address] : []))),
        ),
      ].sort(),
      ...(nics ? { networkInterfaces: nics } : {}),
      subnetId: i.SubnetId ?? null,
      vpcId: i.VpcId ?? null,
      securityGroupIds: sgIds,
      ...(sgFacts.every(([, f]) => f !== undefined)
        ? { securityGroups: Object.fromEntries(sgFacts) as Record<string, Ec2SecurityGroupFacts | null> }
        : {}),
      ...(mo
        ? {
            metadataOptions: {
              httpTokens: mo.HttpTokens ?? null,
              httpEndpoint: mo.HttpEndpoint ?? null,
              httpPutResponseHopLimit: mo.HttpPutResponseHopLimit ?? null,
            },
          }
        : {}),
      instanceProfileArn: profileArn,
      ...(roleArns !== undefined ? { instanceProfileRoleArns: roleArns } : {}),
      volumeIds: volumeIdsOf(i),
      ...(i.RootDeviceType
        ? {
            rootDeviceType: i.RootDeviceType,
            rootDeviceName: i.RootDeviceName ?? null,
            rootVolumeId: rootVolumeIdOf(i),
          }
        : {}),
      ...(volFacts.every(([, f]) => f !== undefined)
        ? { volumes: Object.fromEntries(volFacts) as Record<string, Ec2VolumeFacts | null> }
        : {}),
      ...(ebsDefault !== undefined ? { ebsEncryptionByDefault: ebsDefault } : {}),
    };
    const collectionErrors = [
      ...(imageName === undefined && i.ImageId ? ['DescribeImages: not read'] : []),
      ...(config.securityGroups === undefined && sgIds.length ? ['DescribeSecurityGroups: not read'] : []),
      ...(profileArn && roleArns === undefined ? ['GetInstanceProfile: not read'] : []),
      ...(config.volumes === undefined ? ['DescribeVolumes: not read'] : []),
    ];
    return {
      id: instanceArn(run.partition, run.region, run.accountId, config.instanceId),
      type: 'ec2.instance',
      region: run.region,
      name: tags.Name || config.instanceId,
      config,
      tags,
      relationships: uniqRels((roleArns ?? []).flatMap((r) => rel('assumes-role', r, 'iam.role'))),
      ...(collectionErrors.length ? { collectionErrors } : {}),
    } satisfies AnyDraft;
  });
}

/**
 * Self-hosted AI compute on EC2 (shadow AI): instances of accelerated families, instances running an ML image, and
 * instances whose tags name a model server or ML tool. User data and running processes are not inspected.
 */
export const ec2Instances: TypeCollector = {
  type: 'ec2.instance',
  service: SVC,
  scope: 'regional',
  async collect(run) {
    const instances: Instance[] = [];
    await paginate(
      run,
      'DescribeInstances',
      (t) =>
        run.client('ec2').send(
          new DescribeInstancesCommand({
            Filters: [{ Name: 'instance-state-name', Values: STATES }],
            MaxResults: 1000,
            NextToken: t,
          }),
        ),
      (p) => p.NextToken,
      (p) => {
        for (const r of p.Reservations ?? []) for (const i of r.Instances ?? []) instances.push(i);
      },
    );
    for (const d of await aiInstanceDrafts(run, instances)) run.emit(d);
  },
  async refresh(run, ref) {
    const id = ref.key.slice(ref.key.lastIndexOf('/') + 1);
    let instances: Instance[];
    try {
      const p = await run.call('DescribeInstances', () => run.client('ec2').send(new DescribeInstancesCommand({ InstanceIds: [id] })));
      instances = (p.Reservations ?? []).flatMap((r) => r.Instances ?? []);
    } catch (err) {
      // EC2 answers a terminated-and-gone or unknown id with a 400 `InvalidInstanceID.NotFound`
      if (errorCode(err) === 'InvalidInstanceID.NotFound') return null;
      throw nameOnly(err);
    }
    // an instance that is not (or no longer) AI compute, or is terminated, leaves the inventory
    return (await aiInstanceDrafts(run, instances))[0] ?? null;
  },
  idFor: (ref, accountId, partition) => (ref.key.startsWith('arn:') ? ref.key : instanceArn(partition, ref.region, accountId, ref.key)),
};

/** A device name without a leading `/dev/` (DescribeInstances may give `/dev/xvda` in one field and `xvda` in another). */
const deviceKey = (name: string) => name.replace(/^\/dev\//, '');

/** The volume id of the instance's root device among its block device mappings (`null`: no mapping names it). */
function rootVolumeIdOf(i: Instance): string | null {
  if (!i.RootDeviceName) return null;
  const root = deviceKey(i.RootDeviceName);
  return (i.BlockDeviceMappings ?? []).find((b) => b.DeviceName !== undefined && deviceKey(b.DeviceName) === root)?.Ebs?.VolumeId ?? null;
}
