import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  verifyWebhook,
  WebhookVerificationError,
  type WebhookVerificationCode,
} from '../webhook-signature.js';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The verified `webhook-id`, or why verification failed. */
  verified: { id: string } | { code: WebhookVerificationCode };
}

/** What the receiver does with the n-th request (0-based): answer a status, or never answer. */
export type Behaviour = (request: ReceivedRequest, index: number) => number | 'hang';

/**
 * A real node:http webhook receiver on a loopback port. It verifies every request with
 * `verifyWebhook` against the secret it is given and the test's clock, the way a customer's
 * receiver would, and answers 401 to anything that does not verify.
 */
export class TestReceiver {
  readonly requests: ReceivedRequest[] = [];
  secret = '';
  behaviour: Behaviour = () => 204;
  private waiters: { count: number; resolve: () => void }[] = [];
  private readonly hanging: ServerResponse[] = [];

  private constructor(
    private readonly server: Server,
    private readonly now: () => Date,
  ) {}

  static async start(now: () => Date): Promise<TestReceiver> {
    const server = createServer();
    const receiver = new TestReceiver(server, now);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () =>
        receiver.handle(req.method ?? '', req.url ?? '', req.headers, Buffer.concat(chunks), res),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  url(path = '/hook'): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${path}`;
  }

  private handle(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    raw: Buffer,
    res: ServerResponse,
  ): void {
    let verified: ReceivedRequest['verified'];
    try {
      verified = verifyWebhook({ secret: this.secret, headers, body: raw, now: this.now() });
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      verified = { code: error.code };
    }
    const request = { method, path, headers, body: raw.toString('utf8'), verified };
    const index = this.requests.push(request) - 1;
    this.waiters = this.waiters.filter((w) => {
      if (this.requests.length < w.count) return true;
      w.resolve();
      return false;
    });
    if ('code' in verified) {
      res.writeHead(401).end(verified.code);
      return;
    }
    const answer = this.behaviour(request, index);
    if (answer === 'hang') {
      this.hanging.push(res);
      return;
    }
    if (answer >= 300 && answer < 400) res.setHeader('location', this.url('/elsewhere'));
    res.writeHead(answer).end();
  }

  /** Resolves once `count` requests have arrived in all. */
  waitForRequests(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Answers every request left hanging with `status`. */
  release(status: number): void {
    for (const res of this.hanging.splice(0)) res.writeHead(status).end();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
