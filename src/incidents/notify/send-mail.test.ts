import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, ValidationError, VerityError } from '../../lib/index.js';
import {
  CLOSE,
  ScriptedSmtpServer,
  type ScriptedServerOptions,
} from './__fixtures__/scripted-smtp-server.js';
import { TEST_TLS_CERT, TEST_TLS_KEY } from './__fixtures__/test-tls.js';
import { sendMail, type MailMessage, type SmtpConfig } from './index.js';

const servers: ScriptedSmtpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(options: ScriptedServerOptions = {}): Promise<ScriptedSmtpServer> {
  const started = await ScriptedSmtpServer.start(options);
  servers.push(started);
  return started;
}

/** Fixed time and randomness, so the message bytes are known in advance. */
function config(url: string, extra: Partial<SmtpConfig> = {}): SmtpConfig {
  return {
    url,
    from: 'verity@example.com',
    clientName: 'verity.example.com',
    clock: new ManualClock('2026-03-01T09:05:07Z'),
    random: (size) => new Uint8Array(size).fill(0xab),
    timeoutMs: 5_000,
    ...extra,
  };
}

const MESSAGE: MailMessage = {
  to: ['oncall@example.com', 'risk@example.org'],
  subject: '[SEV1] INC-7: Drift on credit-risk (open)',
  text: 'Feature income drifted.\nRolled back to 1.0.0.\n',
  headers: { 'X-Verity-Incident': 'INC-7' },
};

const MESSAGE_ID = `<${'ab'.repeat(16)}@example.com>`;

