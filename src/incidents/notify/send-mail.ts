import {
  cryptoRandom,
  systemClock,
  ValidationError,
  VerityError,
  type Clock,
  type Issue,
  type RandomSource,
} from '../../lib/index.js';
import { dotStuff, formatMessage, messageIssues, type MailMessage } from './mail-message.js';
import { describeReply, SmtpSession, type SmtpReply } from './smtp-session.js';
import { isLoopback, parseSmtpUrl } from './smtp-url.js';

/**
 * Where to send from. STARTTLS (RFC 3207) is not implemented: use `smtps://` (implicit TLS,
 * RFC 8314) to a submission server, or `smtp://` to a relay on this machine or a trusted network.
 */
export interface SmtpConfig {
  /** `smtp://host[:port]` (default port 25) or `smtps://host[:port]` (465), optionally with
   * percent-encoded `user:password@` for AUTH PLAIN. */
  url: string;
  /** The envelope sender and From address: a plain `local@domain`. */
  from: string;
  /** How long to wait to connect and for each reply; default 30 000 ms. */
  timeoutMs?: number;
  /** PEM certificates to trust for `smtps://` besides the system's (a private CA). */
  ca?: string;
  /**
   * Allows AUTH PLAIN over `smtp://` to a host other than this machine, where the password
   * crosses the network in clear text (RFC 4616 §6 advises against it). Off by default.
   */
  allowInsecureAuth?: boolean;
  /** The name sent with EHLO/HELO; default: the local address as an address literal. */
  clientName?: string;
  clock?: Clock;
  random?: RandomSource;
}

export interface SentMail {
  /** The Message-ID header written, with its angle brackets. */
  messageId: string;
  /** The recipients the server accepted (all of them: any refusal fails the send). */
  accepted: string[];
  /** The server's reply to the end of DATA, e.g. `250 2.0.0 Ok: queued as 4F2A`. */
  response: string;
}

export const DEFAULT_SMTP_TIMEOUT_MS = 30_000;
/** Waiting for QUIT's reply after the message is accepted or refused is a courtesy; keep it short. */
const QUIT_TIMEOUT_MS = 2_000;
/** RFC 5321 §4.1.1.1: a domain name or an address literal. */
const CLIENT_NAME =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[(?:IPv6:)?[A-Fa-f0-9.:]+\])$/;

/**
 * Sends one plain-text message over SMTP (RFC 5321): greeting, EHLO (HELO if the server refuses
 * EHLO), AUTH PLAIN (RFC 4954, RFC 4616) when the URL has credentials, MAIL FROM, one RCPT TO
 * per recipient, DATA with CRLF line endings and dot-stuffing, QUIT.
 *
 * Throws ValidationError before connecting when the config or message is unsafe to send (CR/LF
 * in a subject, address or header; credentials over clear text to another host). Throws
 * VerityError UNAVAILABLE naming the command and the server's reply when the server refuses any
 * step, including one recipient, and on a refused connection, a TLS failure or a timeout. A
 * reply to QUIT other than 221 is ignored: the message was already accepted, and reporting a
 * failure then would invite a duplicate send.
 */
