import type { AnyAsset, Asset, AssetType, CoverageGap } from './asset.ts';
import type { FrameworkMappings } from './frameworks.ts';
import type { Severity } from './severity.ts';

/** PASS and FAIL are verdicts; MANUAL = cannot be judged automatically; ERROR = data unreadable (coverage gap). */
export type CheckStatus = 'PASS' | 'FAIL' | 'MANUAL' | 'ERROR';

export interface Remediation {
  text: string;
  url?: string;
  /** AWS CLI snippet. */
  cli?: string;
  /** CDK (TypeScript) snippet. */
  cdk?: string;
}

export interface CheckMetadata {
  /** `<service>_<resource>_<property>_<state>`, equal to the file name. */
  id: string;
  title: string;
  severity: Severity;
  service: 'bedrock' | 'sagemaker' | 'iam' | 's3' | 'shadow' | 'ec2' | string;
  resourceType: AssetType;
  description: string;
  risk: string;
  remediation: Remediation;
  /** ASFF `Types`, e.g. `Software and Configuration Checks/AWS Security Best Practices`. */
  types: string[];
  mappings: FrameworkMappings;
  /** Equivalent checks in other tools, so coverage can be compared. */
  equivalents: { prowler?: string[]; securityHub?: string[] };
  categories?: string[];
}

/** Read-only view over the inventory, for checks that span assets. */
export interface AssetGraph {
  get(id: string): AnyAsset | undefined;
  byType<T extends AssetType>(type: T, scope?: { accountId?: string; region?: string }): Asset<T>[];
  /** Targets of `asset`'s relationships (optionally of one kind) that are inventoried assets. */
  related(asset: AnyAsset, kind?: string): AnyAsset[];
  /** Assets that point at `assetId` (optionally via one relationship kind). */
  referrers(assetId: string, kind?: string): AnyAsset[];
  /** Coverage gaps recorded for an account/region(/service). */
  gaps(accountId: string, region: string, service?: string): CoverageGap[];
}

export interface CheckContext {
  graph: AssetGraph;
  now: Date;
  /** Tunables (thresholds) from configuration. */
  settings: Record<string, unknown>;
}

export interface CheckOutcome {
  status: CheckStatus;
  /** One sentence naming the resource and why. */
  reason: string;
  evidence?: Record<string, unknown>;
  /** Defaults to the evaluated asset. */
  resourceId?: string;
}

export interface Check<T extends AssetType = AssetType> {
  metadata: CheckMetadata & { resourceType: T };
  evaluate(asset: Asset<T>, ctx: CheckContext): CheckOutcome | CheckOutcome[];
}

export interface CheckResult extends CheckOutcome {
  checkId: string;
  resourceId: string;
  resourceType: AssetType;
  resourceName: string;
  accountId: string;
  region: string;
  severity: Severity;
}
