import http from 'node:http';

/**
 * A small closed-loop HTTP load generator: N connections, each sending its next request as soon
 * as the previous response has been read, for a fixed time. Closed-loop means the offered load
 * adapts to the server (no coordinated-omission correction is needed for what it claims: the
 * throughput and the latency seen at that throughput). Bounded by a deadline and a per-request
 * timeout, so it always stops.
 */

/** One measurement: where, how many connections, how long. */
export interface ClosedLoopOptions {
  url: string;
  connections: number;
  /** Measured phase, in milliseconds. */
  durationMs: number;
  /** Unmeasured phase before it (JIT, caches, connection set-up), in milliseconds. */
  warmupMs: number;
  /** A request taking longer counts as an error. */
  timeoutMs: number;
  headers?: Record<string, string>;
}

/** Latency percentiles in milliseconds. */
export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** What a measurement saw; sent from the load-client process to bench/api.ts. */
export interface LoadResult {
  /** Successful (2xx) responses in the measured phase. */
  requests: number;
  /** Non-2xx responses, transport errors and timeouts in the measured phase. */
  errors: number;
  elapsedMs: number;
  requestsPerSecond: number;
  /** Latency of successful requests, in milliseconds. */
  latencyMs: LatencySummary;
}

/** Nearest-rank percentiles (no interpolation) over latencies in milliseconds. */
export function summarise(latencies: Float64Array): LatencySummary {
  if (latencies.length === 0) return { p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = Float64Array.from(latencies).sort();
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    p50: rank(50),
    p90: rank(90),
    p99: rank(99),
    max: sorted[sorted.length - 1] ?? NaN,
    mean: sum / sorted.length,
  };
}

/** A growable buffer of doubles: a plain array of 100k+ boxed numbers would weigh on the GC. */
export class Samples {
  private data = new Float64Array(1 << 16);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

function requestOnce(
  agent: http.Agent,
  url: URL,
  options: ClosedLoopOptions,
): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = http.request(
      url,
      { agent, method: 'GET', headers: options.headers ?? {} },
      (response) => {
        response.on('error', () => resolve(undefined));
        // Read the whole body: the client pays for it as a real one would.
        response.on('data', () => undefined);
        response.on('end', () => resolve(response.statusCode));
      },
    );
    request.setTimeout(options.timeoutMs, () => request.destroy(new Error('timeout')));
    request.on('error', () => resolve(undefined));
    request.end();
  });
}

/** Runs the warm-up, then the measured phase, and reports what the measured phase saw. */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<LoadResult> {
  const url = new URL(options.url);
  if (url.protocol !== 'http:')
    throw new Error(`only http:// targets are supported, not ${url.protocol}`);
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: options.connections,
    maxFreeSockets: options.connections,
  });
  try {
    const phase = async (durationMs: number, samples: Samples | undefined) => {
      let errors = 0;
      const started = performance.now();
      const deadline = started + durationMs;
      const connection = async () => {
        while (performance.now() < deadline) {
          const start = process.hrtime.bigint();
          const status = await requestOnce(agent, url, options);
          const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
          if (status !== undefined && status >= 200 && status < 300) samples?.push(elapsedMs);
          else errors++;
        }
      };
      await Promise.all(Array.from({ length: options.connections }, connection));
      return { errors, elapsedMs: performance.now() - started };
    };
    await phase(options.warmupMs, undefined);
    const samples = new Samples();
    const measured = await phase(options.durationMs, samples);
    return {
      requests: samples.length,
      errors: measured.errors,
      elapsedMs: measured.elapsedMs,
      requestsPerSecond: samples.length / (measured.elapsedMs / 1000),
      latencyMs: summarise(samples.values()),
    };
  } finally {
    agent.destroy();
  }
}
