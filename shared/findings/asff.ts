import type { Finding } from '../domain/finding.ts';
import { FRAMEWORK_KEYS, type FrameworkKey, type FrameworkMappings } from '../domain/frameworks.ts';
import { isSeverity, normalizedSeverity, type Severity } from '../domain/severity.ts';
import { isSuppressed } from './suppressions.ts';
import { hasLoneSurrogate, oneLine, stripControl, truncate } from './text.ts';

/**
 * AWS Security Finding Format (ASFF) documents for `BatchImportFindings`, and a validator for every Security Hub
 * constraint we can check offline. Sources: API_AwsSecurityFinding, asff-required-attributes, the SDK model
 * (@aws-sdk/client-securityhub) length constraints.
 */

export const ASFF_SCHEMA_VERSION = '2018-10-08';
export const ASFF_NAMESPACES = [
  'Software and Configuration Checks',
  'TTPs',
  'Effects',
  'Unusual Behaviors',
  'Sensitive Data Identifications',
] as const;
export const MAX_FINDING_BYTES = 240 * 1024;
export const LIMITS = {
  id: 512,
  productArnMin: 12,
  productArn: 2048,
  generatorId: 512,
  title: 256,
  description: 1024,
  types: 50,
  typeLength: 256,
  region: 16,
  relatedRequirements: 32,
  requirementLength: 256,
  resourcesMin: 1,
  resources: 32,
  resourceType: 256,
  resourceId: 2048,
  productFields: 50,
  productFieldKey: 128,
  productFieldValue: 2048,
  otherEntries: 50,
  otherKey: 128,
  otherValue: 1024,
  tagKey: 128,
  tagValue: 256,
  tags: 50,
  recommendationText: 512,
  url: 2048,
} as const;
/** Security Hub adds its own `aws/securityhub/*` ProductFields (FindingId, ProductName, CompanyName): leave room. */
const OWN_PRODUCT_FIELDS = 44;

export type AsffPartition = 'aws' | 'aws-cn' | 'aws-us-gov' | 'aws-us-iso' | 'aws-us-iso-b';
const PARTITIONS: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov', 'aws-us-iso', 'aws-us-iso-b'];

export interface AsffResource {
  Type: string;
  Id: string;
  Partition?: AsffPartition;
  Region?: string;
  ResourceRole?: 'Target' | 'Actor';
  Tags?: Record<string, string>;
  Details?: { Other?: Record<string, string> };
}

/** The subset of `AwsSecurityFinding` this project produces (structurally compatible with the SDK type). */
export interface AsffFinding {
  SchemaVersion: string;
  Id: string;
  ProductArn: string;
  ProductName?: string;
  CompanyName?: string;
  Region?: string;
  GeneratorId: string;
  AwsAccountId: string;
  Types: string[];
  FirstObservedAt?: string;
  LastObservedAt?: string;
  CreatedAt: string;
  UpdatedAt: string;
  Severity: { Label: Severity; Original?: string; Normalized?: number };
  Title: string;
  Description: string;
  Remediation?: { Recommendation?: { Text?: string; Url?: string } };
  ProductFields?: Record<string, string>;
  Resources: AsffResource[];
  Compliance?: {
    Status: 'PASSED' | 'WARNING' | 'FAILED' | 'NOT_AVAILABLE';
    RelatedRequirements?: string[];
  };
  RecordState: 'ACTIVE' | 'ARCHIVED';
  FindingProviderFields?: {
    Severity?: { Label?: Severity; Original?: string };
    Types?: string[];
  };
}

export interface ToAsffOptions {
  /** Defaults to the account's default product ARN in the finding's (or home) region. */
  productArn?: string;
  /** Used when the resource id is not an ARN; defaults from the region (`cn-*`, `us-gov-*`) or `aws`. */
  partition?: string;
  /** Evaluation time for suppression expiry; defaults to the finding's `updatedAt`. */
  now?: string;
  /** Security Hub region for global resources (IAM): findings are imported in one region. Default us-east-1. */
  homeRegion?: string;
  /**
   * Import every finding into this Security Hub region (ProductArn and Region), e.g. the delivery function's region
   * when it may only call BatchImportFindings there. `Resources[].Region` keeps the resource's own region.
   */
  importRegion?: string;
}

