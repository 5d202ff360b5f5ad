/** Wire-format helpers for the local AWS stand-in (the formats the AWS SDK v3 parses). */

export interface StandinRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: string;
  /** Signing service and region from the SigV4 credential scope. */
  service: string;
  region: string;
}

export interface StandinResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Protocol = 'rest-json' | 'json' | 'query' | 'ec2' | 'rest-xml';

export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}
export const notFound = (what: string, code = 'ResourceNotFoundException') => new AwsError(code, `${what} not found`, 404);

let reqCounter = 0;
export const requestId = () => `00000000-0000-4000-8000-${(++reqCounter).toString(16).padStart(12, '0')}`;

export function json(body: unknown, protocol: 'rest-json' | 'json' = 'rest-json', status = 200): StandinResponse {
  return {
    status,
    headers: { 'content-type': protocol === 'json' ? 'application/x-amz-json-1.1' : 'application/json', 'x-amzn-requestid': requestId() },
    body: JSON.stringify(body ?? {}),
  };
}

export function errorResponse(err: AwsError, protocol: Protocol): StandinResponse {
  const id = requestId();
  switch (protocol) {
    case 'rest-json':
      return {
        status: err.status,
        headers: {
          'content-type': 'application/json',
          'x-amzn-errortype': `${err.code}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
          'x-amzn-requestid': id,
        },
        body: JSON.stringify({ message: err.message }),
      };
    case 'json':
      return {
        status: err.status,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': id },
        body: JSON.stringify({ __type: err.code, message: err.message }),
      };
    case 'query':
      return {
        status: err.status,
        headers: { 'content-type': 'text/xml' },
        body: `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>${esc(err.code)}</Code><Message>${esc(err.message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`,
      };
    case 'ec2':
      return {
        status: err.status,
        headers: { 'content-type': 'text/xml' },
        body: `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${esc(err.code)}</Code><Message>${esc(err.message)}</Message></Error></Errors><RequestID>${id}</RequestID></Response>`,
      };
    case 'rest-xml':
      return {
        status: err.status,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': id },
        body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${esc(err.code)}</Code><Message>${esc(err.message)}</Message><RequestId>${id}</RequestId></Error>`,
      };
  }
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * Serializes a value as AWS query-protocol XML members. Arrays become `<member>` lists (IAM/STS) or `<item>` lists
 * (EC2, whose element names are lowerCamel).
 */
export function toXml(value: unknown, listItem: 'member' | 'item' = 'member'): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => `<${listItem}>${toXml(v, listItem)}</${listItem}>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${toXml(v, listItem)}</${k}>`)
      .join('');
  }
  return esc(String(value));
}

export function queryXml(
  action: string,
  result: Record<string, unknown>,
  ns = 'https://iam.amazonaws.com/doc/2010-05-08/',
): StandinResponse {
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: `<${action}Response xmlns="${ns}"><${action}Result>${toXml(result)}</${action}Result><ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

export function ec2Xml(action: string, result: Record<string, unknown>): StandinResponse {
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>${requestId()}</requestId>${toXml(result, 'item')}</${action}Response>`,
  };
}

/** Offset-based pagination with opaque tokens. */
export function page<T>(
  items: T[],
  token: string | undefined | null,
  max: number | undefined,
  pageSize: number,
): { items: T[]; next?: string } {
  const start = token ? Number.parseInt(Buffer.from(token, 'base64url').toString('utf8').replace(/^o:/, ''), 10) : 0;
  if (!Number.isFinite(start) || start < 0) throw new AwsError('ValidationException', 'Invalid pagination token');
  const size = Math.max(1, Math.min(max && max > 0 ? max : pageSize, pageSize));
  const slice = items.slice(start, start + size);
  const end = start + slice.length;
  return end < items.length ? { items: slice, next: Buffer.from(`o:${end}`).toString('base64url') } : { items: slice };
}

const TIMESTAMP_KEY = /(Time|Date|At)$/;
/** JSON 1.1 sends timestamps as epoch seconds: converts ISO strings under timestamp-named keys. */
export function epochify(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(epochify);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      out[k] = typeof x === 'string' && TIMESTAMP_KEY.test(k) && /^\d{4}-\d{2}-\d{2}T/.test(x) ? Date.parse(x) / 1000 : epochify(x);
    }
    return out;
  }
  return v;
}

export function pick<T extends Record<string, unknown>>(o: T, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
