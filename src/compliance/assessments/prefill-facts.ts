import type { Kysely, Transaction } from 'kysely';
import type { ModelRow } from '../../registry/index.js';
import type { Database } from '../../store/index.js';
import type { ModelScope } from '../posture/types.js';
import type { PrefillFacts } from '../questionnaires/index.js';

type Db = Kysely<Database> | Transaction<Database>;

const list = (items: unknown): string | undefined =>
  Array.isArray(items) && items.length > 0 ? items.map(String).join('; ') : undefined;
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/**
 * What an assessment can be pre-filled with: the model, its latest version's card, the data its
 * training run read, its monitors, its latest bias audit and its recorded scope.
 */
export async function gatherPrefillFacts(db: Db, model: ModelRow): Promise<PrefillFacts> {
  const facts: PrefillFacts = {
    'model.name': model.name,
    'model.owner': model.owner,
  };
  const put = (key: keyof PrefillFacts, value: string | undefined) => {
    if (value !== undefined) facts[key] = value;
  };
  put('model.description', text(model.description));
  put('model.useCase', text(model.use_case));
  const version = await db
    .selectFrom('model_versions')
    .select(['id', 'run_id'])
    .where('model_id', '=', model.id)
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  if (version !== undefined) {
    const card = await db
      .selectFrom('model_cards')
      .select('authored')
      .where('version_id', '=', version.id)
      .orderBy('revision', 'desc')
      .executeTakeFirst();
    const authored = (card?.authored ?? {}) as Record<string, Record<string, unknown> | undefined>;
    put('card.intendedUse', text(authored.intendedUse?.purpose));
    put('card.outOfScopeUse', list(authored.intendedUse?.outOfScopeUses));
    put('card.limitations', list(authored.limitations?.known));
    put('card.humanOversight', text(authored.humanOversight?.measures));
    if (version.run_id !== null) {
      const inputs = await db
        .selectFrom('run_inputs')
        .innerJoin('dataset_versions', 'dataset_versions.id', 'run_inputs.dataset_version_id')
        .innerJoin('datasets', 'datasets.id', 'dataset_versions.dataset_id')
        .select(['datasets.name', 'dataset_versions.label'])
        .where('run_inputs.run_id', '=', version.run_id)
        .execute();
      put('data.datasets', list(inputs.map((i) => `${i.name}@${i.label}`)));
    }
    const evaluation = await db
      .selectFrom('evaluations')
      .select(['summary', 'name'])
      .where('version_id', '=', version.id)
      .orderBy('created_at', 'desc')
      .execute();
    const audited = evaluation.find((e) =>
      ((e.summary as { kinds?: string[] }).kinds ?? []).includes('bias-audit'),
    );
    if (audited !== undefined) {
      const summary = audited.summary as {
        metrics: Record<string, number>;
        fairness: { metric: string; attribute: string; group: string; value: number }[];
      };
      const attributes = [...new Set(summary.fairness.map((f) => f.attribute))];
      put('data.protectedAttributes', list(attributes));
      const ratios = summary.fairness.filter((f) => f.metric === 'impact_ratio');
      const worst = ratios.reduce<(typeof ratios)[number] | undefined>(
        (a, b) => (a === undefined || b.value < a.value ? b : a),
        undefined,
      );
      if (worst !== undefined)
        put(
          'evaluation.fairness',
          `Bias audit '${audited.name}': lowest impact ratio ${worst.value.toFixed(3)} for ${worst.attribute}=${worst.group}${worst.value < 0.8 ? ' (below the four-fifths benchmark)' : ''}.`,
        );
    }
  }
  const monitors = await db
    .selectFrom('monitors')
    .select(['name', 'environment', 'config', 'active'])
    .where('model_id', '=', model.id)
    .execute();
  if (monitors.length > 0)
    put(
      'monitoring.summary',
      monitors
        .map((m) => {
          const config = m.config as { performance?: unknown[]; fairness?: unknown[] };
          const checks = ['drift'];
          if ((config.performance ?? []).length > 0) checks.push('performance');
          if ((config.fairness ?? []).length > 0) checks.push('fairness');
          return `${m.name} on ${m.environment}${m.active ? '' : ' (inactive)'}: ${checks.join(', ')}`;
        })
        .join('; '),
    );
  const scope = await db
    .selectFrom('model_scopes')
    .select('scope')
    .where('model_id', '=', model.id)
    .orderBy('revision', 'desc')
    .executeTakeFirst();
  if (scope !== undefined) {
    const s = scope.scope as ModelScope;
    put('scope.jurisdictions', s.jurisdictions.join(', '));
    if (s.euClassification !== null) put('scope.euTier', s.euClassification.tier);
  }
  return facts;
}
