import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Argument, Option, type Command } from 'commander';
import { parse as parseYaml } from 'yaml';
// The pure vocabularies only: the rest of the compliance module is not loaded for the CLI.
import { ASSESSMENT_KINDS } from '../../compliance/questionnaires/index.js';
import { RISK_CATEGORIES } from '../../compliance/risks/risk-rules.js';
import type {
  AssessmentKind,
  AssessmentTemplate,
  ReportFormat,
  ReportRequest,
  RiskInput,
  ScopeInput,
} from '../../client/index.js';
import {
  collect,
  intOption,
  isoInstantOption,
  nameArg,
  parseKeyValues,
  parseRefArg,
} from '../args.js';
import {
  assessmentsTable,
  assessmentText,
  attestationsTable,
  catalogueText,
  classificationText,
  frameworksTable,
  frameworkText,
  kpisText,
  organisationPostureText,
  postureDiffText,
  postureText,
  questionnaireText,
  risksTable,
  riskText,
  scopeHistoryTable,
  scopeText,
  settingsText,
  templateText,
} from '../compliance-format.js';
import { contextOf } from '../context.js';
import { CliError } from '../errors.js';
import { fields } from '../output.js';

const FORMATS = ['pdf', 'html', 'markdown', 'json'] as const;
const score = intOption(1, 5);

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT' ? 'NOT_FOUND' : 'IO_ERROR',
      `cannot read ${path}: ${(error as Error).message}`,
      { file: path },
    );
  }
}

/** A YAML or JSON document (JSON is YAML), which must be a mapping. */
async function readMapping(path: string): Promise<Record<string, unknown>> {
  const text = await readText(path);
  let value: unknown;
  try {
    value = parseYaml(text) as unknown;
  } catch (error) {
    throw new CliError(
      'VALIDATION_ERROR',
      `${path} is not YAML or JSON: ${(error as Error).message}`,
      {
        file: path,
      },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(
      'VALIDATION_ERROR',
      `${path} must hold a mapping of question ids to answers`,
      {
        file: path,
      },
    );
  }
  return value as Record<string, unknown>;
}

async function writeOut(path: string, content: string | Buffer): Promise<void> {
  try {
    await writeFile(path, content);
  } catch (error) {
    throw new CliError('IO_ERROR', `cannot write ${path}: ${(error as Error).message}`, {
      file: path,
    });
  }
}

/** Repeated and comma-separated values: `--flag a --flag b,c` gives a, b, c. */
function listOf(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** `model[@version]`, with `--version` as the other spelling of the version (not both). */
function modelVersion(
  text: string,
  version: string | undefined,
): { model: string; version?: string } {
  const ref = parseRefArg(text, { kind: 'model', ref: 'optional' });
  if (ref.ref !== undefined && version !== undefined && ref.ref !== version) {
    throw new CliError('USAGE_ERROR', `give the version once: ${text} or --version ${version}`);
  }
  const chosen = ref.ref ?? version;
  return chosen === undefined ? { model: ref.name } : { model: ref.name, version: chosen };
}

/** `L,I`: residual likelihood and impact, each 1–5. */
function residualOption(value: string): [number, number] {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length !== 2)
    throw new CliError('VALIDATION_ERROR', `--residual '${value}' must be L,I`);
  return [score(parts[0] as string), score(parts[1] as string)];
}

/** A `--set key=value` value typed by the template question it answers. */
function typedAnswer(template: AssessmentTemplate, id: string, raw: string): unknown {
  const question = template.sections.flatMap((s) => s.questions).find((q) => q.id === id);
  // Unknown ids go to the server as text: it reports every unknown question at once.
  if (question === undefined) return raw;
  switch (question.type) {
    case 'boolean':
      if (/^(true|yes)$/i.test(raw)) return true;
      if (/^(false|no)$/i.test(raw)) return false;
      throw new CliError('VALIDATION_ERROR', `${id} is a yes/no question, not '${raw}'`);
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n))
        throw new CliError('VALIDATION_ERROR', `${id} takes a number, not '${raw}'`);
      return n;
    }
    case 'multi-choice':
      return listOf([raw]);
    default:
      return raw;
  }
}

