import { describe, expect, it } from 'vitest';
import { REDACTED, redactHeaders } from '../../electron/store/redact';

describe('redactHeaders', () => {
  it('masks credentials and keeps the rest', () => {
    const out = redactHeaders({
      Authorization: 'Bearer sk-live-123',
      'x-api-key': 'sk-ant-123',
      'Proxy-Authorization': 'Basic abc',
      cookie: 'session=1',
      'api-key': 'azure',
      'x-goog-api-key': 'g',
      'X-Custom-Token': 't',
      'x-client-secret': 's',
      'x-auth-user': 'u',
      'content-type': 'application/json',
      'user-agent': 'OpenAI/JS 5.0',
      'anthropic-version': '2023-06-01',
      accept: ['a', 'b'],
      'content-length': 12 as unknown as string,
      skipped: undefined,
    });
    for (const k of ['Authorization', 'x-api-key', 'Proxy-Authorization', 'cookie', 'api-key', 'x-goog-api-key', 'X-Custom-Token', 'x-client-secret', 'x-auth-user']) {
      expect(out[k]).toBe(REDACTED);
    }
    expect(out['content-type']).toBe('application/json');
    expect(out['user-agent']).toBe('OpenAI/JS 5.0');
    expect(out['anthropic-version']).toBe('2023-06-01');
    expect(out.accept).toBe('a, b');
    expect(out['content-length']).toBe('12');
    expect('skipped' in out).toBe(false);
    expect(JSON.stringify(out)).not.toMatch(/sk-/);
  });

  it('accepts a Headers object', () => {
    const h = new Headers({ authorization: 'Bearer x', 'content-type': 'text/plain' });
    expect(redactHeaders(h)).toEqual({ authorization: REDACTED, 'content-type': 'text/plain' });
  });
});
