/**
 * Compliance reports: pure builders over report data gathered by the compliance service. The
 * model report (EU AI Act Annex IV technical documentation and a model risk report), the
 * framework gap assessment, the organisation's control effectiveness and the posture diff, each
 * as Markdown and self-contained HTML (print to PDF with the cards' `renderPdf`), and OSCAL
 * assessment results.
 */
export type * from './report-data.js';
export { diffPostures } from './diff.js';
export {
  diffMarkdown,
  frameworkReportMarkdown,
  modelReportMarkdown,
  organisationReportMarkdown,
} from './markdown.js';
export { diffHtml, frameworkReportHtml, modelReportHtml, organisationReportHtml } from './html.js';
export {
  OSCAL_VERSION,
  VERITY_OSCAL_NS,
  oscalAssessmentResults,
  oscalUuid,
  type OscalOptions,
} from './oscal.js';
export { controlFrameworkHeatMap, type ControlFrameworkHeatMap } from './heat-map.js';
