import type {
  CardDiff,
  CardRevisionSummary,
  CardView,
  CardChanges,
  RenderFormat,
} from '../cards/index.js';
import { qs, seg, type HttpTransport } from './http-transport.js';

export type { CardDiff, CardRevisionSummary, CardView, CardChanges, RenderFormat };

export interface CardSaveOptions {
  summary?: string;
  /** Refuse with CONFLICT unless the card is still at this revision. */
  expectedRevision?: number;
}

/**
 * Model cards and the documents made from them (server side: src/server/routes/cards.ts and
 * exports.ts). Reached as `client.cards`.
 */
export class CardApi {
  constructor(private readonly http: HttpTransport) {}

  private path(model: string, version: string, rest = ''): string {
    return `/models/${seg(model)}/versions/${seg(version)}/card${rest}`;
  }

  get(
    model: string,
    version: string,
    options: { revision?: number | undefined } = {},
  ): Promise<CardView> {
    return this.http.json(
      'GET',
      `${this.path(model, version)}${qs({ revision: options.revision })}`,
    );
  }
  /** Replaces the author fields (validated as a whole). */
  save(
    model: string,
    version: string,
    authored: unknown,
    options: CardSaveOptions = {},
  ): Promise<CardView> {
    return this.http.json('PUT', this.path(model, version), { authored, ...options });
  }
  patch(
    model: string,
    version: string,
    changes: CardChanges,
    options: CardSaveOptions = {},
  ): Promise<CardView> {
    return this.http.json('PATCH', this.path(model, version), { ...changes, ...options });
  }
  importMarkdown(
    model: string,
    version: string,
    markdown: string,
    options: CardSaveOptions = {},
  ): Promise<CardView> {
    return this.http.json('POST', this.path(model, version, '/import'), { markdown, ...options });
  }
  async exportMarkdown(
    model: string,
    version: string,
    options: { revision?: number | undefined } = {},
  ): Promise<string> {
    const response = await this.http.raw(
      'GET',
      `${this.path(model, version, '/export')}${qs({ revision: options.revision })}`,
    );
    return response.text();
  }
  approve(
    model: string,
    version: string,
    options: { revision?: number | undefined } = {},
  ): Promise<CardView> {
    return this.http.json('POST', this.path(model, version, '/approve'), options);
  }
  async revisions(model: string, version: string): Promise<CardRevisionSummary[]> {
    return (
      await this.http.json<{ items: CardRevisionSummary[] }>(
        'GET',
        this.path(model, version, '/revisions'),
      )
    ).items;
  }
  diff(
    model: string,
    version: string,
    options: { from?: number | undefined; to?: number | undefined } = {},
  ): Promise<CardDiff> {
    return this.http.json('GET', `${this.path(model, version, '/diff')}${qs(options)}`);
  }
  /** The rendered document's bytes (Markdown, HTML or PDF). */
  async render(
    model: string,
    version: string,
    format: RenderFormat,
    options: { revision?: number | undefined } = {},
  ): Promise<Buffer> {
    const response = await this.http.raw(
      'GET',
      `${this.path(model, version, '/render')}${qs({ format, revision: options.revision })}`,
    );
    return Buffer.from(await response.arrayBuffer());
  }

  /** The CycloneDX 1.6 ML-BOM of a model version. */
  cyclonedx(model: string, version: string): Promise<Record<string, unknown>> {
    return this.http.json('GET', `/models/${seg(model)}/versions/${seg(version)}/cyclonedx`);
  }
  /** OpenLineage 2-0-2 run events (START and the terminal event) of a training run. */
  async openlineage(runId: string): Promise<Record<string, unknown>[]> {
    return (
      await this.http.json<{ events: Record<string, unknown>[] }>(
        'GET',
        `/runs/${seg(runId)}/openlineage`,
      )
    ).events;
  }
}
