import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { IncidentView } from '../../client/index.js';
import { INCIDENT_TYPES, SEVERITIES as SEVERITY_NAMES } from '../../incidents/rules/index.js';
import { parse as parseYaml } from 'yaml';
import { collect, isoInstantOption, parseKeyValues, parseRefArg } from '../args.js';
import { contextOf } from '../context.js';
import { CliError } from '../errors.js';
import { incidentsTable, incidentText } from '../incident-format.js';
import { fields } from '../output.js';

const SEVERITIES: readonly string[] = SEVERITY_NAMES;
const TYPES: readonly string[] = INCIDENT_TYPES;

async function readDocument(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError('IO_ERROR', `cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return parseYaml(text) as unknown;
  } catch (error) {
    throw new CliError('USAGE_ERROR', `${path} is not YAML or JSON: ${(error as Error).message}`);
  }
}

/**
 * `verity incident ...`: open, triage and work incidents, their playbook steps, regulatory
 * clocks and reports, post-incident reviews, drills and KPIs (docs/incidents.md). Changes need
 * incident:write; reading needs governance:read.
 */
export function registerIncidentCommands(program: Command): void {
  const incident = program
    .command('incident')
    .description(
      'incidents: open, triage, playbook steps, regulatory clocks, reviews, drills, KPIs',
    );

  incident
    .command('list')
    .description('incidents, newest first')
    .addOption(
      new Option('--status <status>').choices([
        'open',
        'triaged',
        'mitigating',
        'resolved',
        'closed',
        'active',
      ]),
    )
    .option('--model <model>', 'only incidents affecting this model')
    .addOption(new Option('--severity <sev>').choices([...SEVERITIES]))
    .addOption(
      new Option('--drills <which>', 'drills are left out unless asked').choices([
        'include',
        'exclude',
        'only',
      ]),
    )
    .action(
      async (
        options: {
          status?: string;
          model?: string;
          severity?: string;
          drills?: 'include' | 'exclude' | 'only';
        },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const items = await ctx.client.incidents.list(options);
        ctx.out.result({ items }, () =>
          items.length === 0 ? 'No incidents.' : incidentsTable(items),
        );
      },
    );

  incident
    .command('show')
    .description('one incident: steps, regulatory clocks, review, timeline')
    .argument('<key>')
    .action(async (key: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const view = await ctx.client.incidents.get(key);
      ctx.out.result(view, () => incidentText(view));
    });

  incident
    .command('open')
    .description('open an incident by hand; its playbook’s automatic steps run at once')
    .requiredOption('--title <text>')
    .addOption(new Option('--type <type>').choices([...TYPES]).makeOptionMandatory())
    .addOption(new Option('--severity <sev>').choices([...SEVERITIES]).makeOptionMandatory())
    .requiredOption('--summary <text>')
    .option('--model <model[@version]>', 'an affected model; repeat for more', collect)
    .option('--env <environment>', 'where it happened (for every --model)')
    .option('--playbook <name>', 'default: the first playbook that applies')
    .option('--owner <user>')
    .option(
      '--aware-at <time>',
      'when the organisation became aware (clocks start here)',
      isoInstantOption,
    )
    .option('--onset-at <time>', 'when the problem began', isoInstantOption)
    .action(
      async (
        options: {
          title: string;
          type: string;
          severity: string;
          summary: string;
          model?: string[];
          env?: string;
          playbook?: string;
          owner?: string;
          awareAt?: string;
          onsetAt?: string;
        },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const view = await ctx.client.incidents.open({
          title: options.title,
          type: options.type as 'other',
          severity: options.severity as 'SEV4',
          summary: options.summary,
          affected: (options.model ?? []).map((text) => {
            const ref = parseRefArg(text, { kind: 'model', ref: 'optional' });
            return {
              model: ref.name,
              ...(ref.ref === undefined ? {} : { version: ref.ref }),
              ...(options.env === undefined ? {} : { environment: options.env }),
            };
          }),
          ...(options.playbook === undefined ? {} : { playbook: options.playbook }),
          ...(options.owner === undefined ? {} : { owner: options.owner }),
          ...(options.awareAt === undefined ? {} : { awareAt: options.awareAt }),
          ...(options.onsetAt === undefined ? {} : { onsetAt: options.onsetAt }),
        });
        ctx.out.result(view, () => incidentText(view));
      },
    );

  incident
    .command('ack')
    .description('acknowledge: escalation stops')
    .argument('<key>')
    .action(async (key: string, _o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const view = await ctx.client.incidents.acknowledge(key);
      ctx.out.result(view, () => `${view.key} acknowledged by ${view.acknowledgedBy ?? ''}`);
    });

  incident
    .command('status')
    .description(
      'move to triaged, mitigating, resolved or closed (a SEV1/SEV2 closes after its review)',
    )
    .argument('<key>')
    .argument('<status>')
    .option('--note <text>')
    .action(async (key: string, status: string, options: { note?: string }, command: Command) => {
      const ctx = contextOf(command);
      const view = await ctx.client.incidents.transition(key, status, options.note);
      ctx.out.result(view, () => `${view.key} is ${view.status}`);
    });

  incident
    .command('note')
    .description('add a note to the timeline')
    .argument('<key>')
    .argument('<text>')
    .action(async (key: string, text: string, _o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const view = await ctx.client.incidents.note(key, text);
      ctx.out.result(view, () => `noted on ${view.key}`);
    });

  incident
    .command('step')
    .description('run a playbook action step, or mark a step done or skipped')
    .argument('<key>')
    .argument('<step>')
    .option('--run', 'run the step’s action')
    .option('--done', 'mark done')
    .option('--skip', 'mark skipped')
    .option('--note <text>')
    .action(
      async (
        key: string,
        step: string,
        options: { run?: boolean; done?: boolean; skip?: boolean; note?: string },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const chosen = (['run', 'done', 'skip'] as const).filter((k) => options[k] === true);
        if (chosen.length !== 1)
          throw new CliError('USAGE_ERROR', 'give exactly one of --run, --done, --skip');
        const outcome = chosen[0] === 'skip' ? 'skipped' : chosen[0]!;
        const view = await ctx.client.incidents.step(key, step, outcome, options.note);
        const s = view.steps.find((x) => x.id === step);
        ctx.out.result(view, () => `${view.key} ${step}: ${s?.status ?? ''} ${s?.result ?? ''}`);
      },
    );

  incident
    .command('clock')
    .description('mark the incident reportable under a rule (e.g. gdpr-art33): its deadline starts')
    .argument('<key>')
    .argument('<rule>')
    .option('--started-at <time>', 'default: the awareness time', isoInstantOption)
    .action(
      async (key: string, rule: string, options: { startedAt?: string }, command: Command) => {
        const ctx = contextOf(command);
        const view = await ctx.client.incidents.startClock(key, rule, options.startedAt);
        const clock = view.clocks.find((c) => c.rule === rule);
        ctx.out.result(view, () =>
          fields([
            ['clock', `${rule} (${clock?.framework ?? ''})`],
            ['due', clock?.dueAt ?? ''],
            ['report fields to fill', clock?.report.missing.join(', ') || '-'],
          ]),
        );
      },
    );

  incident
    .command('report')
    .description('fill the draft report of a clock (--set name=value) and submit it (--submit)')
    .argument('<key>')
    .argument('<rule>')
    .option('--set <name=value>', 'a report field; repeat for more', collect)
    .option('--submit', 'record the submission (every required field must be filled)')
    .action(
      async (
        key: string,
        rule: string,
        options: { set?: string[]; submit?: boolean },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        let view = undefined;
        if (options.set !== undefined) {
          view = await ctx.client.incidents.editReport(
            key,
            rule,
            Object.fromEntries(parseKeyValues(options.set, 'field')),
          );
        }
        if (options.submit === true) view = await ctx.client.incidents.submitReport(key, rule);
        view ??= await ctx.client.incidents.get(key);
        const clock = view.clocks.find((c) => c.rule === rule);
        ctx.out.result(clock ?? view, () =>
          [
            `${rule}: ${clock?.status ?? 'no such clock'}${clock?.submittedAt ? ` (submitted ${clock.submittedAt})` : ''}`,
            ...(clock?.report.fields.map(
              (f) => `${f.required ? '*' : ' '} ${f.name}: ${f.value ?? '(missing)'}`,
            ) ?? []),
          ].join('\n'),
        );
      },
    );

  incident
    .command('review')
    .description(
      'write the post-incident review from a YAML/JSON file (summary, rootCause, contributingFactors, actions), or complete it',
    )
    .argument('<key>')
    .option('--file <review.yaml>')
    .option('--complete', 'complete the review (needed before a SEV1/SEV2 closes)')
    .action(
      async (key: string, options: { file?: string; complete?: boolean }, command: Command) => {
        const ctx = contextOf(command);
        if (options.file === undefined && options.complete !== true) {
          throw new CliError('USAGE_ERROR', 'give --file, --complete, or both');
        }
        let view: IncidentView | undefined;
        if (options.file !== undefined) {
          view = await ctx.client.incidents.writeReview(
            key,
            (await readDocument(options.file)) as never,
          );
        }
        if (options.complete === true) view = await ctx.client.incidents.completeReview(key);
        const shown = view ?? (await ctx.client.incidents.get(key));
        ctx.out.result(shown, () => incidentText(shown));
      },
    );

  incident
    .command('action-done')
    .description('mark a follow-up action of the review done')
    .argument('<key>')
    .argument('<action-id>')
    .action(async (key: string, id: string, _o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const view = await ctx.client.incidents.completeAction(key, id);
      ctx.out.result(view, () => `${view.key}: action ${id} done`);
    });

  incident
    .command('drill')
    .description('rehearse a playbook on a simulated incident (actions described, not done)')
    .requiredOption('--playbook <name>')
    .requiredOption('--model <model>')
    .option('--env <environment>', 'default production')
    .addOption(new Option('--severity <sev>').choices([...SEVERITIES]))
    .addOption(new Option('--type <type>').choices([...TYPES]))
    .option('--scenario <text>')
    .action(
      async (
        options: {
          playbook: string;
          model: string;
          env?: string;
          severity?: string;
          type?: string;
          scenario?: string;
        },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const view = await ctx.client.incidents.drill({
          playbook: options.playbook,
          model: options.model,
          ...(options.env === undefined ? {} : { environment: options.env }),
          ...(options.severity === undefined ? {} : { severity: options.severity as 'SEV2' }),
          ...(options.type === undefined ? {} : { type: options.type as 'drift' }),
          ...(options.scenario === undefined ? {} : { scenario: options.scenario }),
        });
        ctx.out.result(view, () => incidentText(view));
      },
    );

  incident
    .command('kpis')
    .description('time to detect, acknowledge and resolve per severity (minutes)')
    .action(async (_o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const k = await ctx.client.incidents.kpis();
      const med = (v: number | null) => (v === null ? '-' : v.toFixed(0));
      ctx.out.result(k, () =>
        [
          'median minutes per severity (drills excluded)',
          ...Object.entries(k.bySeverity).map(
            ([sev, g]) =>
              `${sev}  incidents ${g.count}  detect ${med(g.timeToDetect.median)}  acknowledge ${med(g.timeToAcknowledge.median)}  resolve ${med(g.timeToResolve.median)}`,
          ),
          `drills: ${k.drills}`,
        ].join('\n'),
      );
    });
}
