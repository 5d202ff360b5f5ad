import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
  type Instance,
} from '@aws-sdk/client-ec2';
import { GetInstanceProfileCommand, IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InventoryGraph } from '../../../shared/assessment/graph.ts';
import { EC2_CHECKS } from '../../../shared/checks/ec2/index.ts';
import { runCollector, TypeRun } from '../../../shared/collectors/context.ts';
import { ec2Instances, evidenceOf } from '../../../shared/collectors/ec2.ts';
import { ACCELERATED_FAMILIES } from '../../../shared/discovery/shadow-ai.ts';
import type { Ec2InstanceConfig } from '../../../shared/domain/asset-config.ts';
import { finalizeDraft } from '../../../shared/pipeline/discover.ts';
import { NOW } from '../../fixtures/checks/builders.ts';
import { ACCOUNT, awsError, testEnv } from '../../fixtures/discovery/env.ts';

const ec2 = mockClient(EC2Client);
const iam = mockClient(IAMClient);
afterEach(() => {
  ec2.reset();
  iam.reset();
});
/**
 * Every DescribeVolumes answers "no such volume" unless a test says otherwise: an attached volume is then unknown and
 * the EBS check answers ERROR, never PASS, so no test passes the volume path by default (volume tests mock their own
 * answers; `allEncrypted` is for the tests about other things). GetEbsEncryptionByDefault is not answered (unread).
 */
beforeEach(() => {
  ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] });
});
function allEncrypted() {
  ec2.on(DescribeVolumesCommand).callsFake((input: { Filters?: { Name?: string; Values?: string[] }[] }) => ({
    Volumes: (input.Filters?.find((f) => f.Name === 'volume-id')?.Values ?? []).map((id) => ({ VolumeId: id, Encrypted: true })),
  }));
  ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
}

