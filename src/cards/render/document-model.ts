import type { ModelCard } from '../card-schema.js';
import { CARD_FIELDS } from '../templates.js';
import { TIER_LABELS } from './annex-iv.js';
import { annexCoverage, digestIndex } from './appendix.js';
import { BuildContext, code, text } from './build-context.js';
import type { CardDocument, CardHeader, FactRow, Tone } from './document-types.js';
import { formatInstant } from './format.js';
import type { RenderOptions } from './options.js';
import {
  compute,
  ethics,
  explainability,
  fairness,
  humanOversight,
  intendedUse,
  limitations,
  modelDetails,
  monitoring,
  riskClassification,
  robustness,
  trainingData,
} from './sections-described.js';
import { approvalHistory, changeLog, evaluation, lineage } from './sections-evidence.js';

const FIELD_ORDER = new Map(CARD_FIELDS.map((f, i) => [f.path, i]));
const fieldOrder = (path: string): number => FIELD_ORDER.get(path) ?? CARD_FIELDS.length;

function status(card: ModelCard, frozen: boolean): CardHeader['status'] {
  const approved = [
    ...new Set(
      card.evidence.promotions.filter((p) => p.status === 'approved').map((p) => p.environment),
    ),
  ];
  const approval =
    approved.length === 0
      ? 'not approved for any environment'
      : `approved for ${approved.join(', ')}`;
  const label = `${frozen ? 'Frozen' : 'Draft'} · ${approval}`;
  const tone: Tone = approved.length > 0 ? 'good' : frozen ? 'neutral' : 'warn';
  return { frozen, label, tone };
}

function header(ctx: BuildContext): CardHeader {
  const { card, options } = ctx;
  const { model } = card.evidence;
  const st = status(card, options.frozen);
  const row = (label: string, value: FactRow['value']): FactRow => ({ label, annexIV: '', value });
  const facts: FactRow[] = [
    row('Model', [code(model.ref)]),
    row('Version', [code(model.version)]),
    row('EU AI Act tier', [text(TIER_LABELS[card.tier])]),
    row('Owner', [text(model.owner)]),
    { ...ctx.fact('details.provider'), label: 'Provider' },
    row('Card revision', [text(String(options.revision))]),
    row('Status', [{ kind: 'badge', text: st.label, tone: st.tone }]),
    row('Generated at', [text(formatInstant(options.generatedAt))]),
  ];
  if (options.digest !== undefined)
    facts.push(row('Card digest', [{ kind: 'digest', value: options.digest, ref: null }]));
  facts.push(row('Schema', [code(card.schemaVersion)]));
  const c = options.completeness;
  return {
    title: `${model.ref} ${model.version}`,
    modelRef: model.ref,
    version: model.version,
    summary: model.description,
    facts,
    completeness: {
      tier: c.tier,
      score: c.score,
      present: c.present,
      required: c.required,
      // In document order, so the list reads like the card instead of like the template.
      missing: [...c.missing].sort((a, b) => fieldOrder(a.path) - fieldOrder(b.path)),
    },
    status: st,
    generatedAt: options.generatedAt,
  };
}

/**
 * The card as an ordered document: a title block, sections 1–16 and two appendices (Annex IV
 * coverage, full digests). Pure: the same card and options give the same document.
 */
export function buildCardDocument(card: ModelCard, options: RenderOptions): CardDocument {
  const ctx = new BuildContext(card, options);
  const head = header(ctx);
  // The order of these calls is the order digests are numbered in, i.e. document order.
  const sections = [
    modelDetails(ctx),
    intendedUse(ctx),
    riskClassification(ctx),
    trainingData(ctx),
    evaluation(ctx),
    fairness(ctx),
    explainability(ctx),
    robustness(ctx),
    humanOversight(ctx),
    limitations(ctx),
    ethics(ctx),
    compute(ctx),
    monitoring(ctx),
    lineage(ctx),
    approvalHistory(ctx),
    changeLog(ctx),
    annexCoverage(ctx),
  ];
  sections.push(digestIndex(ctx));
  return { header: head, sections };
}
