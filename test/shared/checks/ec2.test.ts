import { describe, expect, it } from 'vitest';
import { EC2_CHECKS } from '../../../shared/checks/ec2/index.ts';
import { cidrReach } from '../../../shared/checks/lib/cidr.ts';
import { InventoryGraph } from '../../../shared/assessment/graph.ts';
import { NOW, withConfig } from '../../fixtures/checks/builders.ts';
import { ec2Cases, ec2Instance } from '../../fixtures/checks/cases-ec2.ts';
import { describeChecks } from '../../fixtures/checks/run-cases.ts';

describeChecks(EC2_CHECKS, ec2Cases);

describe('ec2_ai_instance_model_server_ports_not_public reason', () => {
  it('names the instance, the rule and the ports with what listens there', () => {
    const check = EC2_CHECKS.find((c) => c.metadata.id === 'ec2_ai_instance_model_server_ports_not_public');
    const inst = withConfig(ec2Instance('ollama-playground'), {
      publicIpAddresses: ['54.1.2.3'],
      securityGroups: {
        'sg-1': {
          groupName: 'ollama-open',
          ingress: [
            {
              protocol: 'tcp',
              fromPort: 8000,
              toPort: 11434,
              ipv4Ranges: ['0.0.0.0/0'],
              ipv6Ranges: [],
              prefixListIds: [],
              sourceGroupIds: [],
            },
          ],
        },
      },
    });
    const r = check?.evaluate(inst as never, { graph: new InventoryGraph([inst], []), now: NOW, settings: {} });
    const o = Array.isArray(r) ? r[0] : r;
    expect(o?.status).toBe('FAIL');
    expect(o?.reason).toContain('ollama-playground (i-0123456789abcdef0)');
    expect(o?.reason).toContain('sg-1 (ollama-open) allows tcp 8000-11434 from 0.0.0.0/0');
    expect(o?.reason).toContain('11434 (Ollama)');
    expect(o?.reason).toContain('8265 (Ray dashboard)');
    expect(o?.reason).not.toContain('3000 (Open WebUI)');
  });
});

describe('cidrReach: how far a rule source reaches into the internet', () => {
  it.each([
    ['0.0.0.0/0', 'internet'],
    ['0.0.0.0/1', 'internet'],
    ['128.0.0.0/1', 'internet'],
    ['1.0.0.0/8', 'internet'],
    ['52.0.0.0/9', 'broad'],
    ['198.51.0.0/16', 'broad'],
    ['198.51.0.0/17', 'narrow'],
    ['203.0.113.0/24', 'narrow'],
    ['54.1.2.3/32', 'narrow'],
    ['10.0.0.0/8', 'private'],
    ['10.1.0.0/16', 'private'],
    ['172.16.0.0/12', 'private'],
    ['172.0.0.0/8', 'internet'],
    ['192.168.0.0/16', 'private'],
    ['100.64.0.0/10', 'private'],
    ['127.0.0.0/8', 'private'],
    ['169.254.169.254/32', 'private'],
    ['8.8.8.8', 'invalid'],
    ['300.0.0.0/8', 'invalid'],
    ['1.2.3.4/33', 'invalid'],
  ])('IPv4 %s is %s', (cidr, reach) => expect(cidrReach(cidr, false)).toBe(reach));

  it.each([
    ['::/0', 'internet'],
    ['::/1', 'internet'],
    ['8000::/1', 'internet'],
    ['2000::/3', 'internet'],
    ['2600::/16', 'internet'],
    ['2600:1f00::/24', 'broad'],
    ['2600:1f18::/32', 'broad'],
    ['2600:1f18:aa00::/56', 'narrow'],
    ['2001:db8::1/128', 'narrow'],
    ['fc00::/7', 'private'],
    ['fd12:3456::/32', 'private'],
    ['fe80::/10', 'private'],
    ['::1/128', 'private'],
    // IPv4 embedded in IPv6 (mapped, NAT64): a /96 is the whole IPv4 internet, so the prefix length says nothing (review)
    ['::ffff:10.0.0.1/128', 'invalid'],
    ['::ffff:0:0/96', 'invalid'],
    ['64:ff9b::/96', 'invalid'],
    ['2600:::/32', 'invalid'],
    ['1:2:3:4:5:6:7:8:9/64', 'invalid'],
  ])('IPv6 %s is %s', (cidr, reach) => expect(cidrReach(cidr, true)).toBe(reach));
});

describe('ec2_ai_instance_ebs_volumes_encrypted evidence', () => {
  const check = EC2_CHECKS.find((c) => c.metadata.id === 'ec2_ai_instance_ebs_volumes_encrypted');
  const run = (patch: Record<string, unknown>) => {
    const inst = withConfig(ec2Instance('gpu-box'), { volumeIds: ['vol-a', 'vol-b'], ...patch });
    const r = check?.evaluate(inst as never, { graph: new InventoryGraph([inst], []), now: NOW, settings: {} });
    return Array.isArray(r) ? r[0] : r;
  };
  const KEY = 'arn:aws:kms:us-east-1:123456789012:key/k1';

  it('names the unencrypted volumes and says when encryption by default is off', () => {
    const o = run({
      volumes: { 'vol-a': { encrypted: false, kmsKeyId: null }, 'vol-b': { encrypted: true, kmsKeyId: null } },
      ebsEncryptionByDefault: false,
    });
    expect(o?.status).toBe('FAIL');
    expect(o?.reason).toContain('unencrypted EBS volume vol-a');
    expect(o?.reason).toContain('encryption by default is off');
    expect(o?.evidence).toMatchObject({ unencryptedVolumeIds: ['vol-a'], ebsEncryptionByDefault: false });
  });

  it('a disabled key fails with the volume and key; an unreadable key state passes with a note; a missing volume is ERROR', () => {
    const vols = { 'vol-a': { encrypted: true, kmsKeyId: KEY }, 'vol-b': { encrypted: true, kmsKeyId: KEY } };
    const disabled = run({
      volumes: vols,
      kmsKeys: { [KEY]: { resolved: true, keyArn: KEY, keyManager: 'CUSTOMER', keyState: 'Disabled', multiRegion: false } },
    });
    expect(disabled?.status).toBe('FAIL');
    expect(disabled?.reason).toContain(`volume vol-a encrypted with ${KEY}, which is disabled`);
    const denied = run({ volumes: vols, kmsKeys: { [KEY]: { resolved: false, errorName: 'AccessDeniedException' } } });
    expect(denied?.status).toBe('PASS');
    expect(JSON.stringify(denied?.evidence)).toContain('kms:DescribeKey failed (AccessDeniedException)');
    expect(run({ volumes: { 'vol-a': vols['vol-a'], 'vol-b': null } })?.status).toBe('ERROR');
    // the ERROR also without the volumes field (an item stored before volumes were read)
    expect(run({})?.status).toBe('ERROR');
  });
});
