import { describe, expect, it } from 'vitest';
import {
  deliveryRoleArns,
  eventBusArnParts,
  importRoleArn,
  parseForwarderSettings,
  parseSettings,
  SettingsError,
} from '../../../shared/config/settings.ts';

describe('parseSettings', () => {
  it('fills defaults', () => {
    const s = parseSettings({});
    expect(s.regions).toEqual(['us-east-1']);
    expect(s.scanSchedule).toBe('rate(6 hours)');
    expect(s.slackMinSeverity).toBe('HIGH');
  });

  it('accepts a full valid configuration (lists as arrays or comma strings)', () => {
    const s = parseSettings({
      regions: 'us-east-1, eu-west-1',
      scanSchedule: 'cron(0 */6 * * ? *)',
      slackMinSeverity: 'MEDIUM',
      identityAllowlist: ['arn:aws:iam::111122223333:role/app-*'],
      modelAllowlist: 'anthropic.claude-*,amazon.nova-*',
      invocationLogBuckets: ['my-bedrock-logs'],
      reportRetentionDays: 30,
      targetRoleArns: ['arn:aws:iam::444455556666:role/AiSpmReadOnly'],
      canaryTokens: ['CANARY-7f3a9c2e'],
    });
    expect(s.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(s.modelAllowlist).toEqual(['anthropic.claude-*', 'amazon.nova-*']);
    expect(s.targetExternalId).toBeUndefined();
    const withId = parseSettings({ targetRoleArns: 'arn:aws:iam::444455556666:role/AispmScanRole', targetExternalId: 'aispm-7f3a9c2e' });
    expect(withId.targetExternalId).toBe('aispm-7f3a9c2e');
  });

  it('derives one import role per target account from targetImportRoleName (same partition and account)', () => {
    const targets = ['arn:aws:iam::444455556666:role/AispmScanRole', 'arn:aws-us-gov:iam::777788889999:role/scan/OrgScan'];
    const s = parseSettings({ targetRoleArns: targets, targetImportRoleName: 'AispmImportRole' });
    expect(s.targetImportRoleName).toBe('AispmImportRole');
    expect(deliveryRoleArns(s)).toEqual([
      'arn:aws:iam::444455556666:role/AispmImportRole',
      'arn:aws-us-gov:iam::777788889999:role/AispmImportRole',
    ]);
    expect(importRoleArn(targets[0], 'X')).toBe('arn:aws:iam::444455556666:role/X');
    // not configured: delivery keeps assuming the target roles (member roles from older member stacks)
    const legacy = parseSettings({ targetRoleArns: targets });
    expect(legacy.targetImportRoleName).toBeUndefined();
    expect(deliveryRoleArns(legacy)).toEqual(targets);
  });

  it('rejects suppressions too large for a Lambda environment, naming the setting', () => {
    const rules = Array.from({ length: 40 }, (_, i) => ({
      id: `accept-${i}`,
      checkId: 'bedrock_guardrail_prompt_attack_filter_enabled',
      reason: 'accepted for the pilot',
      owner: 'security@acme.example',
      expiresAt: '2027-06-30',
    }));
    expect(() => parseSettings({ suppressions: rules.slice(0, 2) })).not.toThrow();
    expect(() => parseSettings({ suppressions: rules })).toThrowError("invalid setting 'suppressions'");
  });

  const bad: [Record<string, unknown>, string][] = [
    [{ regions: ['us-east-1', 'moon-central-1'] }, 'regions[1]'],
    [{ regions: ['US_EAST'] }, 'regions[0]'],
    [{ regions: [] }, 'regions'],
    [{ scanSchedule: 'every 6 hours' }, 'scanSchedule'],
    [{ scanSchedule: 'rate(5 minutes)' }, 'scanSchedule'],
    [{ scanSchedule: 'rate(1 hours)' }, 'scanSchedule'],
    [{ slackMinSeverity: 'SEVERE' }, 'slackMinSeverity'],
    [{ identityAllowlist: ['ok', 'has space'] }, 'identityAllowlist[1]'],
    [{ modelAllowlist: 42 }, 'modelAllowlist'],
    [{ invocationLogBuckets: ['Bad_Bucket'] }, 'invocationLogBuckets[0]'],
    [{ reportRetentionDays: -1 }, 'reportRetentionDays'],
    [{ targetRoleArns: ['arn:aws:iam::12:role/x'] }, 'targetRoleArns[0]'],
    [{ regoins: ['us-east-1'] }, 'regoins'],
    [{ targetRoleArns: ['arn:aws:iam::444455556666:role/AispmScanRole'], targetExternalId: 'x' }, 'targetExternalId'],
    [{ targetRoleArns: ['arn:aws:iam::444455556666:role/AispmScanRole'], targetExternalId: 'has space' }, 'targetExternalId'],
    [{ targetExternalId: 'aispm-7f3a9c2e' }, 'targetExternalId'],
    [{ targetImportRoleName: 'AispmImportRole' }, 'targetImportRoleName'],
    [
      { targetRoleArns: ['arn:aws:iam::444455556666:role/AispmScanRole'], targetImportRoleName: 'path/AispmImportRole' },
      'targetImportRoleName',
    ],
    [{ targetRoleArns: ['arn:aws:iam::444455556666:role/AispmScanRole'], targetImportRoleName: 'x'.repeat(65) }, 'targetImportRoleName'],
    [{ targetRoleArns: ['arn:aws:iam::444455556666:role/AispmScanRole'], targetImportRoleName: 'aispmscanrole' }, 'targetImportRoleName'],
    // review: a scan role with a path is still named AispmScanRole (names are unique in an account whatever the path)
    [
      { targetRoleArns: ['arn:aws:iam::444455556666:role/aispm/AispmScanRole'], targetImportRoleName: 'AispmScanRole' },
      'targetImportRoleName',
    ],
  ];
  for (const [raw, setting] of bad) {
    it(`rejects ${JSON.stringify(raw)} naming '${setting}'`, () => {
      expect(() => parseSettings(raw)).toThrowError(SettingsError);
      expect(() => parseSettings(raw)).toThrowError(`invalid setting '${setting}'`);
    });
  }
});

describe('event forwarding settings', () => {
  const TARGETS = ['arn:aws:iam::444455556666:role/AispmScanRole', 'arn:aws:iam::777788889999:role/AispmScanRole'];
  const err = (raw: Record<string, unknown>) => {
    try {
      parseSettings(raw);
    } catch (e) {
      return e as SettingsError;
    }
    throw new Error('expected a SettingsError');
  };

  it('admits the accounts of target roles and an organization id; nothing by default', () => {
    expect(parseSettings({}).forwardedEventAccounts).toEqual([]);
    expect(parseSettings({}).forwardedEventOrganizationId).toBeUndefined();
    const s = parseSettings({
      targetRoleArns: TARGETS,
      forwardedEventAccounts: '444455556666, 777788889999, 444455556666',
      forwardedEventOrganizationId: 'o-a1b2c3d4e5',
    });
    expect(s.forwardedEventAccounts).toEqual(['444455556666', '777788889999']);
    expect(s.forwardedEventOrganizationId).toBe('o-a1b2c3d4e5');
  });

  it('rejects malformed ids and accounts whose events could not be refreshed, naming the setting', () => {
    expect(err({ targetRoleArns: TARGETS, forwardedEventAccounts: ['44445555666'] }).setting).toBe('forwardedEventAccounts[0]');
    const notTarget = err({ targetRoleArns: TARGETS, forwardedEventAccounts: ['444455556666', '123456789012'] });
    expect(notTarget.setting).toBe('forwardedEventAccounts[1]');
    expect(notTarget.message).toMatch(/not the account of a targetRoleArns role/);
    expect(err({ forwardedEventAccounts: ['444455556666'] }).setting).toBe('forwardedEventAccounts[0]');
    expect(err({ targetRoleArns: TARGETS, forwardedEventOrganizationId: 'r-abcd' }).setting).toBe('forwardedEventOrganizationId');
    expect(err({ targetRoleArns: TARGETS, forwardedEventOrganizationId: 'o-ABCDEFGHIJ' }).setting).toBe('forwardedEventOrganizationId');
    expect(err({ forwardedEventOrganizationId: 'o-a1b2c3d4e5' }).message).toMatch(/no targetRoleArns/);
  });
});

describe('parseForwarderSettings', () => {
  const BUS = 'arn:aws:events:us-east-1:111122223333:event-bus/AiSpmDiscoveryForwardedEventsBus0A1B2C3D';
  const err = (raw: Record<string, unknown>) => {
    try {
      parseForwarderSettings(raw);
    } catch (e) {
      return e as SettingsError;
    }
    throw new Error('expected a SettingsError');
  };

  it('takes the central bus ARN and the regions to forward from', () => {
    expect(parseForwarderSettings({ centralBusArn: BUS, regions: 'eu-west-1,us-east-1,eu-west-1' })).toEqual({
      centralBusArn: BUS,
      regions: ['eu-west-1', 'us-east-1'],
    });
    expect(eventBusArnParts(BUS)).toEqual({ region: 'us-east-1', account: '111122223333' });
    expect(eventBusArnParts('arn:aws-us-gov:events:us-gov-west-1:111122223333:event-bus/b')).toEqual({
      region: 'us-gov-west-1',
      account: '111122223333',
    });
  });

  it('rejects a missing or malformed bus, the default bus, unknown regions and settings', () => {
    expect(err({ regions: ['us-east-1'] }).setting).toBe('centralBusArn');
    expect(err({ centralBusArn: 'arn:aws:sqs:us-east-1:111122223333:q', regions: ['us-east-1'] }).setting).toBe('centralBusArn');
    expect(err({ centralBusArn: 'arn:aws:events:us-east-1:111122223333:event-bus/default', regions: ['us-east-1'] }).message).toMatch(
      /default bus/,
    );
    expect(err({ centralBusArn: BUS }).setting).toBe('regions');
    expect(err({ centralBusArn: BUS, regions: ['us-east-1', 'mars-north-1'] }).setting).toBe('regions[1]');
    expect(err({ centralBusArn: BUS, regions: ['us-east-1'], roleName: 'x' }).setting).toBe('roleName');
  });
});
