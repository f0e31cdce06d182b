import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/index.js';
import { CsvParser, fieldText, readCsvHeader, type CsvRow } from './csv-parser.js';

interface Parsed {
  header: string[];
  rows: { line: number; cells: (string | null)[] }[];
}

/** Parses `text` pushed in chunks of `chunk` bytes; unquoted empty cells read as null. */
function parse(text: string | Buffer, chunk = 1 << 20, delimiter = ','): Parsed {
  const out: Parsed = { header: [], rows: [] };
  const parser = new CsvParser({
    delimiter,
    onHeader: (names) => (out.header = names),
    onRow: (row: CsvRow) => {
      const cells = Array.from({ length: row.fields }, (_, i) =>
        row.quoting[i] === 0 && row.starts[i] === row.ends[i] ? null : fieldText(row, i),
      );
      out.rows.push({ line: row.line, cells });
    },
  });
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  for (let i = 0; i < bytes.length; i += chunk) parser.push(bytes.subarray(i, i + chunk));
  parser.end();
  return out;
}

const cells = (p: Parsed): (string | null)[][] => p.rows.map((r) => r.cells);

describe('CsvParser', () => {
  it('reads quoted fields: delimiters, escaped quotes, empty quotes (RFC 4180 §2.5–2.7)', () => {
    const p = parse('a,b,c\n"x, y","say ""hi""",""\n"""",plain,"a""b"\n');
    expect(p.header).toEqual(['a', 'b', 'c']);
    expect(cells(p)).toEqual([
      ['x, y', 'say "hi"', ''],
      ['"', 'plain', 'a"b'],
    ]);
  });

  it('reads empty unquoted fields as empty, including a trailing one', () => {
    expect(cells(parse('a,b,c\n,,\n1,,\n,2,\n'))).toEqual([
      [null, null, null],
      ['1', null, null],
      [null, '2', null],
    ]);
  });

  it('accepts CRLF, LF and CR line breaks, a missing final break, and skips blank lines', () => {
    const p = parse('a,b\r\n1,2\r\n\r\n3,4\n\n5,6\r7,8');
    expect(cells(p)).toEqual([
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
      ['7', '8'],
    ]);
    expect(p.rows.map((r) => r.line)).toEqual([2, 4, 6, 7]);
  });

  it('drops a UTF-8 byte order mark and decodes UTF-8', () => {
    const p = parse(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('é,b\ncafé,🚀\n')]),
      1,
    );
    expect(p.header).toEqual(['é', 'b']);
    expect(cells(p)).toEqual([['café', '🚀']]);
  });

  it('keeps line breaks inside quotes, and counts lines across them', () => {
    const text = 'id,note\n1,"first\r\nsecond"\n2,"a\n\nb"\n3,end\n';
    const whole = parse(text);
    expect(cells(whole)).toEqual([
      ['1', 'first\r\nsecond'],
      ['2', 'a\n\nb'],
      ['3', 'end'],
    ]);
    expect(whole.rows.map((r) => r.line)).toEqual([2, 4, 7]);
  });

  it('gives the same rows whatever the chunk size (splits inside quotes, CRLF and escapes)', () => {
    const text =
      'a,b,c\r\n"multi\nline, with ""quotes""",x,\r\n1,"2",3\r\n"",,"\r\n"\r\n"end",z,"q"""\r\n';
    const expected = parse(text);
    for (const size of [1, 2, 3, 5, 7, 16])
      expect(parse(text, size), `chunk ${size}`).toEqual(expected);
  });

  it('reads another delimiter', () => {
    expect(cells(parse('a;b\n"1;2";3\n', 4, ';'))).toEqual([['1;2', '3']]);
    expect(cells(parse('a\tb\n1\t2\n', 4, '\t'))).toEqual([['1', '2']]);
  });

  it('keeps a quote inside an unquoted field as data', () => {
    expect(cells(parse('a,b\n5" pipe,x\n'))).toEqual([['5" pipe', 'x']]);
  });

  describe('when a row is malformed', () => {
    const failure = (text: string, chunk = 1 << 20): ValidationError => {
      try {
        parse(text, chunk);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return error as ValidationError;
      }
      throw new Error('expected a ValidationError');
    };

    it('names the line of a row with the wrong field count', () => {
      const error = failure('a,b,c\n1,2,3\n"x\ny",2,3\n1,2\n');
      expect(error.message).toBe('CSV line 5: expected 3 fields, found 2');
      expect(error.details.issues).toEqual([
        { code: 'malformed_csv', path: ['line', 5], message: 'expected 3 fields, found 2' },
      ]);
      expect(failure('a,b\n1,2,3\n', 2).message).toBe('CSV line 2: expected 2 fields, found 3');
    });

    it('names the line of an unclosed quote', () => {
      expect(failure('a,b\n1,2\n3,"open\nmore\n', 3).message).toBe(
        'CSV line 3: unclosed quoted field',
      );
    });

    it('refuses text after a closing quote', () => {
      expect(failure('a,b\n"x"y,2\n').message).toBe(
        'CSV line 2: unexpected character after a closing quote',
      );
    });

    it('refuses a file without a header, and a row longer than maxRowBytes', () => {
      expect(failure('').message).toBe('CSV line 1: the file has no header row');
      const parser = new CsvParser({ maxRowBytes: 10, onHeader: () => {}, onRow: () => {} });
      expect(() => parser.push(Buffer.from('a\n"' + 'x'.repeat(20)))).toThrow(
        'CSV line 2: row longer than 10 bytes (an unclosed quote?)',
      );
    });

    it('refuses an unusable delimiter', () => {
      expect(() => new CsvParser({ delimiter: '"', onHeader: () => {}, onRow: () => {} })).toThrow(
        ValidationError,
      );
    });
  });
});

