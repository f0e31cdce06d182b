import type { RenderFormat } from './api-schemas.js';
import type { CardView } from './cards.js';
import { renderCardHtml, renderCardMarkdown, renderPdf } from './render/index.js';
import type { RenderOptions } from './render/options.js';

/** A card view as a document in one of the three formats. PDF needs Chromium (UNAVAILABLE without). */
export async function renderCard(
  view: CardView,
  format: RenderFormat,
  context: { now: Date },
): Promise<string | Buffer> {
  const options: RenderOptions = {
    generatedAt: context.now.toISOString(),
    revision: view.revision,
    frozen: view.frozen,
    completeness: view.completeness,
    digest: view.digest,
  };
  if (format === 'md') return renderCardMarkdown(view.card, options);
  const html = renderCardHtml(view.card, options);
  if (format === 'html') return html;
  return renderPdf(html, { title: `${view.model}@${view.version} model card` });
}