/** Catches the rejection of `promise` so its code, message and details can be checked. */
async function rejection(promise: Promise<unknown>): Promise<VerityError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VerityError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('sendMail', () => {
  it('runs EHLO, MAIL FROM, one RCPT TO per recipient, DATA and QUIT, in that order', async () => {
    const smtp = await server();
    const sent = await sendMail(config(smtp.url()), MESSAGE);
    expect(sent).toEqual({
      messageId: MESSAGE_ID,
      accepted: ['oncall@example.com', 'risk@example.org'],
      response: '250 2.0.0 Ok: queued as 4F2A',
    });
    expect(smtp.sessions).toHaveLength(1);
    expect(smtp.sessions[0]?.commands).toEqual([
      'EHLO verity.example.com',
      'MAIL FROM:<verity@example.com>',
      'RCPT TO:<oncall@example.com>',
      'RCPT TO:<risk@example.org>',
      'DATA',
      'QUIT',
    ]);
  });

  it('sends the message with CRLF line endings, a Date and a random Message-ID', async () => {
    const smtp = await server();
    await sendMail(config(smtp.url()), MESSAGE);
    const session = smtp.sessions[0]!;
    expect(session.data).toEqual([
      [
        'Date: Sun, 01 Mar 2026 09:05:07 +0000',
        'From: verity@example.com',
        'To: oncall@example.com, risk@example.org',
        'Subject: [SEV1] INC-7: Drift on credit-risk (open)',
        `Message-ID: ${MESSAGE_ID}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 7bit',
        'X-Verity-Incident: INC-7',
        '',
        'Feature income drifted.',
        'Rolled back to 1.0.0.',
        '',
      ].join('\r\n'),
    ]);
    // Not one bare CR or LF anywhere in the session.
    expect(session.raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(session.raw.endsWith('\r\n.\r\nQUIT\r\n')).toBe(true);
  });

  it('draws a new Message-ID from node:crypto by default', async () => {
    const smtp = await server();
    const base = config(smtp.url());
    delete base.random;
    const first = await sendMail(base, MESSAGE);
    const second = await sendMail(base, MESSAGE);
    expect(first.messageId).toMatch(/^<[0-9a-f]{32}@example\.com>$/);
    expect(second.messageId).not.toBe(first.messageId);
  });

  it('dot-stuffs every line that starts with a dot, so it cannot end DATA early', async () => {
    const smtp = await server();
    await sendMail(config(smtp.url()), {
      ...MESSAGE,
      text: '.\r\n.hidden\n..two dots\rend.\n.',
    });
    const body = smtp.sessions[0]!.data[0]!.split('\r\n\r\n')[1];
    expect(body).toBe('..\r\n..hidden\r\n...two dots\r\nend.\r\n..\r\n');
  });

  it('authenticates with AUTH PLAIN when the URL has credentials, percent-decoded', async () => {
    const smtp = await server();
    await sendMail(config(smtp.url('alerts%40example.com:p%40ss%3Aw%C3%B6rd')), MESSAGE);
    const commands = smtp.sessions[0]!.commands;
    expect(commands.slice(0, 3)).toEqual([
      'EHLO verity.example.com',
      expect.stringMatching(/^AUTH PLAIN [A-Za-z0-9+/=]+$/),
      'MAIL FROM:<verity@example.com>',
    ]);
    const token = commands[1]!.slice('AUTH PLAIN '.length);
    expect(Buffer.from(token, 'base64').toString('utf8')).toBe('\0alerts@example.com\0p@ss:wörd');
  });

  it('sends a multi-recipient message as one transaction', async () => {
    const smtp = await server();
    const to = ['a@example.com', 'b@example.com', 'c@example.net'];
    const sent = await sendMail(config(smtp.url()), { ...MESSAGE, to });
    expect(sent.accepted).toEqual(to);
    expect(smtp.sessions[0]!.commands.filter((c) => c.startsWith('RCPT'))).toEqual(
      to.map((a) => `RCPT TO:<${a}>`),
    );
    expect(smtp.sessions[0]!.data).toHaveLength(1);
  });

  it('says EHLO with the local address literal when no client name is given', async () => {
    const smtp = await server();
    const base = config(smtp.url());
    delete base.clientName;
    await sendMail(base, MESSAGE);
    expect(smtp.sessions[0]!.commands[0]).toBe('EHLO [127.0.0.1]');
  });

  it('reads multi-line replies and replies split across many packets', async () => {
    const smtp = await server({ fragment: true });
    const sent = await sendMail(config(smtp.url('u:p')), MESSAGE);
    expect(sent.response).toBe('250 2.0.0 Ok: queued as 4F2A');
    expect(smtp.sessions[0]!.commands[1]).toMatch(/^AUTH PLAIN /);
  });

  it('sends a non-ASCII subject as RFC 2047 encoded-words and the body as base64', async () => {
    const smtp = await server();
    const subject = 'R² fell to 0.41 on modèle-crédit — ' + 'é'.repeat(40);
    const text = 'Résumé: 信用 risk dropped.\n';
    await sendMail(config(smtp.url()), { ...MESSAGE, subject, text });
    const data = smtp.sessions[0]!.data[0]!;
    const [head = '', body = ''] = data.split('\r\n\r\n');
    const subjectField = /^Subject: (.*(?:\r\n .*)*)/m.exec(head)?.[1] ?? '';
    const words = subjectField.split('\r\n ');
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) expect(word.length).toBeLessThanOrEqual(75);
    const decoded = words
      .map((w) => Buffer.from(/^=\?UTF-8\?B\?(.*)\?=$/.exec(w)?.[1] ?? '', 'base64'))
      .reduce((all, part) => Buffer.concat([all, part]), Buffer.alloc(0))
      .toString('utf8');
    expect(decoded).toBe(subject);
    expect(head).toContain('Content-Transfer-Encoding: base64');
    expect(Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8')).toBe(
      'Résumé: 信用 risk dropped.\r\n',
    );
  });

  it('sends over implicit TLS (smtps) to a server whose certificate it trusts', async () => {
    const smtp = await server({ tls: { key: TEST_TLS_KEY, cert: TEST_TLS_CERT } });
    const sent = await sendMail(config(smtp.url('u:secret'), { ca: TEST_TLS_CERT }), MESSAGE);
    expect(sent.response).toMatch(/^250 /);
    expect(smtp.sessions[0]!.commands.map((c) => c.split(' ')[0])).toEqual([
      'EHLO',
      'AUTH',
      'MAIL',
      'RCPT',
      'RCPT',
      'DATA',
      'QUIT',
    ]);
  });
});

describe('sendMail, when the server does not support EHLO', () => {
  it('falls back to HELO and sends the message', async () => {
    const smtp = await server({
      reply: (verb) => (verb === 'EHLO' ? '502 5.5.1 EHLO not implemented' : undefined),
    });
    await sendMail(config(smtp.url()), MESSAGE);
    expect(smtp.sessions[0]!.commands.slice(0, 3)).toEqual([
      'EHLO verity.example.com',
      'HELO verity.example.com',
      'MAIL FROM:<verity@example.com>',
    ]);
  });

  it('rejects naming HELO when HELO is refused too', async () => {
    const smtp = await server({
      reply: (verb) => (verb === 'EHLO' || verb === 'HELO' ? '550 5.7.1 go away' : undefined),
    });
    const error = await rejection(sendMail(config(smtp.url()), MESSAGE));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toBe(
      `the SMTP server 127.0.0.1:${smtp.port} refused HELO: 550 5.7.1 go away`,
    );
    expect(smtp.sessions[0]!.commands).toEqual([
      'EHLO verity.example.com',
      'HELO verity.example.com',
      'QUIT',
    ]);
  });

  it('refuses to send credentials to a server that offers no AUTH PLAIN', async () => {
    const smtp = await server({
      reply: (verb) => (verb === 'EHLO' ? '250-mail.test\r\n250 AUTH LOGIN CRAM-MD5' : undefined),
    });
    const error = await rejection(sendMail(config(smtp.url('u:secret')), MESSAGE));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/does not offer AUTH PLAIN/);
    expect(smtp.sessions[0]!.commands).toEqual(['EHLO verity.example.com', 'QUIT']);
    expect(smtp.sessions[0]!.raw).not.toContain('secret');
  });
});

describe('sendMail, when the server refuses a step', () => {
  it('rejects a 550 on RCPT with the command and the reply text, and sends no DATA', async () => {
    const smtp = await server({
      reply: (verb, line) =>
        verb === 'RCPT' && line.includes('risk@example.org')
          ? '550 5.1.1 <risk@example.org>: Recipient address rejected: User unknown'
          : undefined,
    });
    const error = await rejection(sendMail(config(smtp.url()), MESSAGE));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toBe(
      `the SMTP server 127.0.0.1:${smtp.port} refused RCPT TO:<risk@example.org>: ` +
        '550 5.1.1 <risk@example.org>: Recipient address rejected: User unknown',
    );
    expect(error.details).toEqual({
      server: `127.0.0.1:${smtp.port}`,
      command: 'RCPT TO:<risk@example.org>',
      reply: {
        code: 550,
        text: '550 5.1.1 <risk@example.org>: Recipient address rejected: User unknown',
      },
    });
    expect(smtp.sessions[0]!.commands).toEqual([
      'EHLO verity.example.com',
      'MAIL FROM:<verity@example.com>',
      'RCPT TO:<oncall@example.com>',
      'RCPT TO:<risk@example.org>',
      'QUIT',
    ]);
  });

  it.each([
    [
      'the greeting',
      { greeting: '554 5.3.2 no service' },
      'refused the connection: 554 5.3.2 no service',
    ],
    [
      'failed authentication',
      {
        reply: (verb: string) =>
          verb === 'AUTH' ? '535 5.7.8 Authentication credentials invalid' : undefined,
      },
      'refused AUTH PLAIN: 535 5.7.8 Authentication credentials invalid',
    ],
    [
      'MAIL FROM',
      {
        reply: (verb: string) =>
          verb === 'MAIL' ? '553 5.7.1 Sender address rejected' : undefined,
      },
      'refused MAIL FROM:<verity@example.com>: 553 5.7.1 Sender address rejected',
    ],
    [
      'DATA',
      { reply: (verb: string) => (verb === 'DATA' ? '451 4.3.0 Try again later' : undefined) },
      'refused DATA: 451 4.3.0 Try again later',
    ],
    [
      'the end of the message',
      {
        reply: (verb: string) =>
          verb === 'END-OF-DATA' ? '554 5.7.1 Message rejected as spam' : undefined,
      },
      'refused the message: 554 5.7.1 Message rejected as spam',
    ],
  ] as [string, ScriptedServerOptions, string][])(
    'rejects a refusal of %s with UNAVAILABLE',
    async (_, options, message) => {
      const smtp = await server(options);
      const error = await rejection(sendMail(config(smtp.url('u:p')), MESSAGE));
      expect(error.code).toBe('UNAVAILABLE');
      expect(error.message).toBe(`the SMTP server 127.0.0.1:${smtp.port} ${message}`);
    },
  );

  it('still succeeds when QUIT gets an odd reply, because the message was accepted', async () => {
    const smtp = await server({ reply: (verb) => (verb === 'QUIT' ? '500 what' : undefined) });
    await expect(sendMail(config(smtp.url()), MESSAGE)).resolves.toMatchObject({
      messageId: MESSAGE_ID,
    });
  });
});

describe('sendMail, when the connection fails', () => {
  it('rejects with a timeout when the server never answers', async () => {
    const smtp = await server({ greeting: null });
    const started = Date.now();
    const error = await rejection(sendMail(config(smtp.url(), { timeoutMs: 200 }), MESSAGE));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toBe(
      `the SMTP server 127.0.0.1:${smtp.port} sent no greeting within 200 ms`,
    );
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('rejects with a timeout naming the command the server went silent on', async () => {
    const smtp = await server({ reply: (verb) => (verb === 'END-OF-DATA' ? null : undefined) });
    const error = await rejection(sendMail(config(smtp.url(), { timeoutMs: 200 }), MESSAGE));
    expect(error.message).toBe(
      `the SMTP server 127.0.0.1:${smtp.port} sent no reply to the message within 200 ms`,
    );
    expect(error.details).toMatchObject({ command: 'the message', timeoutMs: 200 });
  });

  it('rejects a refused connection', async () => {
    const port = await unusedPort();
    const error = await rejection(sendMail(config(`smtp://127.0.0.1:${port}`), MESSAGE));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(
      new RegExp(`^could not connect to the SMTP server 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
  });

  it('rejects a server that hangs up in the middle', async () => {
    const smtp = await server({ reply: (verb) => (verb === 'MAIL' ? CLOSE : undefined) });
    const error = await rejection(sendMail(config(smtp.url()), MESSAGE));
    expect(error.message).toBe(
      `the SMTP server 127.0.0.1:${smtp.port} closed the connection while answering MAIL FROM:<verity@example.com>`,
    );
  });

  it('rejects a malformed reply', async () => {
    const smtp = await server({ greeting: 'hello there' });
    const error = await rejection(sendMail(config(smtp.url()), MESSAGE));
    expect(error.message).toBe(
      `the SMTP server 127.0.0.1:${smtp.port} sent a malformed reply line 'hello there' while waiting for the greeting`,
    );
  });

  it('rejects an endless reply instead of buffering it', async () => {
    const endless = Array.from({ length: 2000 }, () => `250-${'x'.repeat(60)}`).join('\r\n');
    const smtp = await server({ reply: (verb) => (verb === 'EHLO' ? endless : undefined) });
    const error = await rejection(sendMail(config(smtp.url()), MESSAGE));
    expect(error.message).toMatch(
      /sent a reply longer than 65536 characters while waiting for the reply to EHLO$/,
    );
  });

  it('refuses a TLS server whose certificate it does not trust', async () => {
    const smtp = await server({ tls: { key: TEST_TLS_KEY, cert: TEST_TLS_CERT } });
    const error = await rejection(sendMail(config(smtp.url('u:secret')), MESSAGE));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(
      new RegExp(
        `^could not connect to the SMTP server 127\\.0\\.0\\.1:${smtp.port}: .*certificate`,
      ),
    );
    expect(smtp.sessions[0]?.commands ?? []).toEqual([]);
  });
});

describe('sendMail, when the input could inject headers or commands', () => {
  async function refused(message: Partial<MailMessage>, extra: Partial<SmtpConfig> = {}) {
    const smtp = await server();
    let thrown: unknown;
    try {
      await sendMail(config(smtp.url(), extra), { ...MESSAGE, ...message });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    // Refused before connecting: the server never saw a connection.
    expect(smtp.sessions).toHaveLength(0);
    const error = thrown as ValidationError;
    expect(error.code).toBe('VALIDATION_ERROR');
    return (error.details.issues as { code: string; path: unknown[] }[]).map((i) => [
      i.code,
      i.path,
    ]);
  }

  it('refuses CR or LF in the subject', async () => {
    expect(await refused({ subject: 'Drift\r\nBcc: attacker@example.net' })).toEqual([
      ['HEADER_INJECTION', ['subject']],
    ]);
    expect(await refused({ subject: 'Drift\nX: y' })).toEqual([['HEADER_INJECTION', ['subject']]]);
  });

  it('refuses CR or LF in a recipient or the sender', async () => {
    expect(
      await refused({ to: ['ok@example.com', 'a@example.com>\r\nRCPT TO:<b@example.net'] }),
    ).toEqual([['HEADER_INJECTION', ['to', 1]]]);
    expect(await refused({}, { from: 'verity@example.com\r\nDATA' })).toEqual([
      ['HEADER_INJECTION', ['from']],
    ]);
  });

  it('refuses CR or LF in a header name or value, and headers it writes itself', async () => {
    expect(
      await refused({
        headers: {
          'X-Incident': 'INC-7\r\nBcc: attacker@example.net',
          'X-Bad\nName': 'v',
          Bcc: 'attacker@example.net',
          'X Spaced': 'v',
          'X-Accent': 'café',
        },
      }),
    ).toEqual([
      ['HEADER_INJECTION', ['headers', 'X-Incident']],
      ['HEADER_INJECTION', ['headers', 'X-Bad\nName']],
      ['RESERVED_HEADER', ['headers', 'Bcc']],
      ['INVALID_HEADER', ['headers', 'X Spaced']],
      ['INVALID_HEADER', ['headers', 'X-Accent']],
    ]);
  });

  it('refuses addresses that would need quoting, and an empty recipient list', async () => {
    expect(
      await refused({ to: ['Ops <ops@example.com>', 'no-at-sign', 'a b@example.com'] }),
    ).toEqual([
      ['INVALID_ADDRESS', ['to', 0]],
      ['INVALID_ADDRESS', ['to', 1]],
      ['INVALID_ADDRESS', ['to', 2]],
    ]);
    expect(await refused({ to: [] })).toEqual([['NO_RECIPIENTS', ['to']]]);
  });

  it('refuses too many recipients, an over-long subject and an unusable timeout', async () => {
    const to = Array.from({ length: 101 }, (_, i) => `r${i}@example.com`);
    expect(await refused({ to })).toEqual([['TOO_MANY_RECIPIENTS', ['to']]]);
    expect(await refused({ subject: 's'.repeat(999) })).toEqual([['TOO_LONG', ['subject']]]);
    expect(await refused({}, { timeoutMs: 0 })).toEqual([['INVALID_CONFIG', ['timeoutMs']]]);
    expect(await refused({}, { clientName: 'bad name\r\n' })).toEqual([
      ['INVALID_CONFIG', ['clientName']],
    ]);
  });

  it('refuses to send a password in clear text to another host', async () => {
    await expect(
      sendMail(config('smtp://alerts:secret@mail.example.com:587'), MESSAGE),
    ).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      details: { issues: [expect.objectContaining({ code: 'INSECURE_AUTH', path: ['url'] })] },
    });
  });

  it('refuses a malformed SMTP URL without repeating it', async () => {
    for (const url of ['http://mail.example.com', 'smtp://u:secret@host/path', 'not a url']) {
      const error = await rejection(sendMail(config(url), MESSAGE));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.message).not.toContain('secret');
      expect(error.details).toMatchObject({ issues: [{ code: 'INVALID_URL', path: ['url'] }] });
    }
  });
});

async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
