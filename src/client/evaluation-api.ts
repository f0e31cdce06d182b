import type {
  CompareEvaluationInput,
  EvaluationView,
  RunEvaluationInput,
} from '../evaluation/index.js';
import { seg, type HttpTransport } from './http-transport.js';

export type { CompareEvaluationInput, EvaluationView, RunEvaluationInput };

/**
 * Pre-deployment evaluations (server side: src/server/routes/evaluations.ts). Reached as
 * `client.evaluations`.
 */
export class EvaluationApi {
  constructor(private readonly http: HttpTransport) {}

  private path(model: string, version: string, rest = ''): string {
    return `/models/${seg(model)}/versions/${seg(version)}/evaluations${rest}`;
  }

  run(model: string, version: string, input: RunEvaluationInput): Promise<EvaluationView> {
    return this.http.json('POST', this.path(model, version), input);
  }
  compare(model: string, version: string, input: CompareEvaluationInput): Promise<EvaluationView> {
    return this.http.json('POST', this.path(model, version, '/compare'), input);
  }
  async list(model: string, version: string): Promise<EvaluationView[]> {
    const page = await this.http.json<{ items: EvaluationView[] }>(
      'GET',
      this.path(model, version),
    );
    return page.items;
  }
  get(model: string, version: string, id: string): Promise<EvaluationView> {
    return this.http.json('GET', this.path(model, version, `/${seg(id)}`));
  }
  /** The self-contained HTML report. */
  async report(model: string, version: string, id: string): Promise<string> {
    const response = await this.http.raw('GET', this.path(model, version, `/${seg(id)}/report`));
    return response.text();
  }
}
