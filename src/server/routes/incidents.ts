import { z } from 'zod';
import {
  acknowledgeIncident,
  addNote,
  CLOCK_RULES,
  completeAction,
  completeReview,
  drillSchema,
  editReport,
  incidentView,
  kpis,
  listEscalationPolicies,
  listIncidents,
  listIncidentsQuery,
  listPlaybooks,
  noteSchema,
  openIncident,
  openIncidentSchema,
  publishPlaybook,
  putEscalationPolicy,
  reportSchema,
  reviewSchema,
  runDrill,
  SEVERITY_LEVELS,
  startClock,
  startClockSchema,
  stepSchema,
  submitReport,
  transitionIncident,
  transitionSchema,
  updateIncident,
  updateIncidentSchema,
  workStep,
  writeReview,
} from '../../incidents/index.js';
import { actorOf } from '../actor.js';
import type { Runtime } from '../runtime.js';
import { errorResponses, type Api } from './common.js';

const keyParam = z.object({ key: z.string().min(1).max(64) });
const incident = z.unknown().meta({
  description:
    'the incident: key, title, type, severity, status, summary, source, affected models, owner, playbook, times; with its steps, regulatory clocks (state now), timeline, review, follow-up actions and notifications',
});
const items = (item: z.ZodType) => z.object({ items: z.array(item) });
const TAGS = ['incidents'];

