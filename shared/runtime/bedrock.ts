/**
 * Bedrock model invocation log record (S3 and CloudWatch Logs destinations share the format) -> `InvocationRecord`.
 * Every body field is optional; error records (`errorCode`) carry no bodies; bodies over 100 KB are offloaded to S3
 * (`inputBodyS3Path` / `outputBodyS3Path`) and passed in here once resolved.
 */
import type { InvocationRecord, RecordRef } from '../domain/runtime.ts';
import { extractRequest, extractResponse } from './bodies.ts';
import { normalizeTime } from './time.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** True when a parsed JSON object looks like a Bedrock model invocation log record. */
export function isBedrockInvocation(o: Obj): boolean {
  if (o.schemaType === 'ModelInvocationLog') return true;
  return typeof o.modelId === 'string' && typeof o.operation === 'string' && (isObj(o.input) || isObj(o.output) || 'errorCode' in o);
}

/** Offloaded body paths of a record (to resolve before extraction). */
export function offloadedPaths(o: Obj): { input?: string; output?: string } {
  const input =
    isObj(o.input) && typeof o.input.inputBodyS3Path === 'string' && o.input.inputBodyJson === undefined
      ? o.input.inputBodyS3Path
      : undefined;
  const output =
    isObj(o.output) && typeof o.output.outputBodyS3Path === 'string' && o.output.outputBodyJson === undefined
      ? o.output.outputBodyS3Path
      : undefined;
  return { input, output };
}

function parseMaybeJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}

export interface ExtractDefaults {
  /** Used when the record has no readable timestamp (e.g. the hour encoded in the S3 key). */
  timestamp?: string;
  accountId?: string;
  region?: string;
}

export interface ExtractResult {
  record: InvocationRecord;
  /** Set when a field had to be defaulted (counted, never fatal). */
  defaulted: string[];
}

/** Builds an `InvocationRecord` from a Bedrock invocation log object. Throws only if it is not an object. */
export function extractBedrockInvocation(
  o: Obj,
  source: RecordRef,
  defaults: ExtractDefaults = {},
  offloaded: { input?: unknown; output?: unknown } = {},
): ExtractResult {
  const defaulted: string[] = [];
  const input = isObj(o.input) ? o.input : {};
  const output = isObj(o.output) ? o.output : {};
  const reqBody = offloaded.input !== undefined ? offloaded.input : parseMaybeJson(input.inputBodyJson ?? input.inputBodyText);
  const resBody = offloaded.output !== undefined ? offloaded.output : parseMaybeJson(output.outputBodyJson ?? output.outputBodyText);
  const req = extractRequest(reqBody);
  const res = extractResponse(resBody);

  let timestamp = normalizeTime(o.timestamp);
  if (!timestamp) {
    defaulted.push('timestamp');
    timestamp = defaults.timestamp ?? new Date(0).toISOString();
  }
  let requestId = str(o.requestId);
  if (!requestId) {
    defaulted.push('requestId');
    requestId = `${source.uri}#${source.line ?? source.eventId ?? 0}`;
  }
  const identityObj = o.identity;
  const identity = (isObj(identityObj) ? str(identityObj.arn) : str(identityObj)) ?? 'unknown';
  if (identity === 'unknown') defaulted.push('identity');

  const record: InvocationRecord = {
    requestId,
    timestamp,
    accountId: str(o.accountId) ?? defaults.accountId ?? '',
    region: str(o.region) ?? defaults.region ?? '',
    operation: str(o.operation) ?? 'unknown',
    modelId: str(o.modelId) ?? 'unknown',
    identity,
    system: req.system,
    userTurns: req.userTurns,
    assistantHistory: req.assistantHistory,
    documents: req.documents,
    outputs: res.outputs,
    toolUses: res.toolUses,
    source,
  };
  const inTok = num(input.inputTokenCount) ?? res.inputTokens;
  const outTok = num(output.outputTokenCount) ?? res.outputTokens;
  if (inTok !== undefined) record.inputTokens = inTok;
  if (outTok !== undefined) record.outputTokens = outTok;
  const err = str(o.errorCode);
  if (err) record.errorCode = err;
  if (res.guardrail) record.guardrail = res.guardrail;
  if (res.stopReason) record.stopReason = res.stopReason;
  if (isObj(o.requestMetadata)) {
    const md: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.requestMetadata)) if (typeof v === 'string') md[k] = v;
    record.requestMetadata = md;
  }
  return { record, defaulted };
}
