import { ANNEX_III_LABELS, TIER_LABELS } from './annex-iv.js';
import { badge, code, section, text, type BuildContext } from './build-context.js';
import type { CardSection, Cell, FactsBlock } from './document-types.js';
import { formatInstant, formatNumber, groupThousands } from './format.js';

/*
 * Sections that are mostly what people wrote: model details, intended use, risk, training data
 * and the descriptive sections 6 to 13.
 */

function facts(id: string, title: string, rows: FactsBlock['rows']): FactsBlock {
  return { kind: 'facts', id, title, rows };
}

export function modelDetails(ctx: BuildContext): CardSection {
  const { model, artifacts, signatures } = ctx.card.evidence;
  const identity = ctx.annex('evidence.model');
  const row = (label: string, value: Cell) => ({ label, annexIV: identity, value });
  return section('model-details', '1', 'Model details', [
    facts('identity', 'Identity', [
      row('Model', [code(model.ref)]),
      row('Namespace', [text(model.namespace)]),
      row('Version', [code(model.version), text(` (registry sequence ${model.seq})`)]),
      row('Format', [text(model.format)]),
      row('Registered owner', [text(model.owner)]),
      row('Version author', [text(model.author)]),
      row('Registered at', [text(formatInstant(model.createdAt))]),
      row('Use case', [
        model.useCase.trim() === ''
          ? ctx.missing('evidence.model', 'Not recorded')
          : text(model.useCase),
      ]),
      row('Registered risk tier', [
        model.riskTier === null
          ? ctx.missing('evidence.model', 'Not classified')
          : text(model.riskTier),
      ]),
      ctx.fact('details.type'),
      ctx.fact('details.provider'),
      ctx.fact('details.licence'),
      ctx.fact('details.owners'),
      ctx.fact('details.contacts'),
    ]),
    ctx.field('details.description'),
    ctx.field('details.architecture'),
    ctx.field('details.developmentMethod'),
    ctx.field('details.designChoices'),
    ctx.field('details.inputSpecification'),
    ctx.table(
      'evidence.artifacts',
      ['Path', ['Size (bytes)', 'numeric'], 'SHA-256 digest'],
      artifacts.map((a) => [
        [code(a.path)],
        [text(groupThousands(a.size))],
        [ctx.digest(a.digest, `Artifact ${a.path}`)],
      ]),
    ),
    ctx.table(
      'evidence.signatures',
      ['Signer', 'Algorithm', 'Key', ['Signed at', 'instant'], 'Verification'],
      signatures.map((s) => [
        [text(s.signer)],
        [code(s.algorithm)],
        [ctx.digest(s.keyHint, `Signing key ${s.signer}`)],
        [text(formatInstant(s.signedAt))],
        [s.valid ? badge('Valid', 'good') : badge('Invalid', 'bad')],
      ]),
    ),
  ]);
}

export function intendedUse(ctx: BuildContext): CardSection {
  return section('intended-use', '2', 'Intended use', [
    ctx.field('intendedUse.purpose'),
    ctx.field('intendedUse.intendedUsers'),
    ctx.field('intendedUse.outOfScopeUses'),
    ctx.field('intendedUse.affectedPersons'),
    ctx.field('intendedUse.deploymentContext'),
    ctx.field('intendedUse.instructionsForUse'),
  ]);
}

export function riskClassification(ctx: BuildContext): CardSection {
  const label = (labels: Readonly<Record<string, string>>) => (value: unknown) => [
    text(labels[String(value)] ?? String(value)),
  ];
  return section('risk-classification', '3', 'Risk classification', [
    facts('classification', 'Classification', [
      ctx.fact('risk.tier', label(TIER_LABELS)),
      {
        label: 'Template applied',
        annexIV: ctx.annex('risk.tier'),
        value: [text(TIER_LABELS[ctx.card.tier])],
      },
      ctx.fact('risk.annexIIIArea', label(ANNEX_III_LABELS)),
      ctx.fact('lifecycle.declarationOfConformity'),
    ]),
    ctx.field('risk.classificationRationale'),
    ctx.field('risk.riskManagement'),
    ctx.field('lifecycle.standardsApplied'),
  ]);
}