/** ASFF resource types that exist for our asset types; everything else (all of Bedrock, most of SageMaker) is `Other`. */
const RESOURCE_TYPES: Record<string, string> = {
  'sagemaker.notebook-instance': 'AwsSageMakerNotebookInstance',
  's3.bucket': 'AwsS3Bucket',
  'iam.role': 'AwsIamRole',
  'iam.user': 'AwsIamUser',
  'lambda.function': 'AwsLambdaFunction',
  'ecs.task-definition': 'AwsEcsTaskDefinition',
  'secretsmanager.secret': 'AwsSecretsManagerSecret',
  'ec2.instance': 'AwsEc2Instance',
};

export function asffResourceType(assetType: string): string {
  return RESOURCE_TYPES[assetType] ?? 'Other';
}

/** AWS region shape. A runtime finding's region comes from the log record; anything else is not used as a region. */
const REGION_RE = /^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$/;
const isRegion = (r: string | undefined): r is string => !!r && r.length <= LIMITS.region && REGION_RE.test(r);

/** Partition of an ARN (`arn:aws-cn:...` -> `aws-cn`), else from the region, else `aws`. */
export function partitionOf(resourceId: string, region?: string, fallback?: string): AsffPartition {
  const m = /^arn:([a-z-]+):/.exec(resourceId);
  if (m && PARTITIONS.includes(m[1])) return m[1] as AsffPartition;
  if (fallback && PARTITIONS.includes(fallback)) return fallback as AsffPartition;
  if (region?.startsWith('cn-')) return 'aws-cn';
  if (region?.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function defaultProductArn(partition: string, region: string, accountId: string): string {
  return `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

/** Stable ASFF Id: the same finding is always imported under the same Id, so re-imports update it. */
export function asffIdFor(finding: Pick<Finding, 'id'>): string {
  return `aispm/${finding.id}`;
}

const REQUIREMENT_PREFIX: Record<FrameworkKey, string> = {
  owasp: 'OWASP LLM Top 10 2025',
  atlas: 'MITRE ATLAS',
  nist: 'NIST AI RMF 1.0',
  iso42001: 'ISO/IEC 42001:2023',
  euAiAct: 'EU AI Act',
};

/** `Compliance.RelatedRequirements` from the framework mappings (<= 32, in framework order). */
export function relatedRequirements(m: FrameworkMappings): string[] {
  const out: string[] = [];
  for (const k of FRAMEWORK_KEYS)
    for (const id of m[k] ?? []) out.push(oneLine(`${REQUIREMENT_PREFIX[k]} ${id}`, LIMITS.requirementLength));
  return [...new Set(out)].slice(0, LIMITS.relatedRequirements);
}

const TYPE_DEFAULT: Record<Finding['source'], string> = {
  posture: 'Software and Configuration Checks/AWS Security Best Practices',
  coverage: 'Software and Configuration Checks/AWS Security Best Practices',
  runtime: 'Unusual Behaviors/Application',
};

export function isValidType(t: string): boolean {
  const parts = t.split('/');
  return (
    parts.length >= 1 &&
    parts.length <= 3 &&
    parts.every((p) => p.length > 0 && p.trim() === p) &&
    (ASFF_NAMESPACES as readonly string[]).includes(parts[0]) &&
    t.length <= LIMITS.typeLength
  );
}

function safeUrl(u: string | undefined): string | undefined {
  if (!u || u.length > LIMITS.url) return undefined;
  try {
    const url = new URL(u);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
export function isRfc3339(s: unknown): s is string {
  return typeof s === 'string' && RFC3339.test(s) && !Number.isNaN(Date.parse(s));
}

function complianceStatus(f: Finding): NonNullable<AsffFinding['Compliance']>['Status'] {
  if (f.status === 'RESOLVED' || f.complianceStatus === 'PASS') return 'PASSED';
  if (f.source === 'coverage' || f.complianceStatus === 'ERROR') return 'NOT_AVAILABLE';
  if (f.complianceStatus === 'MANUAL') return 'WARNING';
  return 'FAILED';
}

function fieldKey(k: string): string {
  return truncate(k.replace(/[^\w./-]/g, '_'), LIMITS.productFieldKey);
}

function evidenceValue(v: unknown): string {
  const s = Array.isArray(v) ? v.join(', ') : v === null ? 'null' : String(v);
  return truncate(stripControl(s), 512);
}

/** Builds the ASFF document for a finding. Pure; the result passes `validateAsff`. */
export function toAsff(finding: Finding, opts: ToAsffOptions = {}): AsffFinding {
  const f = finding;
  const home = opts.homeRegion ?? 'us-east-1';
  const region = opts.importRegion ?? (isRegion(f.region) ? f.region : home);
  const partition = partitionOf(f.resourceId, region, opts.partition);
  const now = new Date(opts.now ?? f.updatedAt);
  const resolved = f.status === 'RESOLVED';
  const types = f.types.map((t) => oneLine(t, LIMITS.typeLength)).filter(isValidType);
  if (types.length === 0) types.push(TYPE_DEFAULT[f.source] ?? TYPE_DEFAULT.posture);
  const severity: Severity = isSeverity(f.severity) ? f.severity : 'MEDIUM';

  const pf: [string, string][] = [
    ['aispm/FindingId', f.id],
    ['aispm/RuleId', f.ruleId],
    ['aispm/Source', f.source],
    ['aispm/Status', f.status],
    ['aispm/ResourceType', f.resourceType],
    ['aispm/Occurrences', String(f.occurrences)],
    ['aispm/ReopenedCount', String(f.reopenedCount)],
  ];
  if (f.resolvedAt) pf.push(['aispm/ResolvedAt', f.resolvedAt]);
  if (f.detector) pf.push(['aispm/Detector', f.detector]);
  if (f.identity) pf.push(['aispm/Identity', f.identity]);
  if (f.modelId) pf.push(['aispm/ModelId', f.modelId]);
  if (f.windowStart) pf.push(['aispm/WindowStart', f.windowStart]);
  if (f.requestIds?.length) pf.push(['aispm/RequestIds', f.requestIds.join(',')]);
  if (f.eventIds?.length) pf.push(['aispm/EventIds', f.eventIds.join(',')]);
  // Suppression (accepted risk): BatchImportFindings ignores Workflow/Note/UserDefinedFields on existing findings
  // (they belong to the customer), so the provider-owned ProductFields carry it.
  const suppressed = isSuppressed(f, now);
  pf.push(['aispm/Suppressed', String(suppressed)]);
  if (f.suppression && suppressed) {
    pf.push(['aispm/SuppressionId', f.suppression.id]);
    pf.push(['aispm/SuppressionReason', f.suppression.reason]);
    pf.push(['aispm/SuppressionOwner', f.suppression.owner]);
    pf.push(['aispm/SuppressionExpiresAt', f.suppression.expiresAt]);
  }
  for (const [k, v] of Object.entries(f.evidence ?? {})) {
    if (pf.length >= OWN_PRODUCT_FIELDS) break;
    pf.push([fieldKey(`aispm/Evidence/${k}`), evidenceValue(v)]);
  }
  const productFields: Record<string, string> = {};
  for (const [k, v] of pf.slice(0, OWN_PRODUCT_FIELDS)) {
    const key = fieldKey(k);
    const value = truncate(stripControl(v), LIMITS.productFieldValue);
    if (value.length > 0 && !(key in productFields)) productFields[key] = value;
  }

  const other: Record<string, string> = { aispmResourceType: f.resourceType };
  if (f.resourceName) other.name = oneLine(f.resourceName, LIMITS.otherValue);
  if (f.modelId) other.modelId = oneLine(f.modelId, LIMITS.otherValue);
  const resources: AsffResource[] = [
    {
      Type: asffResourceType(f.resourceType),
      Id: truncate(stripControl(f.resourceId, false), LIMITS.resourceId) || `aispm:${f.accountId}:${f.resourceType}`,
      Partition: partition,
      ...(isRegion(f.region) ? { Region: f.region } : {}),
      ResourceRole: 'Target',
      Details: { Other: other },
    },
  ];
  if (f.identity) {
    resources.push({
      Type: /^arn:[^:]+:iam::\d{12}:role\//.test(f.identity)
        ? 'AwsIamRole'
        : /^arn:[^:]+:iam::\d{12}:user\//.test(f.identity)
          ? 'AwsIamUser'
          : 'Other',
      Id: truncate(stripControl(f.identity, false), LIMITS.resourceId),
      Partition: partitionOf(f.identity, region, partition),
      ResourceRole: 'Actor',
    });
  }

  const title = oneLine(f.title, LIMITS.title) || f.ruleId.slice(0, LIMITS.title);
  const description = truncate(stripControl(f.description).trim(), LIMITS.description) || title;
  const recText = truncate(stripControl(f.remediation?.text ?? '').trim(), LIMITS.recommendationText);
  const recUrl = safeUrl(f.remediation?.url);
  const requirements = relatedRequirements(f.mappings ?? {});

  const doc: AsffFinding = {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: asffIdFor(f),
    ProductArn: opts.productArn ?? defaultProductArn(partition, region, f.accountId),
    ProductName: 'AI-SPM',
    CompanyName: 'AI-SPM',
    Region: region,
    GeneratorId: truncate(f.ruleId, LIMITS.generatorId),
    AwsAccountId: f.accountId,
    Types: types.slice(0, LIMITS.types),
    FirstObservedAt: f.firstObservedAt,
    LastObservedAt: f.lastObservedAt,
    CreatedAt: f.firstObservedAt,
    UpdatedAt: f.updatedAt,
    Severity: {
      Label: severity,
      Original: severity,
      Normalized: normalizedSeverity(severity),
    },
    Title: title,
    Description: description,
    ...(recText || recUrl
      ? {
          Remediation: {
            Recommendation: {
              ...(recText ? { Text: recText } : {}),
              ...(recUrl ? { Url: recUrl } : {}),
            },
          },
        }
      : {}),
    ProductFields: productFields,
    Resources: resources,
    Compliance: {
      Status: complianceStatus(f),
      ...(requirements.length ? { RelatedRequirements: requirements } : {}),
    },
    RecordState: resolved ? 'ARCHIVED' : 'ACTIVE',
    FindingProviderFields: {
      Severity: { Label: severity, Original: severity },
      Types: types.slice(0, LIMITS.types),
    },
  };
  return shrinkToLimit(doc);
}

export function asffBytes(doc: unknown): number {
  return Buffer.byteLength(JSON.stringify(doc), 'utf8');
}

/** Drops evidence fields (largest first), then the description tail, until the document fits 240 KB. */
function shrinkToLimit(doc: AsffFinding): AsffFinding {
  if (asffBytes(doc) <= MAX_FINDING_BYTES) return doc;
  const pf = { ...(doc.ProductFields ?? {}) };
  const evidenceKeys = Object.keys(pf)
    .filter((k) => k.startsWith('aispm/Evidence/'))
    .sort((a, b) => pf[b].length - pf[a].length);
  const out = { ...doc, ProductFields: pf };
  for (const k of evidenceKeys) {
    delete pf[k];
    pf['aispm/EvidenceTruncated'] = 'true';
    if (asffBytes(out) <= MAX_FINDING_BYTES) return out;
  }
  return out;
}

/** Every Security Hub constraint we can check offline. Returns human-readable errors (empty = valid). */
export function validateAsff(doc: unknown): string[] {
  const e: string[] = [];
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return ['finding must be an object'];
  const d = doc as Record<string, unknown>;
  const str = (k: string, min: number, max: number, v: unknown = d[k]) => {
    if (typeof v !== 'string') e.push(`${k} is required and must be a string`);
    else if (v.length < min || v.length > max) e.push(`${k} length ${v.length} outside ${min}..${max}`);
    else if (hasLoneSurrogate(v)) e.push(`${k} contains a lone surrogate (invalid UTF-16)`);
  };
  const optStr = (k: string, max: number, v: unknown) => {
    if (v === undefined) return;
    str(k, 1, max, v);
  };
  if (d.SchemaVersion !== ASFF_SCHEMA_VERSION) e.push(`SchemaVersion must be ${ASFF_SCHEMA_VERSION}`);
  str('Id', 1, LIMITS.id);
  str('ProductArn', LIMITS.productArnMin, LIMITS.productArn);
  if (typeof d.ProductArn === 'string' && !/^arn:[a-z-]+:securityhub:[a-z0-9-]+:(\d{12})?:product\/[\w.-]+\/[\w.-]+$/.test(d.ProductArn))
    e.push('ProductArn is not a Security Hub product ARN');
  str('GeneratorId', 1, LIMITS.generatorId);
  if (typeof d.AwsAccountId !== 'string' || !/^\d{12}$/.test(d.AwsAccountId)) e.push('AwsAccountId must be 12 digits');
  if (
    typeof d.ProductArn === 'string' &&
    typeof d.AwsAccountId === 'string' &&
    d.ProductArn.endsWith('/default') &&
    !d.ProductArn.includes(`:${d.AwsAccountId}:product/${d.AwsAccountId}/`)
  ) {
    e.push('ProductArn (default product) must belong to AwsAccountId');
  }
  optStr('ProductName', 128, d.ProductName);
  optStr('CompanyName', 128, d.CompanyName);
  optStr('Region', LIMITS.region, d.Region);
  if (!Array.isArray(d.Types) || d.Types.length === 0) e.push('Types must be a non-empty array');
  else {
    if (d.Types.length > LIMITS.types) e.push(`Types has ${d.Types.length} entries (max ${LIMITS.types})`);
    for (const t of d.Types)
      if (typeof t !== 'string' || !isValidType(t))
        e.push(`Types entry '${String(t)}' is not namespace/category/classifier with a valid namespace`);
  }
  for (const k of ['CreatedAt', 'UpdatedAt']) if (!isRfc3339(d[k])) e.push(`${k} must be an RFC 3339 timestamp`);
  for (const k of ['FirstObservedAt', 'LastObservedAt'])
    if (d[k] !== undefined && !isRfc3339(d[k])) e.push(`${k} must be an RFC 3339 timestamp`);
  if (isRfc3339(d.CreatedAt) && isRfc3339(d.UpdatedAt) && Date.parse(d.UpdatedAt) < Date.parse(d.CreatedAt))
    e.push('UpdatedAt is earlier than CreatedAt');
  if (isRfc3339(d.FirstObservedAt) && isRfc3339(d.LastObservedAt) && Date.parse(d.LastObservedAt) < Date.parse(d.FirstObservedAt))
    e.push('LastObservedAt is earlier than FirstObservedAt');
  const sev = d.Severity as Record<string, unknown> | undefined;
  if (!sev || typeof sev !== 'object') e.push('Severity is required');
  else {
    if (!isSeverity(sev.Label)) e.push(`Severity.Label '${String(sev.Label)}' is not INFORMATIONAL|LOW|MEDIUM|HIGH|CRITICAL`);
    if (
      sev.Normalized !== undefined &&
      (typeof sev.Normalized !== 'number' || !Number.isInteger(sev.Normalized) || sev.Normalized < 0 || sev.Normalized > 100)
    )
      e.push('Severity.Normalized must be an integer 0..100');
    if (sev.Original !== undefined) str('Severity.Original', 1, 140, sev.Original);
  }
  str('Title', 1, LIMITS.title);
  str('Description', 1, LIMITS.description);
  const rec = (d.Remediation as { Recommendation?: Record<string, unknown> } | undefined)?.Recommendation;
  if (rec) {
    if (rec.Text !== undefined) str('Remediation.Recommendation.Text', 1, LIMITS.recommendationText, rec.Text);
    if (rec.Url !== undefined && (typeof rec.Url !== 'string' || safeUrl(rec.Url) === undefined))
      e.push('Remediation.Recommendation.Url must be an http(s) URL');
  }
  const kv = (name: string, v: unknown, maxEntries: number, maxKey: number, maxValue: number) => {
    if (v === undefined) return;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return void e.push(`${name} must be a string map`);
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length > maxEntries) e.push(`${name} has ${entries.length} entries (max ${maxEntries})`);
    for (const [k, x] of entries) {
      if (k.length < 1 || k.length > maxKey) e.push(`${name} key '${k.slice(0, 40)}' length outside 1..${maxKey}`);
      if (typeof x !== 'string') e.push(`${name}.${k} must be a string`);
      else if (x.length > maxValue) e.push(`${name}.${k} value length ${x.length} > ${maxValue}`);
      else if (hasLoneSurrogate(x)) e.push(`${name}.${k} contains a lone surrogate`);
    }
  };
  kv('ProductFields', d.ProductFields, LIMITS.productFields, LIMITS.productFieldKey, LIMITS.productFieldValue);
  if (d.ProductFields && typeof d.ProductFields === 'object') {
    for (const k of Object.keys(d.ProductFields))
      if (k.startsWith('aws/')) e.push(`ProductFields key '${k.slice(0, 40)}' uses the reserved 'aws/' prefix`);
  }
  kv('UserDefinedFields', d.UserDefinedFields, 50, 128, 1024);
  if (!Array.isArray(d.Resources) || d.Resources.length < LIMITS.resourcesMin || d.Resources.length > LIMITS.resources)
    e.push(`Resources must have ${LIMITS.resourcesMin}..${LIMITS.resources} entries`);
  else
    d.Resources.forEach((r: Record<string, unknown>, i: number) => {
      str(`Resources[${i}].Type`, 1, LIMITS.resourceType, r?.Type);
      str(`Resources[${i}].Id`, 1, LIMITS.resourceId, r?.Id);
      if (r?.Partition !== undefined && !PARTITIONS.includes(String(r.Partition)))
        e.push(`Resources[${i}].Partition '${String(r.Partition)}' is not a valid partition`);
      if (r?.Region !== undefined) str(`Resources[${i}].Region`, 1, LIMITS.region, r.Region);
      if (r?.ResourceRole !== undefined && r.ResourceRole !== 'Target' && r.ResourceRole !== 'Actor')
        e.push(`Resources[${i}].ResourceRole must be Target or Actor`);
      kv(`Resources[${i}].Tags`, r?.Tags, LIMITS.tags, LIMITS.tagKey, LIMITS.tagValue);
      const details = r?.Details as Record<string, unknown> | undefined;
      if (details?.Other !== undefined)
        kv(`Resources[${i}].Details.Other`, details.Other, LIMITS.otherEntries, LIMITS.otherKey, LIMITS.otherValue);
      if (
        typeof r?.Id === 'string' &&
        r.Id.startsWith('arn:') &&
        typeof r.Partition === 'string' &&
        !r.Id.startsWith(`arn:${r.Partition}:`)
      )
        e.push(`Resources[${i}].Partition does not match the ARN`);
    });
  const comp = d.Compliance as Record<string, unknown> | undefined;
  if (comp !== undefined) {
    if (!['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE'].includes(String(comp.Status)))
      e.push(`Compliance.Status '${String(comp.Status)}' is not PASSED|WARNING|FAILED|NOT_AVAILABLE`);
    const rr = comp.RelatedRequirements;
    if (rr !== undefined) {
      if (!Array.isArray(rr)) e.push('Compliance.RelatedRequirements must be an array');
      else {
        if (rr.length > LIMITS.relatedRequirements)
          e.push(`Compliance.RelatedRequirements has ${rr.length} entries (max ${LIMITS.relatedRequirements})`);
        for (const [i, x] of rr.entries()) str(`Compliance.RelatedRequirements[${i}]`, 1, LIMITS.requirementLength, x);
      }
    }
  }
  if (d.RecordState !== undefined && d.RecordState !== 'ACTIVE' && d.RecordState !== 'ARCHIVED')
    e.push(`RecordState '${String(d.RecordState)}' is not ACTIVE|ARCHIVED`);
  if (d.Workflow !== undefined || d.Note !== undefined)
    e.push('Workflow/Note are customer-owned: BatchImportFindings ignores them on updates, do not send them');
  const fpf = d.FindingProviderFields as Record<string, unknown> | undefined;
  if (fpf) {
    const s = fpf.Severity as Record<string, unknown> | undefined;
    if (s?.Label !== undefined && !isSeverity(s.Label)) e.push('FindingProviderFields.Severity.Label is invalid');
    if (
      fpf.Types !== undefined &&
      (!Array.isArray(fpf.Types) || fpf.Types.length > LIMITS.types || fpf.Types.some((t) => typeof t !== 'string' || !isValidType(t)))
    )
      e.push('FindingProviderFields.Types is invalid');
  }
  const bytes = asffBytes(doc);
  if (bytes > MAX_FINDING_BYTES) e.push(`finding is ${bytes} bytes (max ${MAX_FINDING_BYTES})`);
  return e;
}
