import type { AnyAsset, Asset, AssetType } from '../../domain/asset.ts';
import type { Check, CheckOutcome } from '../../domain/check.ts';

/** Typed identity helper: `defineCheck({ metadata, evaluate })` infers the asset type from `metadata.resourceType`. */
export function defineCheck<T extends AssetType>(check: Check<T>): Check<T> {
  return check;
}

export function pass(reason: string, evidence?: Record<string, unknown>): CheckOutcome {
  return evidence ? { status: 'PASS', reason, evidence } : { status: 'PASS', reason };
}

export function fail(reason: string, evidence?: Record<string, unknown>): CheckOutcome {
  return evidence ? { status: 'FAIL', reason, evidence } : { status: 'FAIL', reason };
}

/** Cannot be judged automatically (a person has to look). */
export function manual(reason: string, evidence?: Record<string, unknown>): CheckOutcome {
  return evidence ? { status: 'MANUAL', reason, evidence } : { status: 'MANUAL', reason };
}

/** The data needed was not readable: a coverage gap, never a PASS. */
export function error(reason: string, evidence?: Record<string, unknown>): CheckOutcome {
  return evidence ? { status: 'ERROR', reason, evidence } : { status: 'ERROR', reason };
}

function readPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/**
 * Returns an ERROR outcome when the asset's config, or any of the named config fields (dot paths), was not read
 * (`undefined`). `null` counts as read. A nested path below a `null` parent counts as read (nothing set).
 */
export function unread(asset: AnyAsset | Asset, fields: string[]): CheckOutcome | undefined {
  const config = asset.config as unknown;
  if (config === undefined || config === null) {
    return error(`${asset.name}: configuration was not read.`, collectionEvidence(asset));
  }
  const missing: string[] = [];
  for (const f of fields) {
    const parts = f.split('.');
    let cur: unknown = config;
    let isMissing = false;
    for (const part of parts) {
      if (cur === null) break;
      if (typeof cur !== 'object' || cur === undefined) {
        isMissing = true;
        break;
      }
      cur = (cur as Record<string, unknown>)[part];
      if (cur === undefined) {
        isMissing = true;
        break;
      }
    }
    if (isMissing) missing.push(f);
  }
  if (missing.length === 0) return undefined;
  return error(`${asset.name}: ${missing.join(', ')} could not be read, so the check cannot be judged.`, {
    unreadFields: missing,
    ...collectionEvidence(asset),
  });
}

function collectionEvidence(asset: AnyAsset | Asset): Record<string, unknown> {
  return asset.collectionErrors?.length ? { collectionErrors: asset.collectionErrors } : {};
}

export { readPath };

/** `arn:aws:s3:::bucket` for an `s3://bucket/key` URI or a bucket ARN; undefined for anything else. */
export function bucketArnOf(uriOrArn: string | null | undefined): string | undefined {
  if (!uriOrArn) return undefined;
  const s3 = /^s3:\/\/([^/]+)/.exec(uriOrArn);
  if (s3) return `arn:aws:s3:::${s3[1]}`;
  const arn = /^arn:aws[a-z-]*:s3:::([^/]+)/.exec(uriOrArn);
  if (arn) return `arn:aws:s3:::${arn[1]}`;
  return undefined;
}
