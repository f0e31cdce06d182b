/** Model-card renderers: Markdown, self-contained HTML, and PDF printed from the HTML. */
export { renderCardMarkdown } from './markdown.js';
export { renderCardHtml } from './html.js';
export {
  CHROMIUM_ARGS,
  defaultChromiumPath,
  pdfRenderingAvailable,
  renderPdf,
  type PdfOptions,
} from './pdf.js';
export { buildCardDocument } from './document-model.js';
export { escapeHtml } from '../../lib/html-escape.js';
export type { RenderOptions } from './options.js';
export type * from './document-types.js';
export { metricBarsSvg, groupBarsSvg } from './charts.js';
export { CARD_CSS } from './styles.js';
export { formatNumber, formatInstant } from './format.js';