describe('reading a file in pieces', () => {
  const piece = (text: string, fields: number) => {
    const rows: string[][] = [];
    const parser = new CsvParser({
      fields,
      onHeader: () => {
        throw new Error('a piece has no header');
      },
      onRow: (row) => rows.push(Array.from({ length: row.fields }, (_, i) => fieldText(row, i))),
    });
    parser.push(Buffer.from(text));
    return { rows, end: parser.endPiece() };
  };

  it('reads a headerless piece as data rows of the given width', () => {
    expect(piece('1,"a\nb"\n2,c\n', 2)).toEqual({
      rows: [
        ['1', 'a\nb'],
        ['2', 'c'],
      ],
      end: 'complete',
    });
    expect(() => piece('1,2,3\n', 2)).toThrow('CSV line 1: expected 2 fields, found 3');
  });

  it('reports a piece that ends inside a quoted field instead of throwing', () => {
    expect(piece('1,a\n2,"open\n', 2)).toEqual({ rows: [['1', 'a']], end: 'open-quote' });
    const whole = new CsvParser({ fields: 2, onHeader: () => {}, onRow: () => {} });
    whole.push(Buffer.from('2,"open\n'));
    expect(() => whole.end()).toThrow('CSV line 1: unclosed quoted field');
  });

  it('finds where the header ends, past a BOM and blank lines', () => {
    const text = Buffer.from('\uFEFF\r\n\n"a,1",b\r\n1,2\n');
    expect(readCsvHeader(text, true)).toEqual({ names: ['a,1', 'b'], end: 15 });
    expect(text.subarray(15).toString()).toBe('1,2\n');
    // Not all of the header yet (the CR may be the start of a CRLF): read more first.
    expect(readCsvHeader(text.subarray(0, 14), false)).toBeUndefined();
    expect(readCsvHeader(Buffer.from('a;b'), true, { delimiter: ';' })).toEqual({
      names: ['a', 'b'],
      end: 3,
    });
    expect(() => readCsvHeader(Buffer.from(''), true)).toThrow(
      'CSV line 1: the file has no header row',
    );
  });
});
