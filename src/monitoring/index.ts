export * from './schemas.js';
export { monitoringFacts, type MonitoringFacts } from './facts.js';
export { ingestPredictions, ingestLabels, type IngestResult, type LabelResult } from './ingest.js';
export {
  createMonitor,
  updateMonitor,
  getMonitor,
  listMonitors,
  monitorReference,
  type MonitorView,
} from './monitors.js';
export { runMonitor, getMonitorRun, type MonitorRun } from './run-monitor.js';
export { runDueMonitors, purgeExpiredFeatures } from './schedule.js';
export { uploadWindowProfile, listMonitorRuns, listAlerts, type AlertView } from './queries.js';
export type { WindowResults } from './evaluate-window.js';
export {
  columnDistributions,
  runDistributions,
  type ColumnDistribution,
  type RunDistributions,
} from './distributions.js';