const PROFILE = `arn:aws:iam::${ACCOUNT}:instance-profile/ml/gpu-profile`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/gpu-role`;

function inst(id: string, type: string, extra: Partial<Instance> = {}): Instance {
  return {
    InstanceId: id,
    InstanceType: type as Instance['InstanceType'],
    ImageId: 'ami-plain',
    State: { Name: 'running' },
    SubnetId: 'subnet-1',
    VpcId: 'vpc-1',
    SecurityGroups: [{ GroupId: 'sg-web' }],
    MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 1 },
    BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: `vol-${id}` } }],
    ...extra,
  };
}

const cfg = (d: { config: unknown }) => d.config as Ec2InstanceConfig;

describe('evidenceOf', () => {
  it('recognizes accelerated families, ML images and model-server words in tags, with word boundaries', () => {
    expect(evidenceOf('g5.xlarge', {})).toEqual([{ via: 'instance-type', where: 'g5.xlarge' }]);
    expect(evidenceOf('p6-b200.48xlarge', {})).toEqual([{ via: 'instance-type', where: 'p6-b200.48xlarge' }]);
    expect(evidenceOf('g4.xlarge', {})).toEqual([]); // not a family
    expect(evidenceOf('t3.micro', {}, 'Deep Learning OSS Nvidia Driver AMI GPU PyTorch 2.5 (Ubuntu 22.04)')).toHaveLength(1);
    expect(evidenceOf('t3.micro', {}, 'Deep Learning Base AMI (Amazon Linux 2023)')[0]?.via).toBe('image');
    expect(evidenceOf('c6i.large', {}, 'aws-neuron-sdk-2.20')).toHaveLength(1);
    expect(evidenceOf('c6i.large', {}, 'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server')).toEqual([]);
    expect(evidenceOf('c6i.large', { Name: 'ollama-playground' })).toEqual([{ via: 'tag', where: 'Name=ollama-playground' }]);
    expect(evidenceOf('c6i.large', { app: 'ray-head' })).toHaveLength(1);
    expect(evidenceOf('c6i.large', { Name: 'tritonserver-1', stack: 'jupyterhub' })).toHaveLength(2);
    // ray / tgi only as whole words; aws: tags are ignored
    expect(
      evidenceOf('c6i.large', { Name: 'xray-daemon', team: 'array-db', color: 'gray', 'aws:cloudformation:stack-name': 'ollama' }),
    ).toEqual([]);
    expect(ACCELERATED_FAMILIES).toContain('trn2');
  });

  it('a person named Ray in a tag value is not AI compute; Ray cluster roles, KubeRay, Anyscale and a ray tag key are', () => {
    expect(evidenceOf('c6i.large', { Owner: 'Ray Smith', Contact: 'ray.smith@example.com', Team: 'Ray' })).toEqual([]);
    expect(evidenceOf('c6i.large', { Name: 'ray-head-0' })).toEqual([{ via: 'tag', where: 'Name=ray-head-0' }]);
    expect(evidenceOf('c6i.large', { role: 'ray_worker' })).toHaveLength(1);
    expect(evidenceOf('c6i.large', { Name: 'Ray Smith ray-cluster' })).toHaveLength(1);
    expect(evidenceOf('c6i.large', { operator: 'kuberay' })).toHaveLength(1);
    expect(evidenceOf('c6i.large', { platform: 'anyscale' })).toHaveLength(1);
    expect(evidenceOf('c6i.large', { 'ray.io/node-type': 'head' })).toHaveLength(1);
    // other words are not names: Owner=jupyter-team, Name=triton-1 still count
    expect(evidenceOf('c6i.large', { Owner: 'jupyter-team', Name: 'triton-1' })).toHaveLength(2);
  });
});

describe('EC2 AI instances', () => {
  it('keeps only AI instances, describes images once (by filter, tolerating gone images), SGs of AI instances only, profiles once', async () => {
    allEncrypted();
    ec2.on(DescribeInstancesCommand).callsFake((input: { NextToken?: string }) =>
      input.NextToken
        ? {
            Reservations: [
              {
                Instances: [
                  inst('i-dlami', 't3.large', { ImageId: 'ami-dl', SecurityGroups: [{ GroupId: 'sg-ai' }] }),
                  inst('i-gone', 't3.large', { ImageId: 'ami-gone' }),
                ],
              },
            ],
          }
        : {
            Reservations: [
              {
                Instances: [
                  inst('i-gpu', 'g5.2xlarge', {
                    PublicIpAddress: '54.1.2.3',
                    PublicDnsName: 'ec2-54-1-2-3.compute-1.amazonaws.com',
                    SecurityGroups: [{ GroupId: 'sg-ai' }, { GroupId: 'sg-deleted' }],
                    IamInstanceProfile: { Arn: PROFILE, Id: 'AIPA1' },
                    Tags: [{ Key: 'Name', Value: 'ollama-playground' }],
                    NetworkInterfaces: [{ Association: { PublicIp: '54.9.9.9' }, Ipv6Addresses: [{ Ipv6Address: '2600:1f18::1' }] }],
                  }),
                  inst('i-web', 't3.micro', { Tags: [{ Key: 'Name', Value: 'web-1' }] }),
                ],
              },
            ],
            NextToken: 'p2',
          },
    );
    ec2.on(DescribeImagesCommand).resolves({
      Images: [
        { ImageId: 'ami-dl', Name: 'Deep Learning AMI Neuron (Ubuntu 22.04)' },
        { ImageId: 'ami-plain', Name: 'al2023-ami' },
      ],
    });
    ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [
        {
          GroupId: 'sg-ai',
          GroupName: 'ai',
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 11434, ToPort: 11434, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
            { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-ai' }], PrefixListIds: [{ PrefixListId: 'pl-1' }] },
          ],
        },
      ],
    });
    iam.on(GetInstanceProfileCommand).resolves({
      InstanceProfile: {
        InstanceProfileName: 'gpu-profile',
        InstanceProfileId: 'AIPA1',
        Arn: PROFILE,
        Path: '/ml/',
        CreateDate: new Date(),
        Roles: [{ RoleName: 'gpu-role', RoleId: 'AROA1', Arn: ROLE, Path: '/', CreateDate: new Date() }],
      },
    });
    const env = testEnv();
    const out = await runCollector(ec2Instances, env, 'us-east-1');
    expect(out.status).toBe('complete');
    expect(out.gaps).toEqual([]);
    expect(out.drafts.map((d) => d.name).sort()).toEqual(['i-dlami', 'ollama-playground']);

    const gpu = out.drafts.find((d) => d.name === 'ollama-playground');
    expect(gpu?.id).toBe(`arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-gpu`);
    expect(cfg(gpu as never)).toMatchObject({
      instanceType: 'g5.2xlarge',
      aiEvidence: [
        { via: 'instance-type', where: 'g5.2xlarge' },
        { via: 'tag', where: 'Name=ollama-playground' },
      ],
      publicIpAddresses: ['54.1.2.3', '54.9.9.9'],
      ipv6Addresses: ['2600:1f18::1'],
      securityGroups: {
        'sg-ai': {
          groupName: 'ai',
          ingress: [
            {
              protocol: 'tcp',
              fromPort: 11434,
              toPort: 11434,
              ipv4Ranges: ['0.0.0.0/0'],
              ipv6Ranges: [],
              prefixListIds: [],
              sourceGroupIds: [],
            },
            {
              protocol: '-1',
              fromPort: null,
              toPort: null,
              ipv4Ranges: [],
              ipv6Ranges: [],
              prefixListIds: ['pl-1'],
              sourceGroupIds: ['sg-ai'],
            },
          ],
        },
        'sg-deleted': null,
      },
      metadataOptions: { httpTokens: 'optional', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
      instanceProfileArn: PROFILE,
      instanceProfileRoleArns: [ROLE],
      volumeIds: ['vol-i-gpu'],
    });
    expect(gpu?.relationships).toEqual([{ kind: 'assumes-role', targetId: ROLE, targetType: 'iam.role' }]);
    expect(cfg(out.drafts.find((d) => d.name === 'i-dlami') as never).aiEvidence).toEqual([
      { via: 'image', where: 'Deep Learning AMI Neuron (Ubuntu 22.04)' },
    ]);

    // state filter on the listing; images and groups by filter (unknown ids are absent, not an error)
    expect(ec2.commandCalls(DescribeInstancesCommand)[0].args[0].input.Filters).toEqual([
      { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
    ]);
    const images = ec2.commandCalls(DescribeImagesCommand);
    expect(images).toHaveLength(1);
    expect(images[0].args[0].input.Filters?.[0]?.Values?.sort()).toEqual(['ami-dl', 'ami-gone', 'ami-plain']);
    const sgs = ec2.commandCalls(DescribeSecurityGroupsCommand);
    expect(sgs).toHaveLength(1);
    expect(sgs[0].args[0].input.Filters?.[0]?.Values?.sort()).toEqual(['sg-ai', 'sg-deleted']); // not sg-web (t3 web server)
    expect(iam.commandCalls(GetInstanceProfileCommand)).toHaveLength(1);
    expect(iam.commandCalls(GetInstanceProfileCommand)[0].args[0].input).toEqual({ InstanceProfileName: 'gpu-profile' });
    // volumes of the AI instances only, by volume-id filter; encryption by default once for the region
    const vols = ec2.commandCalls(DescribeVolumesCommand);
    expect(vols).toHaveLength(1);
    expect(vols[0].args[0].input.Filters?.[0]).toEqual({ Name: 'volume-id', Values: expect.arrayContaining(['vol-i-gpu', 'vol-i-dlami']) });
    expect(vols[0].args[0].input.Filters?.[0]?.Values).toHaveLength(2);
    expect(cfg(gpu as never)).toMatchObject({
      volumes: { 'vol-i-gpu': { encrypted: true, kmsKeyId: null } },
      ebsEncryptionByDefault: true,
    });
    expect(ec2.commandCalls(GetEbsEncryptionByDefaultCommand)).toHaveLength(1);
    // every call went through the limiter
    expect(env.limiter.calls).toBe(7);
  });

  it('finds the root volume whether or not the device names carry /dev/ (compared without it on both sides)', async () => {
    const ebs = (RootDeviceName: string, DeviceName: string, VolumeId: string) => ({
      RootDeviceType: 'ebs' as const,
      RootDeviceName,
      BlockDeviceMappings: [
        { DeviceName: '/dev/sdz', Ebs: { VolumeId: `${VolumeId}-data` } },
        { DeviceName, Ebs: { VolumeId } },
      ],
    });
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            inst('i-short-mapping', 'g5.xlarge', ebs('/dev/xvda', 'xvda', 'vol-a')),
            inst('i-short-root', 'g5.xlarge', ebs('sda1', '/dev/sda1', 'vol-b')),
            inst('i-same', 'g5.xlarge', ebs('/dev/xvda', '/dev/xvda', 'vol-c')),
            // a different device (xvda is not xvdab): no root volume
            inst('i-other', 'g5.xlarge', ebs('/dev/xvda', '/dev/xvdab', 'vol-d')),
          ],
        },
      ],
    });
    ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] });
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    const out = await runCollector(ec2Instances, testEnv(), 'us-east-1');
    const root = (name: string) => (cfg(out.drafts.find((x) => x.name === name) as never) as { rootVolumeId?: string | null }).rootVolumeId;
    expect(root('i-short-mapping')).toBe('vol-a');
    expect(root('i-short-root')).toBe('vol-b');
    expect(root('i-same')).toBe('vol-c');
    expect(root('i-other')).toBeNull();
    // the recorded root device name is DescribeInstances' own
    expect(cfg(out.drafts.find((x) => x.name === 'i-short-root') as never)).toMatchObject({ rootDeviceName: 'sda1' });
  });

  it('records each volume encryption and key; a volume not returned is null; a failed DescribeVolumes leaves volumes unread', async () => {
    const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/k-1`;
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            inst('i-gpu', 'g5.xlarge', {
              RootDeviceType: 'ebs',
              RootDeviceName: '/dev/xvda',
              BlockDeviceMappings: [
                { DeviceName: '/dev/xvda', Ebs: { VolumeId: 'vol-root' } },
                { DeviceName: '/dev/sdf', Ebs: { VolumeId: 'vol-data' } },
                { DeviceName: '/dev/sdg', Ebs: { VolumeId: 'vol-gone' } },
              ],
            }),
            // EBS-backed, its root device briefly missing from the mappings
            inst('i-replacing', 'g5.xlarge', { RootDeviceType: 'ebs', RootDeviceName: '/dev/xvda', BlockDeviceMappings: [] }),
            inst('i-store', 'g5.xlarge', { RootDeviceType: 'instance-store', RootDeviceName: '/dev/sda1', BlockDeviceMappings: [] }),
          ],
        },
      ],
    });
    ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    ec2.on(DescribeVolumesCommand).resolves({
      Volumes: [
        { VolumeId: 'vol-root', Encrypted: true, KmsKeyId: KEY },
        { VolumeId: 'vol-data', Encrypted: false },
      ],
    });
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
    const out = await runCollector(ec2Instances, testEnv(), 'us-east-1');
    expect(out.status).toBe('complete');
    expect(cfg(out.drafts[0] as never)).toMatchObject({
      volumeIds: ['vol-root', 'vol-data', 'vol-gone'],
      volumes: { 'vol-root': { encrypted: true, kmsKeyId: KEY }, 'vol-data': { encrypted: false, kmsKeyId: null }, 'vol-gone': null },
      ebsEncryptionByDefault: false,
      rootDeviceType: 'ebs',
      rootDeviceName: '/dev/xvda',
      rootVolumeId: 'vol-root',
    });
    const ebsCheck = EC2_CHECKS.find((x) => x.metadata.id === 'ec2_ai_instance_ebs_volumes_encrypted');
    const judge = (name: string) => {
      const d = out.drafts.find((x) => x.name === name);
      const v = ebsCheck?.evaluate(finalizeDraft(d as never, ACCOUNT, NOW.toISOString()) as never, {
        graph: new InventoryGraph([], []),
        now: NOW,
        settings: {},
      });
      return Array.isArray(v) ? v[0]?.status : v?.status;
    };
    expect(cfg(out.drafts.find((x) => x.name === 'i-replacing') as never)).toMatchObject({ volumeIds: [], rootVolumeId: null });
    expect(judge('i-replacing')).toBe('ERROR');
    expect(judge('i-store')).toBeUndefined(); // instance-store-backed, no EBS volume: not applicable
    // the volume key is one discovery describes (the EBS check fails a disabled or deleted key)
    const { keyRefsOf } = await import('../../../shared/collectors/kms.ts');
    expect(keyRefsOf(out.drafts[0] as never)).toEqual([KEY]);

    ec2.on(DescribeVolumesCommand).rejects(awsError('UnauthorizedOperation', 'Encoded authorization failure message: SECRETBLOB', 403));
    ec2
      .on(GetEbsEncryptionByDefaultCommand)
      .rejects(awsError('UnauthorizedOperation', 'Encoded authorization failure message: SECRETBLOB', 403));
    const denied = await runCollector(ec2Instances, testEnv(), 'us-east-1');
    expect(denied.status).toBe('partial');
    const c = cfg(denied.drafts[0] as never);
    expect(c.volumes).toBeUndefined();
    expect(c.ebsEncryptionByDefault).toBeUndefined();
    expect(denied.drafts[0]?.collectionErrors).toEqual(['DescribeVolumes: not read']);
    // encryption by default is evidence only: its denial is no coverage gap (DescribeVolumes' is)
    expect(denied.gaps.map((g) => [g.operation, g.message]).sort()).toEqual([['DescribeVolumes', 'UnauthorizedOperation']]);
    expect(JSON.stringify(denied)).not.toContain('SECRETBLOB');
    const verdict = EC2_CHECKS.find((x) => x.metadata.id === 'ec2_ai_instance_ebs_volumes_encrypted')?.evaluate(
      finalizeDraft(denied.drafts[0] as never, ACCOUNT, NOW.toISOString()) as never,
      { graph: new InventoryGraph([], []), now: NOW, settings: {} },
    );
    expect((Array.isArray(verdict) ? verdict[0] : verdict)?.status).toBe('ERROR');
  });

  it('volume facts of known volume ids are reused (Encrypted / KmsKeyId never change): only new ids are described', async () => {
    const id = `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-gpu`;
    const stored = {
      id,
      type: 'ec2.instance',
      config: { volumes: { 'vol-root': { encrypted: false, kmsKeyId: null }, 'vol-was-gone': null }, ebsEncryptionByDefault: false },
    };
    const env = testEnv({ previous: async (x) => (x === id ? (stored as never) : undefined) });
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            inst('i-gpu', 'g5.xlarge', {
              BlockDeviceMappings: [
                { DeviceName: '/dev/xvda', Ebs: { VolumeId: 'vol-root' } },
                { DeviceName: '/dev/sdf', Ebs: { VolumeId: 'vol-new' } },
                { DeviceName: '/dev/sdg', Ebs: { VolumeId: 'vol-was-gone' } },
              ],
            }),
          ],
        },
      ],
    });
    ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    ec2.on(DescribeVolumesCommand).resolves({
      Volumes: [
        { VolumeId: 'vol-new', Encrypted: true },
        { VolumeId: 'vol-was-gone', Encrypted: true },
      ],
    });
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    const out = await runCollector(ec2Instances, env, 'us-east-1');
    // vol-root is recorded: not asked again (a recorded "not returned" is asked again)
    const asked = ec2.commandCalls(DescribeVolumesCommand).flatMap((c) => c.args[0].input.Filters?.[0]?.Values ?? []);
    expect(asked.sort()).toEqual(['vol-new', 'vol-was-gone']);
    expect(cfg(out.drafts[0] as never)).toMatchObject({
      volumes: {
        'vol-root': { encrypted: false, kmsKeyId: null },
        'vol-new': { encrypted: true, kmsKeyId: null },
        'vol-was-gone': { encrypted: true, kmsKeyId: null },
      },
      ebsEncryptionByDefault: true,
    });
  });

  it('DescribeVolumes and GetEbsEncryptionByDefault both throttled: the stored facts stand, the draft hash does not change', async () => {
    const id = `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-gpu`;
    const one = [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: 'vol-root' } }];
    ec2
      .on(DescribeInstancesCommand)
      .resolves({ Reservations: [{ Instances: [inst('i-gpu', 'g5.xlarge', { BlockDeviceMappings: one })] }] });
    ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-root', Encrypted: false }] });
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
    const first = await runCollector(ec2Instances, testEnv(), 'us-east-1');
    const before = finalizeDraft(first.drafts[0] as never, ACCOUNT, NOW.toISOString());
    expect(before.config).toMatchObject({ volumes: { 'vol-root': { encrypted: false } }, ebsEncryptionByDefault: false });

    // a stored "not returned" volume is asked again; the throttled answer keeps it as recorded
    const storedNull = { ...before, config: { ...before.config, volumes: { 'vol-root': null } } };
    for (const stored of [before, storedNull]) {
      ec2.on(DescribeVolumesCommand).rejects(awsError('RequestLimitExceeded', 'Request limit exceeded.', 503));
      ec2.on(GetEbsEncryptionByDefaultCommand).rejects(awsError('RequestLimitExceeded', 'Request limit exceeded.', 503));
      const env = testEnv({ previous: async (x) => (x === id ? (stored as never) : undefined) });
      const again = await runCollector(ec2Instances, env, 'us-east-1');
      const after = finalizeDraft(again.drafts[0] as never, ACCOUNT, NOW.toISOString());
      expect(after.config).toEqual(stored.config);
      if (stored === before) expect(after.configHash).toBe(before.configHash);
      expect(after.collectionErrors).toBeUndefined();
    }
    // a server error (5xx) is transient too
    ec2.on(GetEbsEncryptionByDefaultCommand).rejects(awsError('InternalError', 'An internal error has occurred', 500));
    const env = testEnv({ previous: async (x) => (x === id ? (before as never) : undefined) });
    const again = await runCollector(ec2Instances, env, 'us-east-1');
    expect(finalizeDraft(again.drafts[0] as never, ACCOUNT, NOW.toISOString()).configHash).toBe(before.configHash);
    // without stored facts a throttled read is unread: never a made-up value
    const fresh = await runCollector(ec2Instances, testEnv(), 'us-east-1');
    expect(cfg(fresh.drafts[0] as never).ebsEncryptionByDefault).toBeUndefined();
  });

  it('GetEbsEncryptionByDefault denied is informational: no coverage gap, the run is not partial, the value is dropped', async () => {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [inst('i-gpu', 'g5.xlarge')] }] });
    ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-web', GroupName: 'web', IpPermissions: [] }] });
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-i-gpu', Encrypted: true }] });
    ec2.on(GetEbsEncryptionByDefaultCommand).rejects(awsError('UnauthorizedOperation', 'Encoded authorization failure message: BLOB', 403));
    const id = `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-gpu`;
    const stored = { id, type: 'ec2.instance', config: { ebsEncryptionByDefault: true } };
    const env = testEnv({ previous: async (x) => (x === id ? (stored as never) : undefined) });
    const out = await runCollector(ec2Instances, env, 'us-east-1');
    expect(out.status).toBe('complete');
    expect(out.gaps).toEqual([]);
    expect(out.drafts[0]?.collectionErrors).toBeUndefined();
    // denied is not transient: the stored value is not kept (the permission may stay missing)
    expect(cfg(out.drafts[0] as never).ebsEncryptionByDefault).toBeUndefined();
    expect(JSON.stringify(env.log.entries)).toContain('UnauthorizedOperation');
    expect(JSON.stringify(env.log.entries)).not.toContain('BLOB');
  });

  it('more than 100 volumes are described in batches of 100; a failed batch leaves only its own instances unread', async () => {
    const instances = Array.from({ length: 150 }, (_, n) => inst(`i-${n}`, 'g5.xlarge'));
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: instances }] });
    ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-web', GroupName: 'web', IpPermissions: [] }] });
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    // the batch holding vol-i-149 is denied; the other answers
    ec2.on(DescribeVolumesCommand).callsFake((input: { Filters?: { Name?: string; Values?: string[] }[] }) => {
      const values = input.Filters?.find((f) => f.Name === 'volume-id')?.Values ?? [];
      if (values.includes('vol-i-149')) throw awsError('UnauthorizedOperation', 'no', 403);
      return { Volumes: values.map((v) => ({ VolumeId: v, Encrypted: true })) };
    });
    const out = await runCollector(ec2Instances, testEnv(), 'us-east-1');
    const calls = ec2.commandCalls(DescribeVolumesCommand).map((c) => c.args[0].input.Filters?.[0]?.Values ?? []);
    expect(calls.map((v) => v.length).sort((a, b) => a - b)).toEqual([50, 100]);
    expect(new Set(calls.flat()).size).toBe(150);
    const failedBatch = new Set(calls.find((v) => v.includes('vol-i-149')));
    expect(out.status).toBe('partial');
    expect(out.gaps.map((g) => g.operation)).toEqual(['DescribeVolumes']);
    const unread = out.drafts.filter((d) => cfg(d).volumes === undefined).map((d) => `vol-${cfg(d).instanceId}`);
    expect(new Set(unread)).toEqual(failedBatch);
    expect(out.drafts.filter((d) => cfg(d).volumes !== undefined)).toHaveLength(150 - failedBatch.size);
  });

  it('a failed DescribeSecurityGroups / GetInstanceProfile leaves the fields unread with name-only gaps', async () => {
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: [inst('i-gpu', 'p5.48xlarge', { IamInstanceProfile: { Arn: PROFILE } })] }],
    });
    ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    ec2
      .on(DescribeSecurityGroupsCommand)
      .rejects(awsError('UnauthorizedOperation', 'You are not authorized. Encoded authorization failure message: SECRETBLOB', 403));
    iam.on(GetInstanceProfileCommand).rejects(awsError('AccessDenied', 'User arn:aws:iam::1:user/x is not authorized', 403));
    const out = await runCollector(ec2Instances, testEnv(), 'us-east-1');
    expect(out.status).toBe('partial');
    const c = cfg(out.drafts[0] as never);
    expect(c.securityGroups).toBeUndefined();
    expect(c.instanceProfileRoleArns).toBeUndefined();
    expect(c.imageName).toBeNull(); // image not describable: read, nothing there
    expect(out.drafts[0]?.collectionErrors).toEqual(['DescribeSecurityGroups: not read', 'GetInstanceProfile: not read']);
    expect(out.gaps.map((g) => [g.service, g.operation, g.errorCode, g.message]).sort()).toEqual([
      ['ec2', 'DescribeSecurityGroups', 'UnauthorizedOperation', 'UnauthorizedOperation'],
      ['iam', 'GetInstanceProfile', 'AccessDenied', 'AccessDenied'],
    ]);
    expect(JSON.stringify(out)).not.toContain('SECRETBLOB');
  });

  it('a failed DescribeImages is a gap; instances identified otherwise are still kept, with the image name unread', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .resolves({ Reservations: [{ Instances: [inst('i-gpu', 'inf2.xlarge', { SecurityGroups: [] }), inst('i-x', 't3.micro')] }] });
    ec2.on(DescribeImagesCommand).rejects(awsError('RequestLimitExceeded', 'slow down', 503));
    const out = await runCollector(ec2Instances, testEnv(), 'us-east-1');
    expect(out.status).toBe('partial');
    expect(out.drafts.map((d) => d.name)).toEqual(['i-gpu']);
    expect(cfg(out.drafts[0] as never).imageName).toBeUndefined();
    expect(cfg(out.drafts[0] as never).securityGroups).toEqual({});
    expect(out.gaps.map((g) => g.operation)).toEqual(['DescribeImages']);
  });

  it('a failed DescribeImages keeps the stored AMI name of the same image id: an AMI-only instance stays, unchanged, in a scan and a refresh', async () => {
    const name = 'Deep Learning Base AMI (Ubuntu 22.04)';
    const stored = {
      id: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-dl`,
      type: 'ec2.instance',
      config: { imageId: 'ami-dl', imageName: name, aiEvidence: [{ via: 'image', where: name }] },
    };
    const env = testEnv({ previous: async (id) => (id === stored.id ? (stored as never) : undefined) });
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: [inst('i-dl', 't3.large', { ImageId: 'ami-dl' }), inst('i-x', 't3.micro', { ImageId: 'ami-dl' })] }],
    });
    ec2.on(DescribeImagesCommand).rejects(awsError('UnauthorizedOperation', 'Encoded authorization failure message: BLOB', 403));
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-web', GroupName: 'web', IpPermissions: [] }] });
    const out = await runCollector(ec2Instances, env, 'us-east-1');
    expect(out.status).toBe('partial');
    expect(out.gaps.map((g) => `${g.operation} ${g.errorCode}`)).toEqual(['DescribeImages UnauthorizedOperation']);
    // i-x runs the same AMI but is not stored: the stored name is of i-dl only (no inventory growth on a failed read)
    expect(out.drafts.map((d) => d.name)).toEqual(['i-dl']);
    expect(cfg(out.drafts[0] as never)).toMatchObject({ imageName: name, aiEvidence: [{ via: 'image', where: name }] });
    expect(out.drafts[0]?.collectionErrors).toBeUndefined();
    const d = await ec2Instances.refresh?.(new TypeRun(env, 'ec2.instance', 'us-east-1'), { region: 'us-east-1', key: 'i-dl' });
    expect(d?.name).toBe('i-dl');
  });

  it('a failed DescribeImages does not revive a deleted stored item (deletedAt): its AMI name is not kept', async () => {
    const name = 'Deep Learning Base AMI (Ubuntu 22.04)';
    const stored = {
      id: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-dl`,
      type: 'ec2.instance',
      deletedAt: '2026-01-01T00:00:00.000Z',
      config: { imageId: 'ami-dl', imageName: name, aiEvidence: [{ via: 'image', where: name }] },
    };
    const env = testEnv({ previous: async (id) => (id === stored.id ? (stored as never) : undefined) });
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [inst('i-dl', 't3.large', { ImageId: 'ami-dl' })] }] });
    ec2.on(DescribeImagesCommand).rejects(awsError('UnauthorizedOperation', 'no', 403));
    const out = await runCollector(ec2Instances, env, 'us-east-1');
    expect(out.drafts).toEqual([]);
  });

  it('AccessDenied on DescribeInstances fails the listing with a gap', async () => {
    ec2.on(DescribeInstancesCommand).rejects(awsError('UnauthorizedOperation', 'no', 403));
    const out = await runCollector(ec2Instances, testEnv(), 'us-east-1');
    expect(out.status).toBe('failed');
    expect(out.gaps[0]).toMatchObject({ service: 'ec2', errorCode: 'UnauthorizedOperation' });
  });

  it('refresh re-describes one instance; gone or no longer AI -> null', async () => {
    const env = testEnv();
    ec2.on(DescribeInstancesCommand, { InstanceIds: ['i-gpu'] }).resolves({ Reservations: [{ Instances: [inst('i-gpu', 'g6.xlarge')] }] });
    ec2.on(DescribeInstancesCommand, { InstanceIds: ['i-web'] }).resolves({ Reservations: [{ Instances: [inst('i-web', 't3.micro')] }] });
    ec2.on(DescribeInstancesCommand, { InstanceIds: ['i-gone'] }).rejects(awsError('InvalidInstanceID.NotFound', 'gone', 400));
    ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-web', GroupName: 'web', IpPermissions: [] }] });
    const run = () => new TypeRun(env, 'ec2.instance', 'us-east-1');
    const d = await ec2Instances.refresh?.(run(), { region: 'us-east-1', key: 'i-gpu' });
    expect(d?.id).toBe(`arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-gpu`);
    expect(await ec2Instances.refresh?.(run(), { region: 'us-east-1', key: 'i-web' })).toBeNull();
    expect(await ec2Instances.refresh?.(run(), { region: 'us-east-1', key: 'i-gone' })).toBeNull();
    expect(ec2Instances.idFor?.({ region: 'eu-west-1', key: 'i-1' }, ACCOUNT, 'aws')).toBe(`arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-1`);
  });
});

