import { isSeverity, type Severity } from '../domain/severity.ts';
import { parseSuppressions, type SuppressionRule } from '../findings/suppressions.ts';

/**
 * Deployment / run configuration. Comes from CDK context (`cdk.json` / `-c aispm='{...}'`) at synth, from
 * environment variables inside the functions, and from flags in the CLI. Every value is validated here so a bad
 * setting fails fast with a message naming it.
 */
export interface AiSpmSettings {
  /** Regions to scan, e.g. ["us-east-1", "eu-west-1"]. */
  regions: string[];
  /** EventBridge Scheduler expression for the full scan: `rate(6 hours)` or a `cron(...)` expression. */
  scanSchedule: string;
  /** Slack alerts for NEW/reopened findings at or above this severity. */
  slackMinSeverity: Severity;
  /** Identities (ARN globs) allowed to invoke models; empty = no allowlist. */
  identityAllowlist: string[];
  /** Model ids (globs) allowed; empty = no allowlist. */
  modelAllowlist: string[];
  /**
   * Other posture scanners (principal ARN globs, e.g. a CSPM's role sessions): their Bedrock List/Get calls are not
   * LLMjacking reconnaissance. This stack's own discovery role (and the target roles it assumes) are added for you.
   */
  scannerPrincipals: string[];
  /** Buckets receiving Bedrock invocation logs (analyzed on Object Created). */
  invocationLogBuckets: string[];
  /** CloudWatch Logs group receiving Bedrock invocation logs (subscription filter), if any. */
  invocationLogGroup?: string;
  /** Object-lock retention of the report bucket, in days (compliance mode); 0 disables the default retention. */
  reportRetentionDays: number;
  /**
   * Scan role ARNs to assume, one per target account. Empty = the deployment account only; non-empty = exactly these
   * accounts (the deployment account is scanned only if one of them is a role in it).
   */
  targetRoleArns: string[];
  /**
   * `sts:ExternalId` sent when discovery and delivery assume the `targetRoleArns`, for target roles whose trust
   * requires one (the member stack's `externalId`). Absent = none sent.
   */
  targetExternalId?: string;
  /**
   * Name of the import role in each target account (the member stack's `importRoleName`, `AispmImportRole` there by
   * default): delivery imports a member account's findings into its Security Hub by assuming
   * `arn:<partition>:iam::<account of the target role>:role/<name>`, and may assume nothing else. Absent = delivery
   * assumes the `targetRoleArns` themselves (member roles created before the import role was split off).
   */
  targetImportRoleName?: string;
  /**
   * Accounts whose forwarders (the `AiSpmForwarder` stack) may put events on the central stack's forwarded-events bus:
   * each must be the account of a `targetRoleArns` role (the refresh of its events assumes that role; an event of any
   * other account is dropped). The deployment account's own forwarders (other regions) need no entry.
   */
  forwardedEventAccounts: string[];
  /**
   * An AWS Organizations id (`o-...`): every account of the organization may put events on the forwarded-events bus.
   * Events of accounts without a `targetRoleArns` role are dropped (and counted) by the discover function.
   */
  forwardedEventOrganizationId?: string;
  /**
   * The deployment account runs forwarders of its own (`AiSpmForwarder` in its other regions, e.g. us-east-1 for IAM
   * events): the forwarded-events bus is created for them even with no member account or organization admitted.
   * The forwarded-events bus and its rules exist only when this is true or `forwardedEventAccounts` /
   * `forwardedEventOrganizationId` are set.
   */
  forwardedEventOwnAccount: boolean;
  /** Canary tokens planted in system prompts; seeing one in an output is a leak. */
  canaryTokens: string[];
  /** Accepted risks: findings matching a rule are delivered as suppressed until the rule expires (docs/delivery.md). */
  suppressions: SuppressionRule[];
}

export const DEFAULT_SETTINGS: AiSpmSettings = {
  regions: ['us-east-1'],
  scanSchedule: 'rate(6 hours)',
  slackMinSeverity: 'HIGH',
  identityAllowlist: [],
  modelAllowlist: [],
  scannerPrincipals: [],
  invocationLogBuckets: [],
  reportRetentionDays: 365,
  targetRoleArns: [],
  forwardedEventAccounts: [],
  forwardedEventOwnAccount: false,
  canaryTokens: [],
  suppressions: [],
};

