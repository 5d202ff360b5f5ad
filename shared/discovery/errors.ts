/**
 * Error classification for discovery. The rule that matters: "not supported here" is a clean absence, everything
 * else that stops a read is a coverage gap (never a silent clean bill).
 */
export type ErrorClass = 'absent' | 'not-found' | 'denied' | 'throttled' | 'error';

const ABSENT = new Set([
  'UnknownOperationException',
  'UnsupportedOperationException',
  'UnsupportedOperation',
  'InvalidAction',
  'UnknownEndpoint',
  'ServiceNotAvailableException',
]);
const NOT_FOUND = new Set([
  'ResourceNotFoundException',
  'ResourceNotFound',
  'NoSuchEntity',
  'NoSuchEntityException',
  'NoSuchBucket',
  'NotFound',
  'NotFoundException',
  'ClientException',
]);
const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'AuthorizationError',
  'NotAuthorized',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'ExpiredToken',
  'ExpiredTokenException',
]);
const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'ServiceQuotaExceededException',
  'ProvisionedThroughputExceededException',
]);

/** The AWS error code of a thrown SDK error (or a network error code). */
export function errorCode(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; Code?: unknown; code?: unknown };
    if (typeof e.Code === 'string' && e.Code) return e.Code;
    if (typeof e.name === 'string' && e.name && e.name !== 'Error') return e.name;
    if (typeof e.code === 'string' && e.code) return e.code;
  }
  return 'UnknownError';
}

/** A short, content-free message for gaps and logs (AWS error messages carry no customer data). */
export function errorMessage(err: unknown): string {
  const m = err && typeof err === 'object' && 'message' in err ? String((err as { message: unknown }).message) : String(err);
  return m.length > 300 ? `${m.slice(0, 300)}...` : m;
}

/**
 * Classifies an error raised by a call.
 * @param context `list` for an enumerating call (ValidationException there means the operation is not supported in
 *   the region), `describe` for a read of one named resource (ValidationException there usually means "no such
 *   resource", as SageMaker reports it).
 */
export function classifyError(err: unknown, context: 'list' | 'describe'): ErrorClass {
  const code = errorCode(err);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ERR_INVALID_URL') return 'absent';
  if (ABSENT.has(code)) return 'absent';
  if (code === 'ValidationException') {
    const msg = errorMessage(err).toLowerCase();
    if (context === 'describe' && /(could not find|not found|does not exist|cannot find)/.test(msg)) return 'not-found';
    return context === 'list' ? 'absent' : 'error';
  }
  if (NOT_FOUND.has(code) && code !== 'ClientException') return 'not-found';
  if (code === 'ClientException' && /unable to describe|not found|does not exist/i.test(errorMessage(err))) return 'not-found';
  if (DENIED.has(code)) return 'denied';
  if (THROTTLED.has(code)) return 'throttled';
  const status = (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  if (status === 404 && context === 'describe') return 'not-found';
  if (status === 403) return 'denied';
  return 'error';
}
