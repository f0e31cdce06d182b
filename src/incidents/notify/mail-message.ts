import type { Issue } from '../../lib/index.js';

/** A plain-text message to send. Everything in it is treated as untrusted. */
export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  /** Extra header fields (`X-Verity-Incident`, `Reply-To`...): printable ASCII values only. */
  headers?: Record<string, string>;
}

/** Why a message or address is refused before anything is sent. */
export const MAIL_ISSUE_CODES = [
  /** A CR or LF in a subject, address or header: it would start a new header or command. */
  'HEADER_INJECTION',
  /** Not a plain `local@domain` address this client can send to. */
  'INVALID_ADDRESS',
  /** A header name or value this client does not send (control characters, non-ASCII). */
  'INVALID_HEADER',
  /** A header the client writes itself (From, To, Subject, Date, Message-ID, MIME fields...). */
  'RESERVED_HEADER',
  'NO_RECIPIENTS',
  'TOO_MANY_RECIPIENTS',
  'TOO_LONG',
  /** A malformed SMTP URL. */
  'INVALID_URL',
  /** Credentials would cross the network in clear text. */
  'INSECURE_AUTH',
  /** A setting of the mailer itself (timeout, client name) is unusable. */
  'INVALID_CONFIG',
] as const;
export type MailIssueCode = (typeof MAIL_ISSUE_CODES)[number];

export const MAX_RECIPIENTS = 100;
export const MAX_TEXT_LENGTH = 1_000_000;
/** RFC 5322 §2.1.1: a line is at most 998 characters before its CRLF. */
const MAX_LINE = 998;
/** RFC 5322 §2.1.1: lines SHOULD stay within 78 characters; we fold headers to that. */
const FOLD_AT = 78;

const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
/**
 * RFC 5321 §4.1.2 Mailbox, restricted to a dot-atom local part (no quoted strings) and a domain
 * name or address literal: enough for real addresses, and nothing that needs quoting in a
 * command or a header.
 */
const ADDRESS = new RegExp(
  `^${ATEXT}+(?:\\.${ATEXT}+)*@(?:${LABEL}(?:\\.${LABEL})*|\\[(?:IPv6:)?[A-Fa-f0-9.:]+\\])$`,
);
/** RFC 5322 §3.6.8: field-name = 1*ftext; ftext = %d33-57 / %d59-126. */
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]{1,76}$/;
const RESERVED = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
]);
const CR_OR_LF = /[\r\n]/;
const PRINTABLE_ASCII = /^[\t\x20-\x7e]*$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/;

/** Problems with one address, at `path`; empty when it is fine. */
export function addressIssues(address: unknown, path: (string | number)[]): Issue[] {
  if (typeof address !== 'string') {
    return [{ code: 'INVALID_ADDRESS', path, message: 'an address must be a string' }];
  }
  if (CR_OR_LF.test(address)) {
    return [{ code: 'HEADER_INJECTION', path, message: 'an address must not contain CR or LF' }];
  }
  const at = address.lastIndexOf('@');
  // RFC 5321 §4.5.3.1.1 and §4.5.3.1.3: local part at most 64 octets, a path at most 256.
  if (!ADDRESS.test(address) || at > 64 || address.length > 254) {
    return [
      {
        code: 'INVALID_ADDRESS',
        path,
        message: `'${printable(address)}' is not a plain address such as ops@example.com`,
      },
    ];
  }
  return [];
}

/** Every reason `message` cannot be sent safely from `from`; empty when it can. */
export function messageIssues(from: string, message: MailMessage): Issue[] {
  const issues: Issue[] = addressIssues(from, ['from']);
  const to: unknown = message.to;
  if (!Array.isArray(to) || to.length === 0) {
    issues.push({ code: 'NO_RECIPIENTS', path: ['to'], message: 'give at least one recipient' });
  } else if (to.length > MAX_RECIPIENTS) {
    issues.push({
      code: 'TOO_MANY_RECIPIENTS',
      path: ['to'],
      message: `at most ${MAX_RECIPIENTS} recipients per message`,
    });
  } else {
    to.forEach((address, i) => issues.push(...addressIssues(address, ['to', i])));
  }

  if (CR_OR_LF.test(message.subject)) {
    issues.push({
      code: 'HEADER_INJECTION',
      path: ['subject'],
      message: 'the subject must not contain CR or LF',
    });
  } else if (CONTROL.test(message.subject)) {
    issues.push({
      code: 'INVALID_HEADER',
      path: ['subject'],
      message: 'the subject must not contain control characters',
    });
  }
  if (message.subject.length > MAX_LINE) {
    issues.push({
      code: 'TOO_LONG',
      path: ['subject'],
      message: `the subject is longer than ${MAX_LINE} characters`,
    });
  }
  if (message.text.length > MAX_TEXT_LENGTH) {
    issues.push({
      code: 'TOO_LONG',
      path: ['text'],
      message: `the text is longer than ${MAX_TEXT_LENGTH} characters`,
    });
  }

  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const path = ['headers', name];
    if (CR_OR_LF.test(name) || CR_OR_LF.test(value)) {
      issues.push({
        code: 'HEADER_INJECTION',
        path,
        message: `header '${printable(name)}' must not contain CR or LF`,
      });
    } else if (!FIELD_NAME.test(name)) {
      issues.push({
        code: 'INVALID_HEADER',
        path,
        message: `'${printable(name)}' is not a header name (printable ASCII without ':' or spaces)`,
      });
    } else if (RESERVED.has(name.toLowerCase())) {
      issues.push({
        code: 'RESERVED_HEADER',
        path,
        message: `the ${name} header is written by the mailer and cannot be set`,
      });
    } else if (!PRINTABLE_ASCII.test(value)) {
      issues.push({
        code: 'INVALID_HEADER',
        path,
        message: `the value of header ${name} must be printable ASCII`,
      });
    } else if (name.length + 2 + value.length > MAX_LINE) {
      issues.push({ code: 'TOO_LONG', path, message: `header ${name} is too long` });
    }
  }
  return issues;
}