// the reviewer's false-PASS paths (test/review/ec2-false-pass.test.ts), collector and check together
describe('EC2 exposure: every network interface, and groups this account cannot see', () => {
  const OPEN = { IpProtocol: 'tcp', FromPort: 11434, ToPort: 11434, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
  const CLOSED = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] };

  async function verdict(instance: Instance, groups: { GroupId: string; GroupName: string; IpPermissions: unknown[] }[]) {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [instance] }] });
    ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: groups as never });
    const out = await runCollector(ec2Instances, testEnv(), 'us-east-1');
    const a = finalizeDraft(out.drafts[0] as never, ACCOUNT, NOW.toISOString()) as never;
    const check = EC2_CHECKS.find((c) => c.metadata.id === 'ec2_ai_instance_model_server_ports_not_public');
    const r = check?.evaluate(a, { graph: new InventoryGraph([a], []), now: NOW, settings: {} });
    return { draft: out.drafts[0], outcome: Array.isArray(r) ? r[0] : r };
  }

  it('a public EIP on a secondary interface whose own group opens Ollama to 0.0.0.0/0 is a FAIL (not the primary groups only)', async () => {
    const { draft, outcome } = await verdict(
      {
        InstanceId: 'i-1',
        InstanceType: 'g5.xlarge',
        State: { Name: 'running' },
        // instance-level groups = the primary interface's (private, closed)
        SecurityGroups: [{ GroupId: 'sg-primary' }],
        NetworkInterfaces: [
          {
            NetworkInterfaceId: 'eni-1',
            Attachment: { DeviceIndex: 1 },
            Groups: [{ GroupId: 'sg-open' }],
            Association: { PublicIp: '54.1.2.3', IpOwnerId: ACCOUNT },
          },
          { NetworkInterfaceId: 'eni-0', Attachment: { DeviceIndex: 0 }, Groups: [{ GroupId: 'sg-primary' }] },
        ],
        MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
      },
      [
        { GroupId: 'sg-primary', GroupName: 'primary', IpPermissions: [CLOSED] },
        { GroupId: 'sg-open', GroupName: 'open', IpPermissions: [OPEN] },
      ],
    );
    expect(outcome?.status).toBe('FAIL');
    expect(outcome?.reason).toContain('security group sg-open (open) of eni-1 allows tcp 11434 from 0.0.0.0/0');
    const c = cfg(draft as never);
    expect(c.securityGroupIds).toEqual(['sg-primary', 'sg-open']);
    expect(c.networkInterfaces).toEqual([
      { networkInterfaceId: 'eni-0', deviceIndex: 0, publicIps: [], ipv6Addresses: [], groupIds: ['sg-primary'] },
      // an Elastic IP (owned by the account, not amazon): recorded as such for DisassociateAddress routing
      {
        networkInterfaceId: 'eni-1',
        deviceIndex: 1,
        publicIps: ['54.1.2.3'],
        elasticIps: ['54.1.2.3'],
        ipv6Addresses: [],
        groupIds: ['sg-open'],
      },
    ]);
    expect(ec2.commandCalls(DescribeSecurityGroupsCommand)[0].args[0].input.Filters?.[0]?.Values).toEqual(['sg-primary', 'sg-open']);
  });

  it('an Elastic IP on a secondary private IP of an interface (none on its primary private IP) is public: FAIL', async () => {
    const { draft, outcome } = await verdict(
      {
        InstanceId: 'i-eip2',
        InstanceType: 'g5.xlarge',
        State: { Name: 'running' },
        SecurityGroups: [{ GroupId: 'sg-open' }],
        NetworkInterfaces: [
          {
            NetworkInterfaceId: 'eni-0',
            Attachment: { DeviceIndex: 0 },
            Groups: [{ GroupId: 'sg-open' }],
            PrivateIpAddresses: [
              { Primary: true, PrivateIpAddress: '10.0.0.10' },
              { Primary: false, PrivateIpAddress: '10.0.0.11', Association: { PublicIp: '54.9.9.9' } },
              { Primary: false, PrivateIpAddress: '10.0.0.12', Association: { PublicIp: '54.9.9.8' } },
            ],
          },
        ],
        MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
      },
      [{ GroupId: 'sg-open', GroupName: 'open', IpPermissions: [OPEN] }],
    );
    expect(outcome?.status).toBe('FAIL');
    expect(outcome?.reason).toContain('has public IP 54.9.9.8, 54.9.9.9');
    const c = cfg(draft as never);
    expect(c.publicIpAddresses).toEqual(['54.9.9.8', '54.9.9.9']);
    expect(c.networkInterfaces?.[0]?.publicIps).toEqual(['54.9.9.8', '54.9.9.9']);
  });

  it("the primary private IP's public IP is listed once, with the secondary ones", async () => {
    const { draft } = await verdict(
      {
        InstanceId: 'i-eip3',
        InstanceType: 'g5.xlarge',
        State: { Name: 'running' },
        PublicIpAddress: '54.1.1.1',
        SecurityGroups: [{ GroupId: 'sg-open' }],
        NetworkInterfaces: [
          {
            NetworkInterfaceId: 'eni-0',
            Attachment: { DeviceIndex: 0 },
            Groups: [{ GroupId: 'sg-open' }],
            Association: { PublicIp: '54.1.1.1' },
            PrivateIpAddresses: [
              { Primary: true, PrivateIpAddress: '10.0.0.10', Association: { PublicIp: '54.1.1.1' } },
              { Primary: false, PrivateIpAddress: '10.0.0.11', Association: { PublicIp: '54.2.2.2' } },
            ],
          },
        ],
      },
      [{ GroupId: 'sg-open', GroupName: 'open', IpPermissions: [CLOSED] }],
    );
    expect(cfg(draft as never).networkInterfaces?.[0]?.publicIps).toEqual(['54.1.1.1', '54.2.2.2']);
    expect(cfg(draft as never).publicIpAddresses).toEqual(['54.1.1.1', '54.2.2.2']);
  });

  it('the whole IPv4 internet as two /1 ranges is the internet: FAIL', async () => {
    const { outcome } = await verdict(
      {
        InstanceId: 'i-split',
        InstanceType: 'g5.xlarge',
        State: { Name: 'running' },
        PublicIpAddress: '54.1.1.1',
        SecurityGroups: [{ GroupId: 'sg-split' }],
        MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
      },
      [
        {
          GroupId: 'sg-split',
          GroupName: 'split',
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 11434, ToPort: 11434, IpRanges: [{ CidrIp: '0.0.0.0/1' }, { CidrIp: '128.0.0.0/1' }] },
          ],
        },
      ],
    );
    expect(outcome?.status).toBe('FAIL');
    expect(outcome?.reason).toContain('allows tcp 11434 from 0.0.0.0/1; security group sg-split (split) allows tcp 11434 from 128.0.0.0/1');
  });

  it('an attached security group that DescribeSecurityGroups did not return is unknown (MANUAL, not visible), never "admits nothing"', async () => {
    // an attached group cannot be deleted (DependencyViolation): absent = not visible to this account (e.g. a group
    // shared by the VPC owner) or detached in between, not gone
    const { outcome } = await verdict(
      {
        InstanceId: 'i-2',
        InstanceType: 'g5.xlarge',
        State: { Name: 'running' },
        PublicIpAddress: '54.1.2.4',
        SecurityGroups: [{ GroupId: 'sg-shared-by-owner' }],
        MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
      },
      [],
    );
    expect(outcome?.status).toBe('MANUAL');
    expect(outcome?.reason).toContain('sg-shared-by-owner was not returned by DescribeSecurityGroups: not visible to this account');
  });

  it('a stopped instance with no public address but Ollama open to 0.0.0.0/0 is MANUAL (exposed when started), not PASS', async () => {
    const { outcome } = await verdict(
      {
        InstanceId: 'i-3',
        InstanceType: 'g5.xlarge',
        State: { Name: 'stopped' },
        SecurityGroups: [{ GroupId: 'sg-open' }],
        NetworkInterfaces: [{ NetworkInterfaceId: 'eni-0', Attachment: { DeviceIndex: 0 }, Groups: [{ GroupId: 'sg-open' }] }],
        MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
      },
      [{ GroupId: 'sg-open', GroupName: 'open', IpPermissions: [OPEN] }],
    );
    expect(outcome?.status).toBe('MANUAL');
    expect(outcome?.reason).toMatch(
      /is exposed when started: it is stopped and has no public address now, but security group sg-open \(open\) allows tcp 11434 from 0\.0\.0\.0\/0 \(11434 \(Ollama\)\)/,
    );
  });
});

