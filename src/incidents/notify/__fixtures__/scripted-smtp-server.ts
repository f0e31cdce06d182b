import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';

/** What one client connection sent. */
export interface RecordedSession {
  /** Each command line as received, without its CRLF. */
  commands: string[];
  /** Each DATA payload exactly as sent (still dot-stuffed, CRLF), without the final ".\r\n". */
  data: string[];
  /** Every byte received, as latin1, to check line endings. */
  raw: string;
}

/** Tells the server to drop the connection instead of replying. */
export const CLOSE = Symbol('close');

/**
 * Decides the reply to one command: a reply (lines joined with CRLF; the server adds the final
 * CRLF), `null` to never answer, CLOSE to hang up, or undefined for the default. `verb` is the
 * upper-cased first word, or `END-OF-DATA` for the end of a message.
 */
export type ReplyScript = (
  verb: string,
  line: string,
  session: RecordedSession,
) => string | null | undefined | typeof CLOSE;

export interface ScriptedServerOptions {
  /** The greeting, `null` for a server that accepts the connection and never says anything. */
  greeting?: string | null;
  reply?: ReplyScript;
  /** Serve implicit TLS (smtps) with this key and certificate. */
  tls?: { key: string; cert: string };
  /** Write every reply a few bytes at a time, to exercise the client's reassembly. */
  fragment?: boolean;
}

const DEFAULT_REPLIES: Record<string, string> = {
  EHLO: '250-mail.test greets you\r\n250-SIZE 10240000\r\n250-AUTH LOGIN PLAIN\r\n250 8BITMIME',
  HELO: '250 mail.test',
  AUTH: '235 2.7.0 Authentication successful',
  MAIL: '250 2.1.0 Ok',
  RCPT: '250 2.1.5 Ok',
  DATA: '354 End data with <CR><LF>.<CR><LF>',
  'END-OF-DATA': '250 2.0.0 Ok: queued as 4F2A',
  QUIT: '221 2.0.0 Bye',
};

/**
 * A tiny SMTP server on 127.0.0.1 for tests: it follows a script, records each session, and
 * checks nothing itself, so tests can assert exactly what the client sent.
 */
export class ScriptedSmtpServer {
  readonly sessions: RecordedSession[] = [];
  private readonly sockets = new Set<Socket>();

  private readonly server: Server;

  private constructor(private readonly options: ScriptedServerOptions) {
    const onSocket = (socket: Socket) => this.serve(socket);
    this.server =
      options.tls === undefined
        ? createTcpServer(onSocket)
        : createTlsServer({ key: options.tls.key, cert: options.tls.cert }, onSocket);
  }

  static async start(options: ScriptedServerOptions = {}): Promise<ScriptedSmtpServer> {
    const instance = new ScriptedSmtpServer(options);
    await new Promise<void>((resolve, reject) => {
      instance.server.once('error', reject);
      instance.server.listen(0, '127.0.0.1', () => resolve());
    });
    return instance;
  }

  get port(): number {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening');
    return address.port;
  }

  /** `smtp://127.0.0.1:PORT` (or smtps), with `userinfo@` when given. */
  url(userinfo?: string): string {
    const scheme = this.options.tls === undefined ? 'smtp' : 'smtps';
    return `${scheme}://${userinfo === undefined ? '' : `${userinfo}@`}127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setEncoding('latin1');
    const session: RecordedSession = { commands: [], data: [], raw: '' };
    this.sessions.push(session);
    let buffer = '';
    let inData = false;

    let queue = Promise.resolve();
    const send = (text: string, end = false) => {
      queue = queue.then(async () => {
        if (this.options.fragment !== true) {
          socket.write(text, 'latin1');
        } else {
          // Separate writes a tick apart arrive as separate chunks.
          for (let i = 0; i < text.length; i += 3) {
            socket.write(text.slice(i, i + 3), 'latin1');
            await new Promise((resolve) => setTimeout(resolve, 1));
          }
        }
        if (end) socket.end();
      });
    };
    /** Replies to one command; returns the reply sent, if any. */
    const respond = (verb: string, line: string): string | undefined => {
      const scripted = this.options.reply?.(verb, line, session);
      if (scripted === null) return undefined;
      if (scripted === CLOSE) {
        socket.destroy();
        return undefined;
      }
      const reply = scripted ?? DEFAULT_REPLIES[verb] ?? '502 5.5.2 Error: command not recognized';
      send(`${reply}\r\n`, reply.startsWith('221'));
      return reply;
    };

    socket.on('data', (chunk: string) => {
      session.raw += chunk;
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.startsWith('.\r\n') ? 0 : buffer.indexOf('\r\n.\r\n');
          if (end === -1) return;
          const payload = end === 0 ? '' : buffer.slice(0, end + 2);
          buffer = buffer.slice(end === 0 ? 3 : end + 5);
          session.data.push(payload);
          inData = false;
          respond('END-OF-DATA', '.');
          continue;
        }
        const newline = buffer.indexOf('\r\n');
        if (newline === -1) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        session.commands.push(line);
        const verb = (/^[A-Za-z]+/.exec(line)?.[0] ?? '').toUpperCase();
        const sent = respond(verb, line);
        if (verb === 'DATA' && sent?.startsWith('354') === true) inData = true;
      }
    });

    socket.setNoDelay(true);
    if (this.options.greeting !== null) {
      send(`${this.options.greeting ?? '220 mail.test ESMTP ready'}\r\n`);
    }
  }
}