/**
 * The message as RFC 5322 text with CRLF line endings, ready for dot-stuffing. The body is sent
 * as 7bit when it is printable ASCII in lines of at most 998 characters, otherwise as base64
 * UTF-8 (RFC 2045 §6.8), so no server needs 8BITMIME. Assumes `messageIssues` found nothing.
 */
export function formatMessage(input: {
  from: string;
  message: MailMessage;
  date: Date;
  messageId: string;
}): string {
  const { from, message, date, messageId } = input;
  const body = message.text.replace(/\r\n|\r|\n/g, '\r\n');
  const sevenBit =
    PRINTABLE_ASCII.test(body.replace(/\r\n/g, '')) &&
    body.split('\r\n').every((line) => line.length <= MAX_LINE);
  const headers = [
    foldHeader('Date', formatDate(date)),
    foldHeader('From', from),
    foldHeader('To', message.to.join(', ')),
    PRINTABLE_ASCII.test(message.subject)
      ? foldHeader('Subject', message.subject)
      : `Subject: ${encodeWords(message.subject).join('\r\n ')}`,
    foldHeader('Message-ID', messageId),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Transfer-Encoding: ${sevenBit ? '7bit' : 'base64'}`,
    ...Object.entries(message.headers ?? {}).map(([name, value]) => foldHeader(name, value)),
  ];
  const encoded = sevenBit ? body : base64Lines(Buffer.from(body, 'utf8'));
  const withEnd = encoded === '' || encoded.endsWith('\r\n') ? encoded : `${encoded}\r\n`;
  return `${headers.join('\r\n')}\r\n\r\n${withEnd}`;
}

/**
 * RFC 5321 §4.5.2 transparency: a line that starts with "." gets one more, so no line of the
 * message can end the DATA phase early.
 */
export function dotStuff(data: string): string {
  return data.replace(/(^|\r\n)\./g, '$1..');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 §3.3 date-time in UTC: `Tue, 01 Jul 2003 10:52:37 +0000` (not the obsolete "GMT"). */
export function formatDate(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${DAYS[date.getUTCDay()]}, ${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ` +
    `${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:` +
    `${two(date.getUTCSeconds())} +0000`
  );
}

/**
 * RFC 2047 §4.1 "B" encoded-words for non-ASCII text, each at most 75 characters (§2) and each
 * holding whole UTF-8 characters (§5), to be joined by folding whitespace.
 */
export function encodeWords(text: string): string[] {
  const words: string[] = [];
  let chunk = '';
  // 45 bytes of UTF-8 -> 60 base64 characters + 12 for "=?UTF-8?B?" and "?=" = 72.
  for (const char of text) {
    if (Buffer.byteLength(chunk + char, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk !== '' || words.length === 0) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`);
}

/**
 * `Name: value`, folded (RFC 5322 §2.2.3) before spaces so lines stay within 78 characters where
 * the value allows. Folding only inserts CRLF before existing whitespace, so unfolding restores
 * the value exactly.
 */
export function foldHeader(name: string, value: string): string {
  const lines: string[] = [];
  let current = `${name}:`;
  for (const word of value.split(' ')) {
    const piece = ` ${word}`;
    if (
      current.length + piece.length > FOLD_AT &&
      word !== '' &&
      current.length > name.length + 1
    ) {
      lines.push(current);
      current = piece;
    } else {
      current += piece;
    }
  }
  lines.push(current);
  return lines.join('\r\n');
}

function base64Lines(bytes: Buffer): string {
  const text = bytes.toString('base64');
  const lines: string[] = [];
  // RFC 2045 §6.8: encoded lines are at most 76 characters.
  for (let i = 0; i < text.length; i += 76) lines.push(text.slice(i, i + 76));
  return lines.join('\r\n');
}

/** For messages about bad input: control characters shown as escapes, length bounded. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  const controls = /[\x00-\x1f\x7f]/g;
  const shown = text.replace(
    controls,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return shown.length > 80 ? `${shown.slice(0, 79)}…` : shown;
}
