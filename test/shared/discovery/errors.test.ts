import { describe, expect, it } from 'vitest';
import { classifyError, errorCode } from '../../../shared/discovery/errors.ts';

const e = (name: string, message = name, status?: number) =>
  Object.assign(new Error(message), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}) });

describe('error classification', () => {
  it('unsupported operation / region / no endpoint is absence', () => {
    expect(classifyError(e('UnknownOperationException'), 'list')).toBe('absent');
    expect(classifyError(e('ValidationException', 'not supported'), 'list')).toBe('absent');
    expect(classifyError(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), 'list')).toBe('absent');
  });
  it('denied, throttled and unknown errors are never absence', () => {
    expect(classifyError(e('AccessDeniedException'), 'list')).toBe('denied');
    expect(classifyError(e('AccessDenied'), 'describe')).toBe('denied');
    expect(classifyError(e('ThrottlingException'), 'list')).toBe('throttled');
    expect(classifyError(e('InternalServerException', 'boom', 500), 'list')).toBe('error');
    expect(classifyError(e('UnrecognizedClientException'), 'list')).toBe('denied');
  });
  it('SageMaker "could not find" ValidationException on a describe is not-found', () => {
    expect(classifyError(e('ValidationException', 'Could not find endpoint "x".'), 'describe')).toBe('not-found');
    expect(classifyError(e('ValidationException', 'bad parameter'), 'describe')).toBe('error');
    expect(classifyError(e('NoSuchEntity'), 'describe')).toBe('not-found');
  });
  it('reads the code from SDK errors', () => {
    expect(errorCode(e('AccessDenied'))).toBe('AccessDenied');
    expect(errorCode('x')).toBe('UnknownError');
  });
});