export async function sendMail(config: SmtpConfig, message: MailMessage): Promise<SentMail> {
  const target = parseSmtpUrl(config.url);
  const issues: Issue[] = messageIssues(config.from, message);
  if (target.credentials !== undefined && !target.secure && !isLoopback(target.host)) {
    if (config.allowInsecureAuth !== true) {
      issues.push({
        code: 'INSECURE_AUTH',
        path: ['url'],
        message:
          'smtp:// would send the password in clear text to another host; use smtps:// (or set allowInsecureAuth)',
      });
    }
  }
  if (config.clientName !== undefined && !CLIENT_NAME.test(config.clientName)) {
    issues.push({
      code: 'INVALID_CONFIG',
      path: ['clientName'],
      message: 'the client name must be a domain name or an address literal such as [192.0.2.1]',
    });
  }
  const timeoutMs = config.timeoutMs ?? DEFAULT_SMTP_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    issues.push({
      code: 'INVALID_CONFIG',
      path: ['timeoutMs'],
      message: 'the timeout must be a positive whole number of milliseconds',
    });
  }
  if (issues.length > 0) {
    const n = issues.length;
    throw new ValidationError(
      `the message cannot be sent: ${n} problem${n === 1 ? '' : 's'} (${issues[0]?.message ?? ''})`,
      issues,
    );
  }

  const clock = config.clock ?? systemClock;
  const random = config.random ?? cryptoRandom;
  const domain = config.from.slice(config.from.lastIndexOf('@') + 1);
  // RFC 5322 §3.6.4: unique per message; 128 random bits make a collision negligible.
  const messageId = `<${Buffer.from(random(16)).toString('hex')}@${domain}>`;
  const data = `${dotStuff(formatMessage({ from: config.from, message, date: clock.now(), messageId }))}.\r\n`;

  const session = SmtpSession.open(target, timeoutMs, config.ca);
  const expect = (reply: SmtpReply, step: string, ok: readonly number[]): SmtpReply => {
    if (ok.includes(reply.code)) return reply;
    throw new VerityError(
      'UNAVAILABLE',
      `the SMTP server ${session.server} refused ${step}: ${describeReply(reply)}`,
      {
        server: session.server,
        command: step,
        reply: { code: reply.code, text: describeReply(reply) },
      },
    );
  };

  try {
    expect(await session.read('greeting'), 'the connection', [220]);
    const name = config.clientName ?? session.addressLiteral;

    let extensions = new Map<string, string[]>();
    const ehlo = await session.command(`EHLO ${name}`, 'EHLO');
    if (ehlo.code === 250) {
      extensions = parseExtensions(ehlo);
    } else if (ehlo.code >= 500) {
      // RFC 5321 §3.2: a server that does not support EHLO answers 5xx; fall back to HELO.
      expect(await session.command(`HELO ${name}`, 'HELO'), 'HELO', [250]);
    } else {
      expect(ehlo, 'EHLO', [250]);
    }

    if (target.credentials !== undefined) {
      if (!(extensions.get('AUTH') ?? []).includes('PLAIN')) {
        throw new VerityError(
          'UNAVAILABLE',
          `the SMTP server ${session.server} does not offer AUTH PLAIN, so the credentials in the URL cannot be used`,
          { server: session.server, command: 'AUTH PLAIN', offered: extensions.get('AUTH') ?? [] },
        );
      }
      // RFC 4616 §2: [authzid] NUL authcid NUL passwd, UTF-8, sent as the initial response.
      const { user, password } = target.credentials;
      const token = Buffer.from(`\0${user}\0${password}`, 'utf8').toString('base64');
      // The step name leaves the token out of every message.
      expect(await session.command(`AUTH PLAIN ${token}`, 'AUTH PLAIN'), 'AUTH PLAIN', [235]);
    }

    const mailFrom = `MAIL FROM:<${config.from}>`;
    expect(await session.command(mailFrom), mailFrom, [250]);
    for (const recipient of message.to) {
      const rcpt = `RCPT TO:<${recipient}>`;
      // RFC 5321 §4.2.2: 251 "user not local; will forward" also accepts the recipient.
      expect(await session.command(rcpt), rcpt, [250, 251]);
    }
    expect(await session.command('DATA'), 'DATA', [354]);
    session.write(data);
    const accepted = expect(await session.read('the message'), 'the message', [250]);

    await quit(session);
    return { messageId, accepted: [...message.to], response: describeReply(accepted) };
  } catch (error) {
    // The server is still talking when it only refused a command: say goodbye properly.
    if (!session.broken) await quit(session);
    throw error;
  } finally {
    session.close();
  }
}

async function quit(session: SmtpSession): Promise<void> {
  try {
    await session.command('QUIT', 'QUIT', QUIT_TIMEOUT_MS);
  } catch {
    // Nothing depends on QUIT's reply.
  }
}

/** RFC 5321 §4.1.1.1: EHLO reply lines after the first are `KEYWORD [params]`. */
function parseExtensions(reply: SmtpReply): Map<string, string[]> {
  const extensions = new Map<string, string[]>();
  for (const line of reply.lines.slice(1)) {
    // Some servers still write the pre-standard `AUTH=PLAIN LOGIN`.
    const [keyword = '', ...params] = line.trim().split(/[ =]+/);
    if (keyword !== '')
      extensions.set(
        keyword.toUpperCase(),
        params.map((p) => p.toUpperCase()),
      );
  }
  return extensions;
}
