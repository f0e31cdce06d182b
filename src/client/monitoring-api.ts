import type {
  AlertView,
  CreateMonitorInput,
  IngestResult,
  LabelResult,
  MonitorRun,
  MonitorView,
  RunDistributions,
  UpdateMonitorInput,
} from '../monitoring/index.js';
import { qs, seg, type HttpTransport } from './http-transport.js';

export type {
  AlertView,
  CreateMonitorInput,
  IngestResult,
  LabelResult,
  MonitorRun,
  MonitorView,
  RunDistributions,
  UpdateMonitorInput,
};

/** Monitors, prediction ingestion, runs and alerts (server: src/server/routes/monitoring.ts). */
export class MonitoringApi {
  constructor(private readonly http: HttpTransport) {}

  private path(model: string, rest = ''): string {
    return `/models/${seg(model)}${rest}`;
  }

  createMonitor(model: string, input: CreateMonitorInput): Promise<MonitorView> {
    return this.http.json('POST', this.path(model, '/monitors'), input);
  }
  async listMonitors(model: string): Promise<MonitorView[]> {
    return (await this.http.json<{ items: MonitorView[] }>('GET', this.path(model, '/monitors')))
      .items;
  }
  getMonitor(model: string, name: string): Promise<MonitorView> {
    return this.http.json('GET', this.path(model, `/monitors/${seg(name)}`));
  }
  reference(model: string, name: string): Promise<Record<string, unknown>> {
    return this.http.json('GET', this.path(model, `/monitors/${seg(name)}/reference`));
  }
  updateMonitor(model: string, name: string, input: UpdateMonitorInput): Promise<MonitorView> {
    return this.http.json('PATCH', this.path(model, `/monitors/${seg(name)}`), input);
  }
  /** Runs the monitor now on the window holding `at` (default: the newest with traffic). */
  run(model: string, name: string, options: { at?: string } = {}): Promise<MonitorRun> {
    return this.http.json('POST', this.path(model, `/monitors/${seg(name)}/run`), options);
  }
  async runs(model: string, name: string, options: { limit?: number } = {}): Promise<MonitorRun[]> {
    return (
      await this.http.json<{ items: MonitorRun[] }>(
        'GET',
        `${this.path(model, `/monitors/${seg(name)}/runs`)}${qs(options)}`,
      )
    ).items;
  }
  getRun(model: string, name: string, id: string): Promise<MonitorRun> {
    return this.http.json('GET', this.path(model, `/monitors/${seg(name)}/runs/${seg(id)}`));
  }
  /** Reference and current-window distributions of each monitored column of a run. */
  distributions(model: string, name: string, runId: string): Promise<RunDistributions> {
    return this.http.json(
      'GET',
      this.path(model, `/monitors/${seg(name)}/runs/${seg(runId)}/histograms`),
    );
  }
  /** A batch of predictions (at most 50 000 per call). */
  ingest(
    model: string,
    records: readonly unknown[],
    options: { environment?: string } = {},
  ): Promise<IngestResult> {
    return this.http.json('POST', `${this.path(model, '/predictions')}${qs(options)}`, records);
  }
  labels(
    model: string,
    labels: readonly unknown[],
    options: { environment?: string } = {},
  ): Promise<LabelResult> {
    return this.http.json('POST', `${this.path(model, '/labels')}${qs(options)}`, labels);
  }
  /** Merges a client-side profile (built against the monitor's reference) into a window. */
  uploadProfile(
    model: string,
    name: string,
    windowStart: string,
    profile: unknown,
  ): Promise<{ monitor: string; window: { start: string; end: string }; records: number }> {
    return this.http.json('POST', this.path(model, `/monitors/${seg(name)}/profiles`), {
      windowStart,
      profile,
    });
  }
  async alerts(
    query: { model?: string; status?: 'firing' | 'resolved'; limit?: number } = {},
  ): Promise<AlertView[]> {
    return (await this.http.json<{ items: AlertView[] }>('GET', `/alerts${qs(query)}`)).items;
  }
}
