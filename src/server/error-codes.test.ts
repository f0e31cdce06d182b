import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, VerityError, type ErrorCode } from '../lib/index.js';
import { toErrorResponse } from './error-handler.js';

/** Reads the `| code | HTTP | meaning |` table of docs/errors.md. */
function documentedCodes(): Record<string, number> {
  const text = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const rows = [...text.matchAll(/^\| `([A-Z_]+)` +\| (\d{3}) +\|/gm)];
  return Object.fromEntries(rows.map((m) => [m[1] as string, Number(m[2])]));
}

describe('error codes', () => {
  it('are documented in docs/errors.md with the same HTTP status as the code list', () => {
    expect(documentedCodes()).toEqual({ ...ERROR_CODES });
  });

  it('map to the documented status and body in the one HTTP error handler', () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      const { status, body } = toErrorResponse(
        new VerityError(code, `m-${code}`, { k: 1 }),
        'req-1',
      );
      expect(status).toBe(ERROR_CODES[code]);
      expect(body).toEqual({
        error: { code, message: `m-${code}`, details: { k: 1 } },
        requestId: 'req-1',
      });
    }
  });

  it('report a lost database connection as UNAVAILABLE', () => {
    for (const code of ['ECONNREFUSED', '08006', '57P01']) {
      const failure = Object.assign(new Error('connect failed'), { code });
      expect(toErrorResponse(failure, 'r').body.error.code).toBe('UNAVAILABLE');
    }
  });

  it('hide unexpected errors behind INTERNAL without leaking their message', () => {
    const { status, body, internal } = toErrorResponse(new Error('password=hunter2'), 'req-2');
    expect([status, body.error.code, internal]).toEqual([500, 'INTERNAL', true]);
    expect(JSON.stringify(body)).not.toContain('hunter2');
  });
});
