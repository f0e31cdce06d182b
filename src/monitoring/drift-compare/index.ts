/**
 * Offline drift comparison of two files (`verity drift compare`): read both files' columns
 * (`readColumns`, the only IO), test every shared column in exact mode and decide dataset drift
 * (`buildDriftComparison`), and render a self-contained HTML report
 * (`renderDriftComparisonHtml`). Raw samples are kept in memory; monitors use profiles instead.
 */
export {
  ColumnDataBuilder,
  columnDataFromRows,
  type CellValue,
  type ColumnData,
  type ColumnValues,
} from './column-data.js';
export {
  buildDriftComparison,
  type ColumnComparison,
  type DriftComparison,
  type DriftComparisonOptions,
  type SideCounts,
} from './build-comparison.js';
export {
  MAX_CHART_CATEGORIES,
  type CategoryDistribution,
  type Distribution,
  type HistogramDistribution,
} from './distributions.js';
export { renderDriftComparisonHtml, type DriftReportMeta } from './render-html.js';
export {
  readColumns,
  columnFileFormat,
  type ColumnFileFormat,
  type ReadColumnsOptions,
} from './read-columns.js';
