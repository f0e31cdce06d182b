import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { jsonRequested } from '../../src/cli/main.js';
import {
  CheckFailedError,
  CliError,
  exitCodeFor,
  formatErrorLine,
  reportOf,
} from '../../src/cli/errors.js';
import { formatBytes, formatTime, renderTree, table } from '../../src/cli/output.js';
import { ApiError } from '../../src/client/index.js';
import { IntegrityError, type ErrorCode } from '../../src/lib/index.js';

const api = (code: ErrorCode, status: number) => new ApiError(code, 'm', {}, status, 'req-1');

describe('exit codes', () => {
  it('are 1 only when a check said no: digests, sizes, integrity, an explicit --check', () => {
    expect(exitCodeFor(api('INTEGRITY_ERROR', 500))).toBe(1);
    expect(exitCodeFor(api('DIGEST_MISMATCH', 422))).toBe(1);
    expect(exitCodeFor(new IntegrityError('local mismatch'))).toBe(1);
    expect(exitCodeFor(new CheckFailedError('SCHEMA_OUT_OF_DATE', 'pending'))).toBe(1);
  });

  it('are 2 for usage, input and refused requests, and for environment problems', () => {
    for (const [code, status] of [
      ['VALIDATION_ERROR', 400],
      ['NOT_FOUND', 404],
      ['ALREADY_EXISTS', 409],
      ['CONFLICT', 409],
      ['UNAUTHENTICATED', 401],
      ['HOME_LOCKED', 503],
      ['INTERNAL', 500],
    ] as const) {
      expect(exitCodeFor(api(code, status))).toBe(2);
    }
    expect(exitCodeFor(new CliError('SERVER_UNREACHABLE', 'down'))).toBe(2);
    expect(exitCodeFor(new CommanderError(1, 'commander.unknownOption', 'error: x'))).toBe(2);
    expect(exitCodeFor(new Error('a bug'))).toBe(2);
  });

  it('are 0 for --help and --version', () => {
    expect(exitCodeFor(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toBe(0);
    expect(exitCodeFor(new CommanderError(0, 'commander.version', '0.1.0'))).toBe(0);
  });
});

describe('error reports', () => {
  it('keep the server code, details and request id', () => {
    const error = new ApiError('NOT_FOUND', "model 'x' not found", { kind: 'model' }, 404, 'r-9');
    expect(reportOf(error)).toEqual({
      error: { code: 'NOT_FOUND', message: "model 'x' not found", details: { kind: 'model' } },
      requestId: 'r-9',
    });
    expect(formatErrorLine(reportOf(error))).toBe("error NOT_FOUND: model 'x' not found");
  });

  it('code commander failures as USAGE_ERROR without commander’s "error:" prefix', () => {
    const error = new CommanderError(
      1,
      'commander.missingArgument',
      "error: missing required argument 'name'",
    );
    expect(formatErrorLine(reportOf(error))).toBe(
      "error USAGE_ERROR: missing required argument 'name'",
    );
  });

  it('code local file errors, and anything unexpected as INTERNAL', () => {
    const enoent = Object.assign(new Error("ENOENT: no such file, open 'x'"), {
      code: 'ENOENT',
      syscall: 'open',
      path: 'x',
    });
    expect(reportOf(enoent).error.code).toBe('NOT_FOUND');
    const eacces = Object.assign(new Error('EACCES'), { code: 'EACCES', syscall: 'open' });
    expect(reportOf(eacces).error.code).toBe('IO_ERROR');
    expect(reportOf(new TypeError('boom')).error).toEqual({
      code: 'INTERNAL',
      message: 'boom',
      details: {},
    });
  });

  it('are printed as JSON when --json appears before any --', () => {
    expect(jsonRequested(['node', 'verity', 'model', 'list', '--json'])).toBe(true);
    expect(jsonRequested(['node', 'verity', 'run', 'log', '--', '--json'])).toBe(false);
  });
});

describe('human output', () => {
  it('aligns table columns with two spaces and capital headers, without trailing blanks', () => {
    expect(
      table(
        ['model', 'latest', 'owner'],
        [
          ['credit-risk', '1.0.0 (#1)', 'dana'],
          ['a', '-', 'multi\nline'],
        ],
      ),
    ).toBe(
      [
        'MODEL        LATEST      OWNER',
        'credit-risk  1.0.0 (#1)  dana',
        'a            -           multi line',
      ].join('\n'),
    );
  });

  it('formats sizes and instants compactly', () => {
    expect([
      formatBytes(0),
      formatBytes(1023),
      formatBytes(1536),
      formatBytes(5 * 1024 ** 3),
    ]).toEqual(['0 B', '1023 B', '1.5 KiB', '5.0 GiB']);
    expect(formatTime('2026-03-01T09:00:00.000Z')).toBe('2026-03-01T09:00:00Z');
    expect(formatTime(null)).toBe('-');
  });

  it('draws lineage trees with box characters', () => {
    expect(
      renderTree({
        label: 'm@1.0.0',
        children: [
          { label: 'files', children: [{ label: 'a' }, { label: 'b' }] },
          { label: 'run r', children: [{ label: 'loans@1' }] },
        ],
      }),
    ).toBe(
      ['m@1.0.0', '├── files', '│   ├── a', '│   └── b', '└── run r', '    └── loans@1'].join('\n'),
    );
  });
});