export function incidentRoutes(app: Api, runtime: Runtime): void {
  const ctx = runtime.registry;

  app.post(
    '/incidents',
    {
      config: { access: 'incident:write' },
      schema: {
        tags: TAGS,
        summary: 'Open an incident by hand; its playbook’s automatic steps run at once',
        body: openIncidentSchema,
        response: { 201: incident, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await openIncident(ctx, actorOf(request), request.body)),
  );
  app.get(
    '/incidents',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary: 'Incidents, newest first (status, model, severity; drills excluded unless asked)',
        querystring: listIncidentsQuery,
        response: { 200: items(incident), ...errorResponses },
      },
    },
    async (request) => ({ items: await listIncidents(ctx.db, request.query) }),
  );
  app.get(
    '/incidents/kpis',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary: 'Time to detect, acknowledge and resolve, per severity (minutes; drills excluded)',
        response: { 200: z.unknown(), ...errorResponses },
      },
    },
    async () => kpis(ctx.db),
  );
  app.get(
    '/incidents/reference',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary:
          'Severity criteria and targets, and the regulatory clock rules with their report fields',
        response: { 200: z.unknown(), ...errorResponses },
      },
    },
    () => ({ severities: Object.values(SEVERITY_LEVELS), clocks: CLOCK_RULES }),
  );
  app.get(
    '/incidents/:key',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary: 'One incident with its steps, clocks, timeline, review and actions',
        params: keyParam,
        response: { 200: incident, ...errorResponses },
      },
    },
    async (request) => incidentView(ctx.db, request.params.key, runtime.clock.now()),
  );
  app.patch(
    '/incidents/:key',
    {
      config: { access: 'incident:write' },
      schema: {
        tags: TAGS,
        summary: 'Change title, summary, type, severity or owner',
        params: keyParam,
        body: updateIncidentSchema,
        response: { 200: incident, ...errorResponses },
      },
    },
    async (request) => updateIncident(ctx, actorOf(request), request.params.key, request.body),
  );
  app.post(
    '/incidents/:key/acknowledge',
    {
      config: { access: 'incident:write' },
      schema: {
        tags: TAGS,
        summary: 'Acknowledge: escalation stops, the acknowledging person owns it if nobody does',
        params: keyParam,
        response: { 200: incident, ...errorResponses },
      },
    },
    async (request) => acknowledgeIncident(ctx, actorOf(request), request.params.key),
  );
  app.post(
    '/incidents/:key/transition',
    {
      config: { access: 'incident:write' },
      schema: {
        tags: TAGS,
        summary:
          'Move along open → triaged → mitigating → resolved → closed (a SEV1/SEV2 closes only after its review)',
        params: keyParam,
        body: transitionSchema,
        response: { 200: incident, ...errorResponses },
      },
    },
    async (request) => transitionIncident(ctx, actorOf(request), request.params.key, request.body),
  );
  app.post(
    '/incidents/:key/notes',
    {
      config: { access: 'incident:write' },
      schema: {
        tags: TAGS,
        summary: 'Add a note to the timeline',
        params: keyParam,
        body: noteSchema,
        response: { 200: incident, ...errorResponses },
      },
    },
    async (request) => addNote(ctx, actorOf(request), request.params.key, request.body),
  );
  app.post(
    '/incidents/:key/steps/:step',
    {
      config: { access: 'incident:write' },
      schema: {
        tags: TAGS,
        summary: 'Run a playbook action step, or mark a step done or skipped',
        params: keyParam.extend({ step: z.string().min(1).max(63) }),
        body: stepSchema,
        response: { 200: incident, ...errorResponses },
      },
    },
    async (request) =>
      workStep(ctx, actorOf(request), request.params.key, request.params.step, request.body),
  );
  app.post(
    '/incidents/:key/clocks',
    {
      config: { access: 'incident:write' },
      schema: {
        tags: TAGS,
        summary:
          'Mark the incident reportable under a rule: its clock starts (from awareness by default)',
        params: keyParam,
        body: startClockSchema,
        response: { 200: incident, ...errorResponses },
      },
    },
    async (request) => startClock(ctx, actorOf(request), request.params.key, request.body),
  );
  app.put(
    '/incidents/:key/clocks/:rule/report',
    {
      config: { access: 'incident:write' },
      schema: {
        tags: TAGS,
        summary: 'Fill fields of the draft report for the authority',
        params: keyParam.extend({ rule: z.string().min(1).max(64) }),
        body: reportSchema,
        response: { 200: incident, ...errorResponses },
      },
    },
    async (request) =>
      editReport(ctx, actorOf(request), request.params.key, request.params.rule, request.body),
  );
  app.post(
    '/incidents/:key/clocks/:rule/submit',
    {
      config: { access: 'incident:write' },
      schema: {
        tags: TAGS,
        summary:
          'Record that the report was submitted (every required field filled); late if past due',
        params: keyParam.extend({ rule: z.string().min(1).max(64) }),
        response: { 200: incident, ...errorResponses },
      },
    },
    async (request) => submitReport(ctx, actorOf(request), request.params.key, request.params.rule),
  );
  app.put(
    '/incidents/:key/review',
    {
      config: { access: 'incident:write' },
      schema: {
        tags: TAGS,
        summary:
          'Write the post-incident review: summary, root cause, contributing factors, actions',
        params: keyParam,
        body: reviewSchema,
        response: { 200: incident, ...errorResponses },
      },
    },
    async (request) => writeReview(ctx, actorOf(request), request.params.key, request.body),
  );
  app.post(
    '/incidents/:key/review/complete',
    {
      config: { access: 'incident:write' },
      schema: {
        tags: TAGS,
        summary: 'Complete the post-incident review',
        params: keyParam,
        response: { 200: incident, ...errorResponses },
      },
    },
    async (request) => completeReview(ctx, actorOf(request), request.params.key),
  );
  app.post(
    '/incidents/:key/actions/:action/done',
    {
      config: { access: 'incident:write' },
      schema: {
        tags: TAGS,
        summary: 'Mark a follow-up action done',
        params: keyParam.extend({ action: z.string().min(1).max(64) }),
        response: { 200: incident, ...errorResponses },
      },
    },
    async (request) =>
      completeAction(ctx, actorOf(request), request.params.key, request.params.action),
  );
  app.post(
    '/drills',
    {
      config: { access: 'incident:write' },
      schema: {
        tags: TAGS,
        summary: 'Run a playbook against a simulated incident (actions described, not done)',
        body: drillSchema,
        response: { 201: incident, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await runDrill(ctx, actorOf(request), request.body)),
  );
  app.get(
    '/escalation-policies',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary: 'Who is notified, and when, per severity',
        response: { 200: items(z.unknown()), ...errorResponses },
      },
    },
    async () => ({ items: await listEscalationPolicies(ctx.db) }),
  );
  app.put(
    '/escalation-policies/:severity',
    {
      config: { access: 'incident:write' },
      schema: {
        tags: TAGS,
        summary: 'Replace the escalation levels of a severity',
        params: z.object({ severity: z.enum(['SEV1', 'SEV2', 'SEV3', 'SEV4']) }),
        body: z.object({ levels: z.array(z.unknown()) }),
        response: { 200: z.unknown(), ...errorResponses },
      },
    },
    async (request) =>
      putEscalationPolicy(ctx, actorOf(request), request.params.severity, request.body),
  );
  app.get(
    '/playbooks',
    {
      config: { access: 'governance:read' },
      schema: {
        tags: TAGS,
        summary: 'Playbooks in matching order: published ones, then those Verity ships',
        response: { 200: items(z.unknown()), ...errorResponses },
      },
    },
    async () => ({ items: await listPlaybooks(ctx.db) }),
  );
  app.post(
    '/playbooks',
    {
      config: { access: 'incident:write' },
      schema: {
        tags: TAGS,
        summary: 'Publish a playbook (YAML) as the next version of its name',
        body: z.object({
          source: z
            .string()
            .min(1)
            .max(128 * 1024),
        }),
        response: { 201: z.unknown(), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await publishPlaybook(ctx, actorOf(request), request.body.source)),
  );
}