export function trainingData(ctx: BuildContext): CardSection {
  return section('training-data', '4', 'Training data', [
    ctx.table(
      'evidence.trainingDatasets',
      ['Dataset', 'Digest', ['Rows', 'numeric'], 'Columns', 'Source'],
      ctx.card.evidence.trainingDatasets.map((d) => [
        [code(d.ref)],
        [ctx.digest(d.digest, `Training dataset ${d.ref}`)],
        [
          d.rows === null
            ? ctx.missing('evidence.trainingDatasets', 'Unknown')
            : text(groupThousands(d.rows)),
        ],
        [text(d.columns.length === 0 ? '—' : `${d.columns.length}: ${d.columns.join(', ')}`)],
        [
          d.sourceUri === null
            ? ctx.missing('evidence.trainingDatasets', 'Not recorded')
            : code(d.sourceUri),
        ],
      ]),
    ),
    ctx.field('trainingData.provenance'),
    ctx.field('trainingData.preparation'),
    ctx.field('trainingData.knownBiases'),
  ]);
}

export function fairness(ctx: BuildContext): CardSection {
  return section('fairness', '6', 'Fairness', [
    ctx.field('fairness.groupsConsidered'),
    ctx.field('fairness.analysis'),
    ctx.field('fairness.mitigations'),
  ]);
}

export function explainability(ctx: BuildContext): CardSection {
  return section('explainability', '7', 'Explainability', [
    ctx.field('explainability.approach'),
    ctx.field('explainability.interpretationAids'),
  ]);
}

export function robustness(ctx: BuildContext): CardSection {
  return section('robustness', '8', 'Robustness and cybersecurity', [
    ctx.field('robustness.robustness'),
    ctx.field('robustness.cybersecurity'),
  ]);
}

export function humanOversight(ctx: BuildContext): CardSection {
  return section('human-oversight', '9', 'Human oversight', [ctx.field('humanOversight.measures')]);
}

export function limitations(ctx: BuildContext): CardSection {
  return section('limitations', '10', 'Limitations and risks', [
    ctx.field('limitations.known'),
    ctx.field('limitations.risks'),
    ctx.field('limitations.mitigations'),
  ]);
}

export function ethics(ctx: BuildContext): CardSection {
  const items = ctx.card.authored.ethics ?? [];
  return section('ethics', '11', 'Ethical considerations', [
    ctx.table(
      'ethics',
      ['Consideration', 'Mitigation strategy'],
      items.map((e) => [
        [text(e.name)],
        [e.mitigation === undefined ? ctx.missing('ethics') : text(e.mitigation)],
      ]),
      { emptyLabel: 'Not provided' },
    ),
  ]);
}

export function compute(ctx: BuildContext): CardSection {
  const number = (value: unknown) => [text(formatNumber(Number(value)))];
  return section('compute', '12', 'Compute and environmental impact', [
    facts('compute-facts', 'Resources', [
      ctx.fact('compute.hardware'),
      ctx.fact('compute.trainingDuration'),
      ctx.fact('compute.energyKwh', number),
      ctx.fact('compute.co2Tonnes', number),
    ]),
    ctx.field('compute.notes'),
  ]);
}

export function monitoring(ctx: BuildContext): CardSection {
  const status = ctx.card.evidence.monitoring;
  const annexIV = ctx.annex('evidence.monitoring');
  const active = status.monitors > 0;
  return section('monitoring', '13', 'Monitoring plan and status', [
    ctx.field('monitoring.plan'),
    facts('monitoring-status', 'Monitoring status', [
      {
        label: 'Status',
        annexIV,
        value: [badge(status.status, active ? 'good' : 'warn')],
      },
      {
        label: 'Active monitors',
        annexIV,
        value: [
          active ? text(String(status.monitors)) : ctx.missing('evidence.monitoring', 'None'),
        ],
      },
      {
        label: 'Open alerts',
        annexIV,
        value: [badge(String(status.openAlerts), status.openAlerts > 0 ? 'bad' : 'neutral')],
      },
    ]),
  ]);
}
