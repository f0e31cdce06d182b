/**
 * Incident response (control C8): incidents opened by hand, by a monitor alert or as a drill;
 * severity and status; playbooks whose steps are checklists or actions (rollback, alias, freeze,
 * retraining); escalation by severity; regulatory clocks with draft reports; post-incident
 * reviews with tracked actions; KPIs. Pure rules in `rules/`, playbooks in `playbooks/`, e-mail
 * in `notify/`.
 */
export * from './schemas.js';
export type { UpdateIncidentInput } from './schemas.js';
export { incidentOpener } from './alert-opener.js';
export { incidentView, type IncidentView, type IncidentSummary } from './incident-view.js';
export {
  openIncident,
  acknowledgeIncident,
  updateIncident,
  addNote,
  transitionIncident,
  workStep,
  startClock,
  editReport,
  submitReport,
  writeReview,
  completeReview,
  completeAction,
} from './work-incident.js';
export { runDrill } from './drills.js';
export { listIncidents, kpis, type IncidentFilter } from './queries.js';
export { runIncidentTimers, type TimerRound } from './timers.js';
export { deliverNotifications, type DeliveryConfig } from './deliver.js';
export {
  listEscalationPolicies,
  putEscalationPolicy,
  type EscalationPolicyView,
} from './escalation-policies.js';
export { listPlaybooks, publishPlaybook, type StoredPlaybook } from './playbook-store.js';
export { CLOCK_RULES, SEVERITY_LEVELS, INCIDENT_TYPE_DESCRIPTIONS } from './rules/index.js';
export type { DurationSummary, IncidentKpis, KpiGroup } from './rules/index.js';
