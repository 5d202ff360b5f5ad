/**
 * SageMaker endpoint data capture (JSON lines: `captureData.endpointInput/endpointOutput` with JSON, CSV or BASE64
 * encoding) -> `InvocationRecord`. Data capture carries no caller identity and no account/region: those come from the
 * capture location (endpoint name from the S3 key `{prefix}/{endpoint}/{variant}/YYYY/MM/DD/HH/...`) or defaults.
 */
import type { InvocationRecord, RecordRef } from '../domain/runtime.ts';
import { extractRequest, extractResponse } from './bodies.ts';
import { normalizeTime } from './time.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function isSageMakerCapture(o: Obj): boolean {
  return isObj(o.captureData);
}

/** Decodes one captured payload to a JSON value or text. */
export function decodeCapture(p: unknown): unknown {
  if (!isObj(p) || typeof p.data !== 'string') return undefined;
  const enc = String(p.encoding ?? 'JSON').toUpperCase();
  const ct = String(p.observedContentType ?? '').toLowerCase();
  let text = p.data;
  if (enc === 'BASE64') text = Buffer.from(p.data, 'base64').toString('utf8');
  if (enc === 'CSV' || ct.includes('csv')) return text;
  if (enc === 'JSON' || ct.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** Endpoint name from a data-capture key `{prefix}/{endpoint}/{variant}/YYYY/MM/DD/HH/file.jsonl`. */
export function endpointFromKey(uri: string): string | undefined {
  const m = /([^/]+)\/([^/]+)\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/[^/]+$/.exec(uri);
  return m ? m[1] : undefined;
}

export function extractSageMakerCapture(
  o: Obj,
  source: RecordRef,
  defaults: { accountId?: string; region?: string; endpointName?: string; timestamp?: string } = {},
): { record: InvocationRecord; defaulted: string[] } {
  const defaulted: string[] = [];
  const cd = isObj(o.captureData) ? o.captureData : {};
  const md = isObj(o.eventMetadata) ? o.eventMetadata : {};
  const req = extractRequest(decodeCapture(cd.endpointInput));
  const res = extractResponse(decodeCapture(cd.endpointOutput));
  let timestamp = normalizeTime(md.inferenceTime);
  if (!timestamp) {
    defaulted.push('timestamp');
    timestamp = defaults.timestamp ?? new Date(0).toISOString();
  }
  const eventId =
    typeof md.eventId === 'string' && md.eventId ? md.eventId : typeof md.inferenceId === 'string' ? md.inferenceId : undefined;
  if (!eventId) defaulted.push('requestId');
  const endpoint = defaults.endpointName ?? endpointFromKey(source.uri) ?? 'sagemaker-endpoint';
  const record: InvocationRecord = {
    requestId: eventId ?? `${source.uri}#${source.line ?? 0}`,
    timestamp,
    accountId: defaults.accountId ?? '',
    region: defaults.region ?? '',
    operation: 'sagemaker:InvokeEndpoint',
    modelId: `sagemaker-endpoint/${endpoint}`,
    identity: 'unknown',
    system: req.system,
    userTurns: req.userTurns,
    assistantHistory: req.assistantHistory,
    documents: req.documents,
    outputs: res.outputs,
    toolUses: res.toolUses,
    source,
  };
  if (res.inputTokens !== undefined) record.inputTokens = res.inputTokens;
  if (res.outputTokens !== undefined) record.outputTokens = res.outputTokens;
  if (res.stopReason) record.stopReason = res.stopReason;
  if (res.guardrail) record.guardrail = res.guardrail;
  return { record, defaulted };
}
