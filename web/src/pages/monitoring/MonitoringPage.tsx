import { MonitorDetail } from './MonitorDetail.js';
import { MonitorOverview } from './MonitorOverview.js';
import './monitoring.css';

/**
 * Monitoring: every monitor with its latest drift status and the alerts (`/monitoring`), or one
 * monitor's drift over time, distributions, performance, fairness, runs and alerts
 * (`/monitoring/:model/:monitor`).
 */
export function MonitoringPage({ model, monitor }: { model?: string; monitor?: string }) {
  if (model !== undefined && monitor !== undefined) {
    return <MonitorDetail key={`${model}/${monitor}`} model={model} monitor={monitor} />;
  }
  return <MonitorOverview />;
}