/** Regions where Bedrock or SageMaker can run (commercial, GovCloud, China). */
export const KNOWN_REGIONS = new Set([
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-south-2',
  'eu-north-1',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'mx-central-1',
  'sa-east-1',
  'us-gov-east-1',
  'us-gov-west-1',
  'cn-north-1',
  'cn-northwest-1',
]);

export class SettingsError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`invalid setting '${setting}': ${message}`);
    this.name = 'SettingsError';
  }
}

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/;
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const GLOB = /^[\w:/*?.@+=,#-]{1,512}$/;
const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
/** An EventBridge event bus ARN (the central stack's `ForwardedEventsBusArn` output). */
const EVENT_BUS_ARN = /^arn:aws(-[a-z]+)*:events:([a-z]{2}(-[a-z]+)+-\d):(\d{12}):event-bus\/[\w.\-]{1,256}$/;
/** What STS accepts as an external id: 2-1224 characters of `[\w+=,.@:/-]`. */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

export function validateScheduleExpression(expr: string, setting = 'scanSchedule'): void {
  const m = RATE.exec(expr);
  if (m) {
    const n = Number(m[1]);
    const unit = m[2];
    if (n < 1) throw new SettingsError(setting, `rate must be at least 1 (got '${expr}')`);
    if (n === 1 && unit.endsWith('s')) throw new SettingsError(setting, `use the singular unit for a rate of 1 (got '${expr}')`);
    if (n > 1 && !unit.endsWith('s')) throw new SettingsError(setting, `use the plural unit for a rate above 1 (got '${expr}')`);
    if (unit.startsWith('minute') && n < 15)
      throw new SettingsError(setting, `a full scan more often than every 15 minutes is not supported (got '${expr}')`);
    return;
  }
  if (CRON.test(expr)) return;
  throw new SettingsError(setting, `expected 'rate(N unit)' or 'cron(min hour dom month dow year)', got '${expr}'`);
}

function stringList(raw: unknown, setting: string, pattern: RegExp, what: string): string[] {
  if (raw === undefined) return [];
  const list =
    typeof raw === 'string'
      ? raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : raw;
  if (!Array.isArray(list)) throw new SettingsError(setting, `expected a list of ${what}`);
  return list.map((v, i) => {
    if (typeof v !== 'string' || !pattern.test(v)) throw new SettingsError(`${setting}[${i}]`, `'${String(v)}' is not a valid ${what}`);
    return v;
  });
}

/** Validates and completes raw settings (from JSON, context or env). Throws `SettingsError` naming the bad setting. */
export function parseSettings(raw: Record<string, unknown> = {}): AiSpmSettings {
  const known = new Set(
    Object.keys(DEFAULT_SETTINGS).concat('invocationLogGroup', 'targetExternalId', 'targetImportRoleName', 'forwardedEventOrganizationId'),
  );
  for (const k of Object.keys(raw)) if (!known.has(k)) throw new SettingsError(k, `unknown setting (known: ${[...known].join(', ')})`);

  const regions =
    raw.regions === undefined ? DEFAULT_SETTINGS.regions : stringList(raw.regions, 'regions', /^[a-z]{2}(-[a-z]+)+-\d$/, 'region name');
  if (regions.length === 0) throw new SettingsError('regions', 'at least one region is required');
  regions.forEach((r, i) => {
    if (!KNOWN_REGIONS.has(r)) throw new SettingsError(`regions[${i}]`, `unknown region '${r}'`);
  });

  const scanSchedule = raw.scanSchedule === undefined ? DEFAULT_SETTINGS.scanSchedule : String(raw.scanSchedule);
  validateScheduleExpression(scanSchedule);

  const sev = raw.slackMinSeverity ?? DEFAULT_SETTINGS.slackMinSeverity;
  if (!isSeverity(sev))
    throw new SettingsError('slackMinSeverity', `expected one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL, got '${String(sev)}'`);

  const retention = raw.reportRetentionDays ?? DEFAULT_SETTINGS.reportRetentionDays;
  if (typeof retention !== 'number' || !Number.isInteger(retention) || retention < 0 || retention > 36500) {
    throw new SettingsError('reportRetentionDays', `expected a whole number of days between 0 and 36500, got '${String(retention)}'`);
  }

  const logGroup = raw.invocationLogGroup;
  if (logGroup !== undefined && (typeof logGroup !== 'string' || !/^[\w\-_/.#]{1,512}$/.test(logGroup))) {
    throw new SettingsError('invocationLogGroup', `'${String(logGroup)}' is not a valid log group name`);
  }

  const canaryTokens = stringList(raw.canaryTokens, 'canaryTokens', /^\S{8,256}$/, 'canary token (8+ non-space characters)');
  const targetRoleArns = stringList(raw.targetRoleArns, 'targetRoleArns', ROLE_ARN, 'IAM role ARN');
  const externalId = raw.targetExternalId;
  if (externalId !== undefined) {
    if (typeof externalId !== 'string' || !EXTERNAL_ID.test(externalId))
      throw new SettingsError('targetExternalId', 'expected 2-1224 characters of letters, digits and +=,.@:/-_');
    if (targetRoleArns.length === 0)
      throw new SettingsError('targetExternalId', 'is only sent when assuming targetRoleArns, and none are set');
  }
  const importRoleName = raw.targetImportRoleName;
  if (importRoleName !== undefined) {
    if (typeof importRoleName !== 'string' || !ROLE_NAME.test(importRoleName))
      throw new SettingsError(
        'targetImportRoleName',
        `'${String(importRoleName)}' is not a valid IAM role name (1-64 characters of letters, digits and +=,.@-_; no path)`,
      );
    if (targetRoleArns.length === 0)
      throw new SettingsError('targetImportRoleName', 'names the import role of each targetRoleArns account, and none are set');
    // IAM role names are unique in an account whatever their path, and compared without case
    if (targetRoleArns.some((arn) => arn.slice(arn.lastIndexOf('/') + 1).toLowerCase() === importRoleName.toLowerCase()))
      throw new SettingsError(
        'targetImportRoleName',
        `'${importRoleName}' is the name of a target (scan) role: the import role is a separate role (member stack importRoleName)`,
      );
  }

  const targetAccounts = new Set(targetRoleArns.map((arn) => arn.split(':')[4]));
  const forwardedEventAccounts = [
    ...new Set(stringList(raw.forwardedEventAccounts, 'forwardedEventAccounts', ACCOUNT_ID, 'account id (12 digits)')),
  ];
  forwardedEventAccounts.forEach((account, i) => {
    if (!targetAccounts.has(account))
      throw new SettingsError(
        `forwardedEventAccounts[${i}]`,
        `${account} is not the account of a targetRoleArns role: its events could not be refreshed (they would be dropped); add its member scan role to targetRoleArns`,
      );
  });
  const orgId = raw.forwardedEventOrganizationId;
  if (orgId !== undefined) {
    if (typeof orgId !== 'string' || !ORGANIZATION_ID.test(orgId))
      throw new SettingsError(
        'forwardedEventOrganizationId',
        `'${String(orgId)}' is not an AWS Organizations id (o- and 10-32 lowercase letters or digits)`,
      );
    if (targetRoleArns.length === 0)
      throw new SettingsError(
        'forwardedEventOrganizationId',
        'admits the events of member accounts, and no targetRoleArns are set: every one of them would be dropped',
      );
  }

  const ownAccount = raw.forwardedEventOwnAccount ?? DEFAULT_SETTINGS.forwardedEventOwnAccount;
  if (typeof ownAccount !== 'boolean')
    throw new SettingsError('forwardedEventOwnAccount', `expected true or false, got '${String(ownAccount)}'`);

  return {
    regions: [...new Set(regions)],
    scanSchedule,
    slackMinSeverity: sev,
    identityAllowlist: stringList(raw.identityAllowlist, 'identityAllowlist', GLOB, 'identity ARN pattern'),
    modelAllowlist: stringList(raw.modelAllowlist, 'modelAllowlist', GLOB, 'model id pattern'),
    scannerPrincipals: stringList(raw.scannerPrincipals, 'scannerPrincipals', GLOB, 'principal ARN pattern'),
    invocationLogBuckets: stringList(raw.invocationLogBuckets, 'invocationLogBuckets', BUCKET, 'bucket name'),
    invocationLogGroup: logGroup as string | undefined,
    reportRetentionDays: retention,
    targetRoleArns,
    targetExternalId: externalId as string | undefined,
    ...(importRoleName !== undefined ? { targetImportRoleName: importRoleName as string } : {}),
    forwardedEventAccounts,
    ...(orgId !== undefined ? { forwardedEventOrganizationId: orgId as string } : {}),
    forwardedEventOwnAccount: ownAccount,
    canaryTokens,
    suppressions: checkedSuppressions(raw.suppressions),
  };
}

/**
 * The import role of a target role's account: same partition and account, role `name` (no path). Used by the central
 * stack (delivery's `sts:AssumeRole` resources) and by the deliver function (`TARGET_IMPORT_ROLE_NAME`).
 */
export function importRoleArn(targetRoleArn: string, name: string): string {
  const m = /^arn:(aws[a-z-]*):iam::(\d{12}):role\//.exec(targetRoleArn);
  if (!m) throw new Error(`'${targetRoleArn}' is not an IAM role ARN`);
  return `arn:${m[1]}:iam::${m[2]}:role/${name}`;
}

/** The role delivery assumes per target account: its import role when `targetImportRoleName` is set, else the target role. */
export function deliveryRoleArns(settings: Pick<AiSpmSettings, 'targetRoleArns' | 'targetImportRoleName'>): string[] {
  const name = settings.targetImportRoleName;
  return [...new Set(settings.targetRoleArns.map((arn) => (name ? importRoleArn(arn, name) : arn)))];
}

/** Suppressions travel to the functions in an environment variable, and Lambda allows 4 KB of environment in all. */
export const MAX_SUPPRESSIONS_JSON = 2500;

function checkedSuppressions(raw: unknown) {
  const rules = parseSuppressions(raw, 'suppressions');
  const size = JSON.stringify(rules).length;
  if (size > MAX_SUPPRESSIONS_JSON) {
    throw new SettingsError(
      'suppressions',
      `${size} characters of rules exceed the ${MAX_SUPPRESSIONS_JSON} that fit in a Lambda environment (4 KB in all); use resource patterns or tags to group them`,
    );
  }
  return rules;
}

/**
 * Member-account stack configuration (CDK context `aispmMember`): the two roles a central deployment assumes in this
 * account. The scan role (read-only scan actions; the central `targetRoleArns`) is trusted by the central discovery
 * role only; the import role (Security Hub import into this account's own default product; the central
 * `targetImportRoleName`) by the central delivery role only. Validated like `parseSettings`.
 */
export interface MemberSettings {
  /** Principals allowed to assume the scan role: the central stack's `DiscoveryRoleArn` output. */
  discoveryPrincipalArns: string[];
  /** Principals allowed to assume the import role: the central stack's `DeliveryRoleArn` output. */
  deliveryPrincipalArns: string[];
  /** Fixed scan role name, so every member account's role ARN is predictable (`arn:aws:iam::<account>:role/<name>`). */
  roleName: string;
  /** Fixed import role name (the central stack's `targetImportRoleName`). */
  importRoleName: string;
  /** When set, the trust of both roles requires this `sts:ExternalId` (the central stack's `targetExternalId`). */
  externalId?: string;
  /**
   * Region of the central stack's delivery function, where it imports this account's findings into Security Hub.
   * Absent = the member stack's own region.
   */
  securityHubRegion?: string;
}

export const DEFAULT_MEMBER_ROLE_NAME = 'AispmScanRole';
export const DEFAULT_MEMBER_IMPORT_ROLE_NAME = 'AispmImportRole';
/**
 * Principals per role. Not a guarantee that the trust policy fits: IAM allows 2,048 characters of trust policy by
 * default, which ten long role ARNs with a long external id exceed. The member stack checks the rendered trust policy
 * itself at synth (`MAX_TRUST_POLICY_CHARS`).
 */
export const MAX_TRUSTED_PRINCIPALS = 10;
/** IAM's default quota on a role trust policy, in characters (whitespace not counted; adjustable up to 4,096). */
export const MAX_TRUST_POLICY_CHARS = 2048;

/** Validates and completes the member stack's raw settings. Throws `SettingsError` naming the bad setting. */
export function parseMemberSettings(raw: Record<string, unknown> = {}): MemberSettings {
  if (raw.trustedPrincipalArns !== undefined)
    throw new SettingsError(
      'trustedPrincipalArns',
      'replaced by discoveryPrincipalArns (the DiscoveryRoleArn output, trusted by the scan role) and deliveryPrincipalArns (the DeliveryRoleArn output, trusted by the import role)',
    );
  const known = ['discoveryPrincipalArns', 'deliveryPrincipalArns', 'roleName', 'importRoleName', 'externalId', 'securityHubRegion'];
  for (const k of Object.keys(raw)) if (!known.includes(k)) throw new SettingsError(k, `unknown setting (known: ${known.join(', ')})`);

  const principals = (setting: string, output: string) => {
    const arns = [...new Set(stringList(raw[setting], setting, ROLE_ARN, 'IAM role ARN (no wildcards)'))];
    if (arns.length === 0) throw new SettingsError(setting, `at least one role ARN is required (the central stack's ${output} output)`);
    if (arns.length > MAX_TRUSTED_PRINCIPALS) throw new SettingsError(setting, `at most ${MAX_TRUSTED_PRINCIPALS} role ARNs are accepted`);
    return arns;
  };
  const discoveryPrincipalArns = principals('discoveryPrincipalArns', 'DiscoveryRoleArn');
  const deliveryPrincipalArns = principals('deliveryPrincipalArns', 'DeliveryRoleArn');

  const name = (setting: string, fallback: string): string => {
    const value = raw[setting] ?? fallback;
    if (typeof value !== 'string' || !ROLE_NAME.test(value))
      throw new SettingsError(setting, `'${String(value)}' is not a valid IAM role name (1-64 characters of letters, digits and +=,.@-_)`);
    return value;
  };
  const roleName = name('roleName', DEFAULT_MEMBER_ROLE_NAME);
  const importRoleName = name('importRoleName', DEFAULT_MEMBER_IMPORT_ROLE_NAME);
  if (roleName.toLowerCase() === importRoleName.toLowerCase())
    throw new SettingsError('importRoleName', `must differ from roleName ('${roleName}'): the scan and import roles are separate roles`);

  const externalId = raw.externalId;
  if (externalId !== undefined && (typeof externalId !== 'string' || !EXTERNAL_ID.test(externalId)))
    throw new SettingsError('externalId', 'expected 2-1224 characters of letters, digits and +=,.@:/-_');

  const region = raw.securityHubRegion;
  if (region !== undefined && (typeof region !== 'string' || !KNOWN_REGIONS.has(region)))
    throw new SettingsError('securityHubRegion', `unknown region '${String(region)}'`);

  return {
    discoveryPrincipalArns,
    deliveryPrincipalArns,
    roleName,
    importRoleName,
    externalId: externalId as string | undefined,
    securityHubRegion: region as string | undefined,
  };
}

/**
 * Forwarder stack configuration (CDK context `aispmForwarder`): the rules that forward this account's CloudTrail write
 * events, in each listed region, to the central stack's forwarded-events bus. Validated like `parseSettings`.
 */
export interface ForwarderSettings {
  /** The central stack's `ForwardedEventsBusArn` output. */
  centralBusArn: string;
  /** Regions to forward from: one `AiSpmForwarder-<region>` stack each (the same template; a StackSet takes any one). */
  regions: string[];
}

/** The region and account of an event bus ARN. */
export function eventBusArnParts(arn: string): { region: string; account: string } | undefined {
  const m = EVENT_BUS_ARN.exec(arn);
  return m ? { region: m[2] as string, account: m[4] as string } : undefined;
}

/** Validates the forwarder stack's raw settings. Throws `SettingsError` naming the bad setting. */
export function parseForwarderSettings(raw: Record<string, unknown> = {}): ForwarderSettings {
  const known = ['centralBusArn', 'regions'];
  for (const k of Object.keys(raw)) if (!known.includes(k)) throw new SettingsError(k, `unknown setting (known: ${known.join(', ')})`);
  const arn = raw.centralBusArn;
  if (arn === undefined) throw new SettingsError('centralBusArn', "required: the central stack's ForwardedEventsBusArn output");
  const parts = typeof arn === 'string' ? eventBusArnParts(arn) : undefined;
  if (!parts)
    throw new SettingsError(
      'centralBusArn',
      `'${String(arn)}' is not an event bus ARN (arn:aws:events:<region>:<account>:event-bus/<name>, the ForwardedEventsBusArn output)`,
    );
  if (!KNOWN_REGIONS.has(parts.region)) throw new SettingsError('centralBusArn', `unknown region '${parts.region}'`);
  if ((arn as string).endsWith(':event-bus/default'))
    throw new SettingsError(
      'centralBusArn',
      "names a default bus: forwarded events go to the central stack's own bus (ForwardedEventsBusArn)",
    );
  const regions = stringList(raw.regions, 'regions', /^[a-z]{2}(-[a-z]+)+-\d$/, 'region name');
  if (regions.length === 0)
    throw new SettingsError('regions', 'at least one region is required (the scanned regions, and us-east-1 for IAM events)');
  regions.forEach((r, i) => {
    if (!KNOWN_REGIONS.has(r)) throw new SettingsError(`regions[${i}]`, `unknown region '${r}'`);
  });
  const partition = partitionOfRegion(parts.region);
  regions.forEach((r, i) => {
    if (partitionOfRegion(r) !== partition)
      throw new SettingsError(
        `regions[${i}]`,
        `'${r}' is in partition ${partitionOfRegion(r)}, the central bus (${parts.region}) in ${partition}: EventBridge does not route events between partitions`,
      );
  });
  if (arnPartition(arn as string) !== partition)
    throw new SettingsError('centralBusArn', `the ARN's partition '${arnPartition(arn as string)}' is not its region's (${partition})`);
  return { centralBusArn: arn as string, regions: [...new Set(regions)] };
}

/** The partition of a region (as `partitionOf` in shared/discovery/clients.ts, without importing the SDK clients). */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

function arnPartition(arn: string): string {
  return arn.split(':')[1] ?? '';
}

/**
 * Synth-time warnings about a valid forwarder configuration (app.ts turns them into Annotations):
 * - no us-east-1 among the regions of a commercial-partition forwarder: IAM events (delivered in us-east-1 only) of
 *   this account are not forwarded;
 * - a China or GovCloud forwarder in another region than the central bus: cross-region event bus targets are
 *   documented for commercial regions (and announced for GovCloud in 2022) but this project has not verified them in
 *   those partitions.
 */
export function forwarderWarnings(settings: ForwarderSettings): { region?: string; message: string }[] {
  const parts = eventBusArnParts(settings.centralBusArn);
  if (!parts) return [];
  const partition = partitionOfRegion(parts.region);
  const out: { region?: string; message: string }[] = [];
  const iamRegion = partition === 'aws-cn' ? 'cn-north-1' : partition === 'aws-us-gov' ? 'us-gov-west-1' : 'us-east-1';
  if (!settings.regions.includes(iamRegion))
    out.push({
      message: `aispmForwarder.regions has no ${iamRegion}: IAM events (Bedrock API keys, AI roles), which CloudTrail delivers in ${iamRegion} only, of this account are not forwarded (the scheduled scan still covers them)${parts.region === iamRegion ? `; fine in the central account, whose stack in ${iamRegion} sees them itself` : ''}`,
    });
  if (partition !== 'aws')
    for (const region of settings.regions)
      if (region !== parts.region)
        out.push({
          region,
          message: `forwarding from ${region} to a bus in ${parts.region} (${partition}) relies on cross-region event bus targets, which this project has not verified in the ${partition} partition: check the EventBridge documentation for your regions, or forward only from ${parts.region}`,
        });
  return out;
}
