import type {
  DrillInput,
  DurationSummary,
  IncidentKpis,
  IncidentSummary,
  IncidentView,
  OpenIncidentInput,
  ReviewInput,
  UpdateIncidentInput,
} from '../incidents/index.js';
import { qs, seg, type HttpTransport } from './http-transport.js';

export type {
  DurationSummary,
  IncidentKpis,
  IncidentSummary,
  IncidentView,
  OpenIncidentInput,
  ReviewInput,
};

/** Incident response (server side: src/server/routes/incidents.ts). Reached as `client.incidents`. */
export class IncidentApi {
  constructor(private readonly http: HttpTransport) {}

  open(input: OpenIncidentInput): Promise<IncidentView> {
    return this.http.json('POST', '/incidents', input);
  }
  async list(
    filter: {
      status?: string;
      model?: string;
      severity?: string;
      drills?: 'include' | 'exclude' | 'only';
    } = {},
  ): Promise<IncidentSummary[]> {
    return (await this.http.json<{ items: IncidentSummary[] }>('GET', `/incidents${qs(filter)}`))
      .items;
  }
  get(key: string): Promise<IncidentView> {
    return this.http.json('GET', `/incidents/${seg(key)}`);
  }
  update(key: string, input: UpdateIncidentInput): Promise<IncidentView> {
    return this.http.json('PATCH', `/incidents/${seg(key)}`, input);
  }
  acknowledge(key: string): Promise<IncidentView> {
    return this.http.json('POST', `/incidents/${seg(key)}/acknowledge`, undefined, true);
  }
  transition(key: string, status: string, note?: string): Promise<IncidentView> {
    return this.http.json('POST', `/incidents/${seg(key)}/transition`, {
      status,
      ...(note === undefined ? {} : { note }),
    });
  }
  note(key: string, text: string): Promise<IncidentView> {
    return this.http.json('POST', `/incidents/${seg(key)}/notes`, { text });
  }
  step(
    key: string,
    step: string,
    outcome: 'run' | 'done' | 'skipped',
    note?: string,
  ): Promise<IncidentView> {
    return this.http.json('POST', `/incidents/${seg(key)}/steps/${seg(step)}`, {
      outcome,
      ...(note === undefined ? {} : { note }),
    });
  }
  startClock(key: string, rule: string, startedAt?: string): Promise<IncidentView> {
    return this.http.json('POST', `/incidents/${seg(key)}/clocks`, {
      rule,
      ...(startedAt === undefined ? {} : { startedAt }),
    });
  }
  editReport(key: string, rule: string, fields: Record<string, string>): Promise<IncidentView> {
    return this.http.json('PUT', `/incidents/${seg(key)}/clocks/${seg(rule)}/report`, { fields });
  }
  submitReport(key: string, rule: string): Promise<IncidentView> {
    return this.http.json(
      'POST',
      `/incidents/${seg(key)}/clocks/${seg(rule)}/submit`,
      undefined,
      true,
    );
  }
  writeReview(key: string, input: ReviewInput): Promise<IncidentView> {
    return this.http.json('PUT', `/incidents/${seg(key)}/review`, input);
  }
  completeReview(key: string): Promise<IncidentView> {
    return this.http.json('POST', `/incidents/${seg(key)}/review/complete`, undefined, true);
  }
  completeAction(key: string, action: string): Promise<IncidentView> {
    return this.http.json(
      'POST',
      `/incidents/${seg(key)}/actions/${seg(action)}/done`,
      undefined,
      true,
    );
  }
  drill(input: DrillInput): Promise<IncidentView> {
    return this.http.json('POST', '/drills', input);
  }
  kpis(): Promise<IncidentKpis> {
    return this.http.json('GET', '/incidents/kpis');
  }
  reference(): Promise<{ severities: unknown[]; clocks: unknown[] }> {
    return this.http.json('GET', '/incidents/reference');
  }
  async escalationPolicies(): Promise<unknown[]> {
    return (await this.http.json<{ items: unknown[] }>('GET', '/escalation-policies')).items;
  }
  putEscalationPolicy(severity: string, levels: unknown[]): Promise<unknown> {
    return this.http.json('PUT', `/escalation-policies/${seg(severity)}`, { levels });
  }
  async playbooks(): Promise<unknown[]> {
    return (await this.http.json<{ items: unknown[] }>('GET', '/playbooks')).items;
  }
  publishPlaybook(source: string): Promise<unknown> {
    return this.http.json('POST', '/playbooks', { source });
  }
}