/** `--set key=value` for settings: numbers for the retention periods, lists for frameworks. */
function settingsChanges(pairs: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(
    parseKeyValues(pairs, 'setting').map(([key, raw]): [string, unknown] => {
      if (key === 'adoptedFrameworks') return [key, listOf([raw])];
      return [key, /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw];
    }),
  );
}

/**
 * `verity compliance ...`: the control catalogue, a model's scope and EU AI Act classification,
 * its risk register and impact assessments, attestations, posture, reports and exports
 * (docs/compliance.md). Reading needs governance:read; recording needs compliance:write;
 * approving needs compliance:approve; the catalogue and settings need catalogue:write; reports
 * and exports need audit:export.
 */
export function registerComplianceCommands(program: Command): void {
  const compliance = program
    .command('compliance')
    .description(
      'compliance: scope and EU AI Act classification, risks, assessments, attestations, posture, reports',
    );

  compliance
    .command('catalogue')
    .description('the controls (C1–C12) and the frameworks in force')
    .option('--as-of <date>', 'as Verity knew it then (YYYY-MM-DD or ISO time)')
    .action(async (options: { asOf?: string }, command: Command) => {
      const ctx = contextOf(command);
      const catalogue = await ctx.client.compliance.catalogue(
        options.asOf === undefined ? {} : { asOf: options.asOf },
      );
      ctx.out.result(catalogue, () => catalogueText(catalogue));
    });

  // ---- frameworks ----
  const frameworks = compliance
    .command('frameworks')
    .description('framework versions: list, show, import your own');
  frameworks
    .command('list')
    .description('every published framework version, shipped and imported')
    .action(async (_o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const items = await ctx.client.compliance.frameworks();
      ctx.out.result({ items }, () =>
        items.length === 0 ? 'No frameworks.' : frameworksTable(items),
      );
    });
  frameworks
    .command('show')
    .description('a framework with its requirements and the controls that satisfy them')
    .argument('<id>')
    .option('--version <version>', 'default: the latest')
    .action(async (id: string, options: { version?: string }, command: Command) => {
      const ctx = contextOf(command);
      const framework = await ctx.client.compliance.framework(
        id,
        options.version === undefined ? {} : { version: options.version },
      );
      ctx.out.result(framework, () => frameworkText(framework));
    });
  frameworks
    .command('import')
    .description('import a framework written in the catalogue format (YAML or JSON)')
    .argument('<file>')
    .addOption(
      new Option('--format <format>', 'default: from the file extension').choices(['yaml', 'json']),
    )
    .action(async (file: string, options: { format?: 'yaml' | 'json' }, command: Command) => {
      const ctx = contextOf(command);
      const format = options.format ?? (extname(file).toLowerCase() === '.json' ? 'json' : 'yaml');
      const view = await ctx.client.compliance.importFramework(await readText(file), format);
      ctx.out.result(
        view,
        () => `${view.id} ${view.version} (${view.requirements} requirements) is in the catalogue`,
      );
    });

  compliance
    .command('settings')
    .description('retention periods and adopted voluntary frameworks; --set changes them')
    .option(
      '--set <key=value>',
      'logRetentionDays, documentationRetentionYears, hipaaDocumentationRetentionYears, adoptedFrameworks (comma-separated); repeat for more',
      collect,
    )
    .action(async (options: { set?: string[] }, command: Command) => {
      const ctx = contextOf(command);
      const settings =
        options.set === undefined
          ? await ctx.client.compliance.settings()
          : await ctx.client.compliance.putSettings(settingsChanges(options.set));
      ctx.out.result(settings, () => settingsText(settings));
    });

  compliance
    .command('questionnaire')
    .description(
      'the EU AI Act classification questionnaire (the keys of a `classify` answers file)',
    )
    .action(async (_o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const questionnaire = await ctx.client.compliance.euAiActQuestionnaire();
      ctx.out.result(questionnaire, () => questionnaireText(questionnaire));
    });

  // ---- scope and classification ----
  const scope = compliance
    .command('scope')
    .description('a model’s scope: jurisdictions, sectors, use-case area, processing flags');
  scope
    .command('show')
    .description('the current scope and EU AI Act classification')
    .argument('<model>')
    .action(async (model: string, _o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const view = await ctx.client.compliance.scope(nameArg(model, 'model'));
      ctx.out.result(view, () => scopeText(view, model));
    });
  scope
    .command('history')
    .description('every revision of the scope, newest first')
    .argument('<model>')
    .action(async (model: string, _o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const items = await ctx.client.compliance.scopeHistory(nameArg(model, 'model'));
      ctx.out.result({ items }, () =>
        items.length === 0 ? `${model} has no recorded scope.` : scopeHistoryTable(items),
      );
    });
  scope
    .command('set')
    .description('record a new revision of the scope (the EU AI Act answers are kept)')
    .argument('<model>')
    .requiredOption(
      '--jurisdiction <code>',
      'EU, US, US-NYC, US-CO, SG, UK, OTHER; repeat for more',
      collect,
    )
    .requiredOption(
      '--sector <sector>',
      'banking, insurance, healthcare, ...; repeat for more',
      collect,
    )
    .requiredOption('--area <area>', 'the Annex III area, or none')
    .option('--flag <flag>', 'personal-data, ephi, profiling, ...; repeat for more', collect)
    .action(
      async (
        model: string,
        options: { jurisdiction: string[]; sector: string[]; area: string; flag?: string[] },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const view = await ctx.client.compliance.setScope(nameArg(model, 'model'), {
          jurisdictions: listOf(options.jurisdiction),
          sectors: listOf(options.sector),
          area: options.area,
          flags: listOf(options.flag),
        } as ScopeInput);
        ctx.out.result(view, () => scopeText(view, model));
      },
    );

  compliance
    .command('classify')
    .description(
      'answer the EU AI Act questionnaire from a YAML/JSON file; prints the tier and the reasoning',
    )
    .argument('<model>')
    .requiredOption('--answers <file>', 'question id: answer (see `compliance questionnaire`)')
    .action(async (model: string, options: { answers: string }, command: Command) => {
      const ctx = contextOf(command);
      const ref = nameArg(model, 'model');
      const answers = await readMapping(options.answers);
      const current = await ctx.client.compliance.scope(ref);
      if (current === null) {
        throw new CliError(
          'USAGE_ERROR',
          `${model} has no scope yet: record one first with \`verity compliance scope set ${model} --jurisdiction ... --sector ... --area ...\``,
        );
      }
      const view = await ctx.client.compliance.setScope(ref, {
        jurisdictions: current.jurisdictions,
        sectors: current.sectors,
        area: current.area,
        flags: current.flags,
        euAnswers: answers,
      });
      ctx.out.result(view, () => classificationText(view));
    });

  // ---- risk register ----
  const risk = compliance.command('risk').description('a model’s risk register');
  risk
    .command('list')
    .description('the risks of a model')
    .argument('<model>')
    .action(async (model: string, _o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const items = await ctx.client.compliance.risks(nameArg(model, 'model'));
      ctx.out.result({ items }, () => (items.length === 0 ? 'No risks.' : risksTable(items)));
    });
  risk
    .command('show')
    .description('one risk with its mitigations and acceptance')
    .argument('<model>')
    .argument('<id>')
    .action(async (model: string, id: string, _o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const view = await ctx.client.compliance.risk(nameArg(model, 'model'), id);
      ctx.out.result(view, () => riskText(view));
    });
  const riskOptions = (cmd: Command, required: boolean): Command => {
    const option = (flags: string, description: string) =>
      required ? cmd.requiredOption(flags, description) : cmd.option(flags, description);
    cmd.addOption(
      required
        ? new Option('--category <category>').choices(RISK_CATEGORIES).makeOptionMandatory()
        : new Option('--category <category>').choices(RISK_CATEGORIES),
    );
    option('--title <text>', 'what could go wrong');
    cmd.addOption(
      required
        ? new Option('--likelihood <1-5>').argParser(score).makeOptionMandatory()
        : new Option('--likelihood <1-5>').argParser(score),
    );
    cmd.addOption(
      required
        ? new Option('--impact <1-5>').argParser(score).makeOptionMandatory()
        : new Option('--impact <1-5>').argParser(score),
    );
    option('--owner <user>', 'who owns the risk');
    return cmd
      .option('--description <text>')
      .option(
        '--mitigation <text>',
        `a mitigation (planned); repeat for more${required ? '' : ' (replaces the list)'}`,
        collect,
      )
      .option(
        '--residual <L,I>',
        'residual likelihood and impact after the mitigations',
        residualOption,
      )
      .option('--review-due <date>', 'YYYY-MM-DD');
  };
  interface RiskFlags {
    category?: string;
    title?: string;
    likelihood?: number;
    impact?: number;
    owner?: string;
    description?: string;
    mitigation?: string[];
    residual?: [number, number];
    reviewDue?: string;
    status?: string;
  }
  const riskFields = (o: RiskFlags): Record<string, unknown> => ({
    ...(o.category === undefined ? {} : { category: o.category }),
    ...(o.title === undefined ? {} : { title: o.title }),
    ...(o.likelihood === undefined ? {} : { likelihood: o.likelihood }),
    ...(o.impact === undefined ? {} : { impact: o.impact }),
    ...(o.owner === undefined ? {} : { owner: o.owner }),
    ...(o.description === undefined ? {} : { description: o.description }),
    ...(o.mitigation === undefined
      ? {}
      : { mitigations: o.mitigation.map((description) => ({ description })) }),
    ...(o.residual === undefined
      ? {}
      : { residualLikelihood: o.residual[0], residualImpact: o.residual[1] }),
    ...(o.reviewDue === undefined ? {} : { reviewDue: o.reviewDue }),
    ...(o.status === undefined ? {} : { status: o.status }),
  });
  riskOptions(
    risk.command('add').description('add a risk to a model’s register').argument('<model>'),
    true,
  ).action(async (model: string, options: RiskFlags, command: Command) => {
    const ctx = contextOf(command);
    const view = await ctx.client.compliance.addRisk(
      nameArg(model, 'model'),
      riskFields(options) as RiskInput,
    );
    ctx.out.result(view, () => riskText(view));
  });
  riskOptions(
    risk
      .command('update')
      .description('change a risk; new scores or mitigations void an acceptance')
      .argument('<model>')
      .argument('<id>')
      .addOption(new Option('--status <status>').choices(['open', 'mitigated', 'closed'])),
    false,
  ).action(async (model: string, id: string, options: RiskFlags, command: Command) => {
    const ctx = contextOf(command);
    const patch = riskFields(options);
    if (Object.keys(patch).length === 0)
      throw new CliError('USAGE_ERROR', 'give something to change');
    const view = await ctx.client.compliance.updateRisk(nameArg(model, 'model'), id, patch);
    ctx.out.result(view, () => riskText(view));
  });
  risk
    .command('accept')
    .description('accept the residual risk (not by the model’s owner or its versions’ authors)')
    .argument('<model>')
    .argument('<id>')
    .requiredOption('--justification <text>')
    .action(
      async (model: string, id: string, options: { justification: string }, command: Command) => {
        const ctx = contextOf(command);
        const view = await ctx.client.compliance.acceptRisk(
          nameArg(model, 'model'),
          id,
          options.justification,
        );
        ctx.out.result(
          view,
          () => `${view.id} accepted by ${view.acceptedBy ?? ''} (${view.level})`,
        );
      },
    );

  // ---- impact assessments ----
  const assessment = compliance
    .command('assessment')
    .description('impact assessments: DPIA, FRIA, algorithmic impact assessment');
  assessment
    .command('list')
    .argument('<model>')
    .description('the assessments of a model')
    .action(async (model: string, _o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const items = await ctx.client.compliance.assessments(nameArg(model, 'model'));
      ctx.out.result({ items }, () =>
        items.length === 0 ? 'No assessments.' : assessmentsTable(items),
      );
    });
  assessment
    .command('show')
    .description('one assessment with every answer')
    .argument('<model>')
    .argument('<id>')
    .action(async (model: string, id: string, _o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const view = await ctx.client.compliance.assessment(nameArg(model, 'model'), id);
      const template = ctx.out.json
        ? undefined
        : await ctx.client.compliance.assessmentTemplate(view.kind);
      ctx.out.result(view, () => assessmentText(view, template));
    });
  assessment
    .command('template')
    .description('the questions of an assessment kind (the keys of an answers file)')
    .addArgument(new Argument('<kind>').choices(ASSESSMENT_KINDS))
    .action(async (kind: AssessmentKind, _o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const template = await ctx.client.compliance.assessmentTemplate(kind);
      ctx.out.result(template, () => templateText(template));
    });
  assessment
    .command('start')
    .description('start an assessment, pre-filled from what Verity knows')
    .argument('<model>')
    .addArgument(new Argument('<kind>').choices(ASSESSMENT_KINDS))
    .action(async (model: string, kind: string, _o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const view = await ctx.client.compliance.startAssessment(
        nameArg(model, 'model'),
        kind as AssessmentKind,
      );
      ctx.out.result(
        view,
        () =>
          `started ${view.kind} ${view.id}: ${view.answered} answered from what Verity knows, ${view.missing.length} required still missing`,
      );
    });
  assessment
    .command('answer')
    .description('save answers from a YAML/JSON file and/or --set id=value (merged by default)')
    .argument('<model>')
    .argument('<id>')
    .option('--answers <file>', 'question id: answer')
    .option('--set <id=value>', 'one answer; repeat for more (lists comma-separated)', collect)
    .option('--replace', 'replace every answer instead of merging')
    .action(
      async (
        model: string,
        id: string,
        options: { answers?: string; set?: string[]; replace?: boolean },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        if (options.answers === undefined && options.set === undefined) {
          throw new CliError('USAGE_ERROR', 'give --answers FILE, --set id=value, or both');
        }
        const ref = nameArg(model, 'model');
        const answers: Record<string, unknown> =
          options.answers === undefined ? {} : await readMapping(options.answers);
        if (options.set !== undefined) {
          const current = await ctx.client.compliance.assessment(ref, id);
          const template = await ctx.client.compliance.assessmentTemplate(current.kind);
          for (const [key, raw] of parseKeyValues(options.set, 'answer'))
            answers[key] = typedAnswer(template, key, raw);
        }
        const view = await ctx.client.compliance.saveAnswers(ref, id, answers, {
          merge: options.replace !== true,
        });
        ctx.out.result(view, () =>
          fields([
            ['assessment', `${view.id} (${view.kind}), revision ${view.revision}`],
            ['answered', String(view.answered)],
            ['missing', view.missing.join(', ') || '-'],
          ]),
        );
      },
    );
  assessment
    .command('submit')
    .description('submit a complete draft for a decision')
    .argument('<model>')
    .argument('<id>')
    .action(async (model: string, id: string, _o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const view = await ctx.client.compliance.submitAssessment(nameArg(model, 'model'), id);
      ctx.out.result(view, () => `${view.id} (${view.kind}) submitted`);
    });
  for (const decision of ['approve', 'reject'] as const) {
    assessment
      .command(decision)
      .description(
        `${decision} a submitted assessment (not by its authors, the model’s owner or its versions’ authors)`,
      )
      .argument('<model>')
      .argument('<id>')
      .requiredOption('--reason <text>')
      .action(async (model: string, id: string, options: { reason: string }, command: Command) => {
        const ctx = contextOf(command);
        const view = await ctx.client.compliance.decideAssessment(
          nameArg(model, 'model'),
          id,
          decision,
          options.reason,
        );
        ctx.out.result(
          view,
          () => `${view.id} (${view.kind}) ${view.status} by ${view.decidedBy ?? ''}`,
        );
      });
  }

  // ---- attestations ----
  compliance
    .command('attest')
    .description(
      'attest an attested sub-control (a training, a drill, a review), per model or organisation-wide',
    )
    .argument('<sub-control>', 'e.g. C5.4')
    .option('--model <model>', 'for sub-controls attested per model')
    .requiredOption('--statement <text>', 'what happened, when, who took part')
    .option('--reference <ref>', 'where the document lives: URL, document id, sha256:...')
    .option('--held-at <time>', 'when it happened (default now)', isoInstantOption)
    .action(
      async (
        subControl: string,
        options: { model?: string; statement: string; reference?: string; heldAt?: string },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const view = await ctx.client.compliance.attest({
          subControl,
          statement: options.statement,
          ...(options.model === undefined ? {} : { model: nameArg(options.model, 'model') }),
          ...(options.reference === undefined ? {} : { reference: options.reference }),
          ...(options.heldAt === undefined ? {} : { heldAt: options.heldAt }),
        });
        ctx.out.result(
          view,
          () =>
            `${view.subControl} attested${view.model === null ? '' : ` for ${view.model}`} by ${view.attestedBy}, valid until ${view.validUntil}`,
        );
      },
    );
  compliance
    .command('attestations')
    .description('attestations, newest first')
    .option('--model <model>')
    .option('--sub-control <id>')
    .action(async (options: { model?: string; subControl?: string }, command: Command) => {
      const ctx = contextOf(command);
      const items = await ctx.client.compliance.attestations({
        ...(options.model === undefined ? {} : { model: nameArg(options.model, 'model') }),
        ...(options.subControl === undefined ? {} : { subControl: options.subControl }),
      });
      ctx.out.result({ items }, () =>
        items.length === 0 ? 'No attestations.' : attestationsTable(items),
      );
    });

  // ---- posture ----
  compliance
    .command('posture')
    .description(
      'a model’s posture per control, with the detail and next step of every gap; without a model, the organisation’s',
    )
    .argument('[model]', 'model[@version]')
    .option('--version <ref>', 'the version to assess (default: deployed highest, else latest)')
    .option('--as-of <date>', 'as it stood then (YYYY-MM-DD or ISO time)')
    .action(
      async (
        model: string | undefined,
        options: { version?: string; asOf?: string },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const asOf = options.asOf === undefined ? {} : { asOf: options.asOf };
        if (model === undefined) {
          if (options.version !== undefined)
            throw new CliError('USAGE_ERROR', '--version needs a model');
          const org = await ctx.client.compliance.organisationPosture(asOf);
          ctx.out.result(org, () => organisationPostureText(org));
          return;
        }
        const target = modelVersion(model, options.version);
        const posture = await ctx.client.compliance.posture(target.model, {
          ...(target.version === undefined ? {} : { version: target.version }),
          ...asOf,
        });
        ctx.out.result(posture, () => postureText(posture));
      },
    );
  compliance
    .command('snapshot')
    .description('record every model’s posture now where it changed (for `diff --dates`)')
    .action(async (_o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const result = await ctx.client.compliance.snapshot();
      ctx.out.result(
        result,
        () => `recorded ${result.recorded} of ${result.models} models (the others had not changed)`,
      );
    });
  compliance
    .command('diff')
    .description('what changed between two versions, or between the postures recorded on two dates')
    .argument('<model>')
    .option('--versions <refs...>', 'two versions: FROM TO')
    .option('--dates <dates...>', 'two dates: FROM TO (YYYY-MM-DD or ISO times)')
    .action(
      async (
        model: string,
        options: { versions?: string[]; dates?: string[] },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const pair = options.versions ?? options.dates;
        if (
          (options.versions === undefined) === (options.dates === undefined) ||
          pair?.length !== 2
        ) {
          throw new CliError('USAGE_ERROR', 'give --versions A B or --dates D1 D2');
        }
        const diff = await ctx.client.compliance.diff(nameArg(model, 'model'), {
          by: options.versions === undefined ? 'date' : 'version',
          from: pair[0] as string,
          to: pair[1] as string,
        });
        ctx.out.result(diff, () => postureDiffText(diff));
      },
    );

  // ---- reports and exports ----
  compliance
    .command('report')
    .description(
      'a model report (or --framework ID, --organisation) as PDF, HTML, Markdown or JSON; prints the audit-cycle time',
    )
    .argument('[model]', 'model[@version]')
    .option('--framework <id>', 'the gap assessment of one framework over every model you may read')
    .option('--organisation', 'control effectiveness and KPIs across the organisation')
    .addOption(new Option('--format <format>').choices(FORMATS).default('pdf'))
    .option(
      '--version <ref>',
      'model reports: the version (default: deployed highest, else latest)',
    )
    .option('--as-of <date>', 'as it stood then (YYYY-MM-DD or ISO time)')
    .option('--out <file>', 'where to write it (default: the server’s file name; - for stdout)')
    .action(
      async (
        model: string | undefined,
        options: {
          framework?: string;
          organisation?: boolean;
          format: ReportFormat;
          version?: string;
          asOf?: string;
          out?: string;
        },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const chosen = [
          model !== undefined,
          options.framework !== undefined,
          options.organisation === true,
        ];
        if (chosen.filter(Boolean).length !== 1) {
          throw new CliError('USAGE_ERROR', 'give a model, --framework ID or --organisation');
        }
        const common = {
          format: options.format,
          ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
        };
        let request: ReportRequest;
        if (model !== undefined) {
          const target = modelVersion(model, options.version);
          request = { kind: 'model', ...target, ...common };
        } else if (options.version !== undefined) {
          throw new CliError('USAGE_ERROR', '--version goes with a model report');
        } else if (options.framework !== undefined) {
          request = { kind: 'framework', framework: options.framework, ...common };
        } else {
          request = { kind: 'organisation', ...common };
        }
        const report = await ctx.client.compliance.report(request);
        if (options.out === '-') {
          process.stdout.write(report.body);
          return;
        }
        const out = options.out ?? report.filename;
        await writeOut(out, report.body);
        ctx.out.result(
          {
            file: out,
            contentType: report.contentType,
            bytes: report.body.length,
            digest: report.digest,
            durationMs: report.durationMs,
          },
          () =>
            [
              `wrote ${out} (${report.body.length} bytes)`,
              fields([
                ['digest', report.digest],
                ['audit cycle', `${(report.durationMs / 1000).toFixed(2)} s to produce (ledgered)`],
              ]),
            ].join('\n'),
        );
      },
    );
  compliance
    .command('oscal')
    .description('the posture as OSCAL assessment results (JSON)')
    .option('--model <model>', 'one model (default: every model you may read)')
    .option('--framework <id>', 'only this framework’s requirements')
    .requiredOption('--out <file>', 'where to write it (- for stdout)')
    .action(
      async (options: { model?: string; framework?: string; out: string }, command: Command) => {
        const ctx = contextOf(command);
        const oscal = await ctx.client.compliance.oscal({
          ...(options.model === undefined ? {} : { model: nameArg(options.model, 'model') }),
          ...(options.framework === undefined ? {} : { framework: options.framework }),
        });
        const text = `${JSON.stringify(oscal, null, 2)}\n`;
        if (options.out === '-') {
          process.stdout.write(text);
          return;
        }
        await writeOut(options.out, text);
        ctx.out.result(
          { file: options.out, bytes: Buffer.byteLength(text) },
          () => `wrote ${options.out}`,
        );
      },
    );
  compliance
    .command('bundle')
    .description(
      'the compliance evidence bundle of a model version (check it offline: `verity audit verify-bundle`)',
    )
    .argument('<model>', 'model[@version]')
    .option('--version <ref>', 'default: deployed highest, else latest')
    .requiredOption('--out <file>', 'where to write it')
    .action(async (model: string, options: { version?: string; out: string }, command: Command) => {
      const ctx = contextOf(command);
      const target = modelVersion(model, options.version);
      const bundle = await ctx.client.compliance.bundle(
        target.model,
        target.version === undefined ? {} : { version: target.version },
      );
      // Written byte for byte: the bundle is canonical JSON, and verification checks that.
      await writeOut(options.out, bundle.text);
      ctx.out.result(
        { file: options.out, bytes: Buffer.byteLength(bundle.text) },
        () =>
          `wrote ${options.out}; check it anywhere with \`verity audit verify-bundle ${options.out} --key VKEY\``,
      );
    });
  compliance
    .command('kpis')
    .description('audit cycle time, checks automated and passing, MTTD, MTTR, lead times')
    .action(async (_o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const kpis = await ctx.client.compliance.kpis();
      ctx.out.result(kpis, () => kpisText(kpis));
    });
}
