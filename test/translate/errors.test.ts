import { describe, expect, it } from 'vitest';
import { anthropicErrorToOpenAI, anthropicErrorTypeForStatus, openaiErrorToAnthropic } from '../../electron/translate';

describe('anthropicErrorToOpenAI', () => {
  it.each([
    ['invalid_request_error', 400, 'invalid_request_error', null],
    ['authentication_error', 401, 'authentication_error', 'invalid_api_key'],
    ['permission_error', 403, 'permission_error', 'permission_denied'],
    ['not_found_error', 404, 'invalid_request_error', 'not_found'],
    ['request_too_large', 413, 'invalid_request_error', 'request_too_large'],
    ['rate_limit_error', 429, 'rate_limit_error', 'rate_limit_exceeded'],
    ['api_error', 500, 'server_error', null],
    ['overloaded_error', 529, 'server_error', 'overloaded'],
  ])('maps %s', (type, status, openaiType, code) => {
    expect(anthropicErrorToOpenAI({ type: 'error', error: { type, message: 'boom' } }, status)).toEqual({
      error: { message: 'boom', type: openaiType, param: null, code },
    });
  });

  it('falls back on garbage bodies, using the status', () => {
    expect(anthropicErrorToOpenAI('<html>Bad Gateway</html>', 502)).toEqual({
      error: { message: 'Upstream request failed (HTTP 502): <html>Bad Gateway</html>', type: 'server_error', param: null, code: null },
    });
    expect(anthropicErrorToOpenAI(null, 429).error).toMatchObject({ message: 'Upstream request failed (HTTP 429)', type: 'rate_limit_error' });
    expect(anthropicErrorToOpenAI({ error: 42 }, 401).error.type).toBe('authentication_error');
    expect(anthropicErrorToOpenAI('x'.repeat(5000), 500).error.message.length).toBeLessThan(400);
  });
});

describe('openaiErrorToAnthropic', () => {
  it('uses the HTTP status for the type and keeps the message', () => {
    const body = { error: { message: 'Invalid API key', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } };
    expect(openaiErrorToAnthropic(body, 401)).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'Invalid API key' } });
    expect(openaiErrorToAnthropic(body, 429).error.type).toBe('rate_limit_error');
    expect(openaiErrorToAnthropic(body, 503).error.type).toBe('overloaded_error');
    expect(openaiErrorToAnthropic(body, 500).error.type).toBe('api_error');
    expect(openaiErrorToAnthropic(body, 422).error.type).toBe('invalid_request_error');
  });

  it('reads the shapes compatible servers use', () => {
    expect(openaiErrorToAnthropic({ error: 'model not found' }, 404).error).toEqual({ type: 'not_found_error', message: 'model not found' });
    expect(openaiErrorToAnthropic({ object: 'error', message: 'too long', code: 400 }, 400).error.message).toBe('too long');
    expect(openaiErrorToAnthropic({ detail: 'Not authenticated' }, 401).error.message).toBe('Not authenticated');
  });

  it('falls back on garbage bodies', () => {
    expect(openaiErrorToAnthropic(undefined, 500)).toEqual({ type: 'error', error: { type: 'api_error', message: 'Upstream request failed (HTTP 500)' } });
    expect(openaiErrorToAnthropic([1, 2], 413).error).toEqual({ type: 'request_too_large', message: 'Upstream request failed (HTTP 413)' });
    expect(openaiErrorToAnthropic('   ', 400).error.message).toBe('Upstream request failed (HTTP 400)');
  });

  it('knows Anthropic types for statuses', () => {
    expect([400, 401, 403, 404, 413, 429, 500, 529].map(anthropicErrorTypeForStatus)).toEqual([
      'invalid_request_error', 'authentication_error', 'permission_error', 'not_found_error',
      'request_too_large', 'rate_limit_error', 'api_error', 'overloaded_error',
    ]);
  });
});
