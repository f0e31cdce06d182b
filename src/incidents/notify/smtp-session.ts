import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { VerityError } from '../../lib/index.js';
import type { SmtpTarget } from './smtp-url.js';

/** One SMTP reply (RFC 5321 §4.2): a three-digit code and the text of each of its lines. */
export interface SmtpReply {
  code: number;
  lines: string[];
}

/**
 * RFC 5321 §4.5.3.1.5 bounds a reply line at 512 octets; a server sending far more than that is
 * broken or hostile, and this bound keeps it from growing our buffer.
 */
const MAX_PENDING = 64 * 1024;
/** RFC 5321 §4.2: Reply-code, then SP or "-" (more lines follow) or the end of the line. */
const REPLY_LINE = /^([2-5][0-5]\d)(?:([ -])(.*))?$/;

type Failure =
  | { kind: 'error'; error: Error }
  | { kind: 'closed' }
  | { kind: 'timeout' }
  | { kind: 'protocol'; message: string };

/**
 * A lock-step SMTP conversation over one socket: send a command, read its reply. Replies are
 * parsed as they arrive; a reply nobody asked for, a malformed or oversized one, a socket error,
 * an early close or a silent server each end the session with UNAVAILABLE.
 */
export class SmtpSession {
  private buffer = '';
  private pendingLines: string[] = [];
  private waiter:
    | { step: string; resolve: (reply: SmtpReply) => void; reject: (error: Error) => void }
    | undefined;
  private failure: Failure | undefined;
  private connected = false;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly socket: Socket,
    /** `host:port`, for messages (never the URL, which may hold a password). */
    readonly server: string,
    private readonly timeoutMs: number,
  ) {
    socket.setEncoding('utf8');
    socket.setNoDelay(true);
    socket.on('data', (chunk: string) => this.receive(chunk));
    socket.on('error', (error) => this.fail({ kind: 'error', error }));
    socket.on('close', () => this.fail({ kind: 'closed' }));
  }

  /** Starts connecting; the first `read('greeting')` waits for the connection and the greeting. */
  static open(target: SmtpTarget, timeoutMs: number, ca?: string): SmtpSession {
    const server = `${isIP(target.host) === 6 ? `[${target.host}]` : target.host}:${target.port}`;
    const socket = target.secure
      ? connectTls({
          host: target.host,
          port: target.port,
          // RFC 6066 §3: SNI carries host names only, never IP addresses.
          ...(isIP(target.host) === 0 ? { servername: target.host } : {}),
          ...(ca === undefined ? {} : { ca }),
        })
      : connectTcp({ host: target.host, port: target.port });
    const session = new SmtpSession(socket, server, timeoutMs);
    socket.once(target.secure ? 'secureConnect' : 'connect', () => {
      session.connected = true;
    });
    return session;
  }

  /** The local address as an RFC 5321 §4.1.3 address literal, for EHLO. */
  get addressLiteral(): string {
    const address = this.socket.localAddress ?? '127.0.0.1';
    return isIP(address) === 6 ? `[IPv6:${address}]` : `[${address}]`;
  }

  /** Whether the connection itself failed (as opposed to the server refusing a command). */
  get broken(): boolean {
    return this.failure !== undefined;
  }

  /** Writes one command line; CRLF is added. */
  send(line: string): void {
    this.write(`${line}\r\n`);
  }

  write(data: string): void {
    if (this.failure === undefined) this.socket.write(data, 'utf8');
  }

  /** Sends `line` and reads its reply; `step` names it in errors (defaults to the line). */
  command(line: string, step: string = line, timeoutMs?: number): Promise<SmtpReply> {
    this.send(line);
    return this.read(step, timeoutMs);
  }

  /** The next reply. `step` is what the reply answers ("greeting", "MAIL FROM:<...>"). */
  read(step: string, timeoutMs = this.timeoutMs): Promise<SmtpReply> {
    if (this.failure !== undefined) return Promise.reject(this.errorFor(step, this.failure));
    return new Promise((resolve, reject) => {
      this.waiter = { step, resolve, reject };
      this.timer = setTimeout(() => this.fail({ kind: 'timeout' }, timeoutMs), timeoutMs);
    });
  }

  /** Ends the connection now. */
  close(): void {
    this.clearTimer();
    this.failure ??= { kind: 'closed' };
    this.socket.destroy();
  }

  private receive(chunk: string): void {
    if (this.failure !== undefined) return;
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) !== -1) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, '');
      this.buffer = this.buffer.slice(newline + 1);
      const match = REPLY_LINE.exec(line);
      if (match === null) {
        this.fail({ kind: 'protocol', message: `a malformed reply line '${clip(line)}'` });
        return;
      }
      this.pendingLines.push(match[3] ?? '');
      if (match[2] === '-') continue;
      const reply = { code: Number(match[1]), lines: this.pendingLines };
      this.pendingLines = [];
      const waiter = this.waiter;
      if (waiter === undefined) {
        this.fail({
          kind: 'protocol',
          message: `a reply nobody asked for: ${describeReply(reply)}`,
        });
        return;
      }
      this.clearTimer();
      this.waiter = undefined;
      waiter.resolve(reply);
    }
    const pending = this.buffer.length + this.pendingLines.reduce((n, l) => n + l.length, 0);
    if (pending > MAX_PENDING) {
      this.fail({ kind: 'protocol', message: `a reply longer than ${MAX_PENDING} characters` });
    }
  }

  private fail(failure: Failure, timeoutMs = this.timeoutMs): void {
    if (this.failure !== undefined) return;
    this.failure = failure;
    this.clearTimer();
    this.socket.destroy();
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(this.errorFor(waiter.step, failure, timeoutMs));
  }

  private errorFor(step: string, failure: Failure, timeoutMs = this.timeoutMs): VerityError {
    const awaited = step === 'greeting' ? 'the greeting' : `the reply to ${step}`;
    const details = { server: this.server, command: step };
    if (!this.connected) {
      const why =
        failure.kind === 'error'
          ? failure.error.message
          : failure.kind === 'timeout'
            ? `no connection within ${timeoutMs} ms`
            : 'the connection closed';
      return new VerityError(
        'UNAVAILABLE',
        `could not connect to the SMTP server ${this.server}: ${why}`,
        details,
      );
    }
    switch (failure.kind) {
      case 'timeout':
        return new VerityError(
          'UNAVAILABLE',
          `the SMTP server ${this.server} sent no ${awaited.replace(/^the /, '')} within ${timeoutMs} ms`,
          { ...details, timeoutMs },
        );
      case 'closed':
        return new VerityError(
          'UNAVAILABLE',
          `the SMTP server ${this.server} closed the connection while ${step === 'greeting' ? 'greeting' : `answering ${step}`}`,
          details,
        );
      case 'error':
        return new VerityError(
          'UNAVAILABLE',
          `the connection to the SMTP server ${this.server} failed while waiting for ${awaited}: ${failure.error.message}`,
          details,
        );
      case 'protocol':
        return new VerityError(
          'UNAVAILABLE',
          `the SMTP server ${this.server} sent ${failure.message} while waiting for ${awaited}`,
          details,
        );
    }
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** A reply as one line for messages: `550 5.1.1 <x@example.com>: Recipient address rejected`. */
export function describeReply(reply: SmtpReply): string {
  return clip(`${reply.code} ${reply.lines.join(' ')}`.trim(), 500);
}

function clip(text: string, max = 120): string {
  // eslint-disable-next-line no-control-regex
  const shown = text.replace(/[\x00-\x1f\x7f]/g, ' ');
  return shown.length > max ? `${shown.slice(0, max - 1)}…` : shown;
}
