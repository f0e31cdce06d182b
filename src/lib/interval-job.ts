/**
 * Runs `work` every `intervalMs` in the background: never two rounds at once (a slow round makes
 * the next tick skip), a failed round is logged and the next one tries again, and the timer does
 * not keep the process alive. `intervalMs <= 0` means never.
 */
export class IntervalJob {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly intervalMs: number,
    private readonly work: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    if (this.timer !== undefined || this.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** One round now (what the timer calls); returns at once if a round is already running. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.work();
    } catch (error) {
      this.onError(error);
    } finally {
      this.running = false;
    }
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