describe('EC2 multi-network-card instances (p4d, p5, p6)', () => {
  it('the interfaces of network cards 1..N (device index 0) record their attachment id and card; the primary neither', async () => {
    ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'g', IpPermissions: [] }] });
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            {
              InstanceId: 'i-p5',
              InstanceType: 'p5.48xlarge',
              State: { Name: 'running' },
              SecurityGroups: [{ GroupId: 'sg-1' }],
              NetworkInterfaces: [
                {
                  // listed first, its id sorting first: still not the primary
                  NetworkInterfaceId: 'eni-0a-card1',
                  Attachment: { AttachmentId: 'eni-attach-card1', DeviceIndex: 0, NetworkCardIndex: 1 },
                  Groups: [{ GroupId: 'sg-1' }],
                  Association: { PublicIp: '54.9.9.9', IpOwnerId: ACCOUNT },
                },
                {
                  NetworkInterfaceId: 'eni-0b-primary',
                  Attachment: { AttachmentId: 'eni-attach-primary', DeviceIndex: 0, NetworkCardIndex: 0 },
                  Groups: [{ GroupId: 'sg-1' }],
                },
                {
                  NetworkInterfaceId: 'eni-0c-card0dev1',
                  Attachment: { AttachmentId: 'eni-attach-dev1', DeviceIndex: 1 },
                  Groups: [{ GroupId: 'sg-1' }],
                },
              ],
            },
          ],
        },
      ],
    });
    const out = await runCollector(ec2Instances, testEnv(), 'us-east-1');
    const nics = (out.drafts[0]?.config as Ec2InstanceConfig | undefined)?.networkInterfaces;
    expect(nics?.map((n) => [n.networkInterfaceId, n.attachmentId, n.networkCardIndex])).toEqual([
      ['eni-0b-primary', undefined, undefined],
      ['eni-0a-card1', 'eni-attach-card1', 1],
      ['eni-0c-card0dev1', 'eni-attach-dev1', undefined],
    ]);
  });
});
