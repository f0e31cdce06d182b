import type { CardEvidence, DatasetEvidence, ModelCard } from '../cards/card-schema.js';
import { parseRef, ValidationError, type Issue } from '../lib/index.js';
import { buildModelCard } from './cyclonedx-model-card.js';
import type {
  CdxComponent,
  CdxExternalReference,
  CdxHash,
  CdxProperty,
  CycloneDxBom,
} from './cyclonedx-types.js';
import { compareCodeUnits, field, gitUrl, isAbsoluteUri, nonBlank, sha256Hex } from './fields.js';

/*
 * A model card as a CycloneDX 1.6 ML-BOM (standards.md §9). Pure: the serial number and the
 * timestamp come from the caller, so the same card and options give the same bytes.
 *
 * Shape of the BOM:
 * - `metadata.component` is the model (`machine-learning-model`), the subject of the BOM. It is not
 *   repeated in `components`: CycloneDX requires every `bom-ref` to be unique within a BOM.
 * - The model's `hashes` hold the SHA-256 of its primary artifact (the file in the model's format,
 *   else the largest). A component's `hashes` are several algorithms over one thing, so the other
 *   files cannot go there: every artifact, the primary one included, is also a nested `file`
 *   component with its own hash, so a verifier can check each file it downloads.
 * - `components` holds the training and evaluation datasets as `data` components, referenced from
 *   `modelCard.modelParameters.datasets`; `dependencies` says the model depends on them.
 * - The model card itself is built in `cyclonedx-model-card.ts`.
 */

/** What `buildMlBom` needs besides the card. */
export interface MlBomOptions {
  /** An RFC 4122 UUID (with or without `urn:uuid:`); the caller draws it. */
  serialNumber: string;
  /** When the BOM is made: ISO 8601 with a time zone, from the caller's clock. */
  timestamp: string;
  /** Verity's version, named in `metadata.tools`. */
  toolVersion: string;
  /** The card's completeness score for its tier (0..1), when the caller has computed it. */
  completeness?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

/** The card as a CycloneDX 1.6 ML-BOM; throws `ValidationError` listing every bad option. */
export function buildMlBom(card: ModelCard, options: MlBomOptions): CycloneDxBom {
  const serial = checkOptions(options);
  const datasets = datasetUses(card.evidence);
  const datasetRefs = datasets.map((d) => d.bomRef);
  const model = modelComponent(card, datasetRefs, options.completeness);
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${serial}`,
    version: 1,
    metadata: {
      timestamp: options.timestamp,
      tools: {
        components: [{ type: 'application', name: 'verity', version: options.toolVersion }],
      },
      component: model,
    },
    components: datasets.map(dataComponent),
    dependencies: [
      { ref: modelBomRef(card.evidence.model), ...field('dependsOn', datasetRefs) },
      ...datasetRefs.map((ref) => ({ ref })),
    ],
  };
}

function checkOptions(options: MlBomOptions): string {
  const issues: Issue[] = [];
  const serial = options.serialNumber.replace(/^urn:uuid:/i, '').toLowerCase();
  if (!UUID.test(serial))
    issues.push({ code: 'invalid_format', path: ['serialNumber'], message: 'must be a UUID' });
  if (!DATE_TIME.test(options.timestamp) || Number.isNaN(Date.parse(options.timestamp)))
    issues.push({
      code: 'invalid_format',
      path: ['timestamp'],
      message: 'must be an ISO 8601 date-time with a time zone',
    });
  if (options.toolVersion.trim() === '')
    issues.push({ code: 'too_small', path: ['toolVersion'], message: 'must not be empty' });
  const score = options.completeness;
  if (score !== undefined && !(score >= 0 && score <= 1))
    issues.push({ code: 'invalid_value', path: ['completeness'], message: 'must be in 0..1' });
  if (issues.length > 0) throw new ValidationError('invalid ML-BOM options', issues);
  return serial;
}

function modelBomRef(model: CardEvidence['model']): string {
  return `model:${model.namespace}/${model.name}@${model.version}`;
}

function hashesOf(digest: string): CdxHash[] | undefined {
  const hex = sha256Hex(digest);
  return hex === undefined ? undefined : [{ alg: 'SHA-256', content: hex }];
}

const FORMAT_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  onnx: ['.onnx'],
  safetensors: ['.safetensors'],
  pytorch: ['.pt', '.pth', '.bin'],
  pickle: ['.pkl', '.pickle', '.joblib'],
};

type Artifact = CardEvidence['artifacts'][number];

/** The file in the model's format (first in card order), else the largest (first on ties). */
function primaryArtifact(artifacts: readonly Artifact[], format: string): Artifact | undefined {
  const extensions = FORMAT_EXTENSIONS[format] ?? [];
  const inFormat = artifacts.find((a) => extensions.some((x) => a.path.endsWith(x)));
  return (
    inFormat ??
    artifacts.reduce<Artifact | undefined>((a, b) => (a && a.size >= b.size ? a : b), undefined)
  );
}

function modelComponent(
  card: ModelCard,
  datasetRefs: readonly string[],
  completeness: number | undefined,
): CdxComponent {
  const { model, artifacts } = card.evidence;
  const details = card.authored.details;
  const ref = modelBomRef(model);
  const primary = primaryArtifact(artifacts, model.format);
  const provider = details?.provider === undefined ? undefined : { name: details.provider };
  return {
    type: 'machine-learning-model',
    'bom-ref': ref,
    group: model.namespace,
    name: model.name,
    version: model.version,
    ...field('description', nonBlank(details?.description) ?? nonBlank(model.description)),
    // The AI Act provider (Art 3(3)) both develops the model and places it on the market.
    ...field('supplier', provider),
    ...field('manufacturer', provider),
    ...field('authors', nonBlank(model.author) === undefined ? [] : [{ name: model.author }]),
    ...field('hashes', primary === undefined ? undefined : hashesOf(primary.digest)),
    ...field(
      'licenses',
      details?.licence === undefined ? [] : [{ license: { name: details.licence } }],
    ),
    ...field('externalReferences', externalReferences(card)),
    ...field('properties', modelProperties(card, completeness)),
    ...field(
      'components',
      artifacts.map((a): CdxComponent => ({
        type: 'file',
        'bom-ref': `file:${model.namespace}/${model.name}@${model.version}/${a.path}`,
        name: a.path,
        ...field('hashes', hashesOf(a.digest)),
        properties: [{ name: 'verity:sizeBytes', value: String(a.size) }],
      })),
    ),
    ...field('modelCard', buildModelCard(card, datasetRefs)),
  };
}

function externalReferences(card: ModelCard): CdxExternalReference[] {
  const { codeRepository, codeCommit } = card.evidence.lineage;
  const vcs = codeRepository === null ? undefined : gitUrl(codeRepository);
  const refs: CdxExternalReference[] = [];
  if (vcs !== undefined)
    refs.push({
      type: 'vcs',
      url: vcs,
      ...field('comment', codeCommit === null ? undefined : `commit ${codeCommit}`),
    });
  for (const contact of card.authored.details?.contacts ?? []) {
    if (EMAIL.test(contact)) refs.push({ type: 'support', url: `mailto:${contact}` });
    else if (isAbsoluteUri(contact)) refs.push({ type: 'support', url: contact });
  }
  return refs;
}

function modelProperties(card: ModelCard, completeness: number | undefined): CdxProperty[] {
  const { model, lineage, signatures, gateDecisions, promotions, deployments } = card.evidence;
  const repository = lineage.codeRepository;
  const pairs: [string, string | null | undefined][] = [
    ['verity:euAiActTier', card.tier],
    ['verity:riskTier', model.riskTier],
    ['verity:annexIIIArea', card.authored.risk?.annexIIIArea],
    ['verity:card:schemaVersion', card.schemaVersion],
    ['verity:card:completeness', completeness === undefined ? undefined : String(completeness)],
    ['verity:owner', model.owner],
    ['verity:useCase', model.useCase],
    ['verity:format', model.format],
    ['verity:versionSeq', String(model.seq)],
    ['verity:createdAt', model.createdAt],
    ['verity:lineage:run', lineage.run],
    ['verity:lineage:runStatus', lineage.runStatus],
    // Kept as written; the `vcs` reference holds it as a URL when it can be one.
    ['verity:lineage:codeRepository', repository],
    ['verity:lineage:codeCommit', lineage.codeCommit],
    ['verity:lineage:imageDigest', lineage.imageDigest],
    ...lineage.packages.map((p): [string, string] => ['verity:lineage:package', p]),
    ...Object.entries(lineage.params)
      .sort(([a], [b]) => compareCodeUnits(a, b))
      .map(([k, v]): [string, string | undefined] => [
        `verity:lineage:param:${k}`,
        typeof v === 'string' ? v : JSON.stringify(v),
      ]),
    ...(card.authored.details?.contacts ?? [])
      .filter((c) => !EMAIL.test(c) && !isAbsoluteUri(c))
      .map((c): [string, string] => ['verity:contact', c]),
    ...signatures.map((s): [string, string] => [
      'verity:signature',
      `${s.signer} ${s.algorithm} key ${s.keyHint} at ${s.signedAt}: ${s.valid ? 'valid' : 'invalid'}`,
    ]),
    ...gateDecisions.map((g): [string, string] => [
      'verity:gate',
      `${g.environment} ${g.outcome} at ${g.evaluatedAt} by ${g.evaluatedBy} (${g.packs.join(', ')})`,
    ]),
    ...promotions.flatMap((p) => [
      [
        'verity:promotion',
        `${p.environment} ${p.status}, requested by ${p.requestedBy} at ${p.requestedAt}`,
      ] as [string, string],
      ...p.approvals.map((a): [string, string] => [
        'verity:approval',
        `${p.environment} ${a.decision} by ${a.approver} (${a.role}) at ${a.decidedAt}: ${a.reason}`,
      ]),
    ]),
    ...deployments.map((d): [string, string] => [
      'verity:deployment',
      `${d.environment} ${d.kind} by ${d.actor} at ${d.deployedAt}`,
    ]),
  ];
  return pairs.flatMap(([name, value]) =>
    nonBlank(value) === undefined ? [] : [{ name, value: value! }],
  );
}

interface DatasetUse {
  bomRef: string;
  dataset: DatasetEvidence;
  roles: ('training' | 'evaluation')[];
}

/** Training then evaluation datasets, one entry per dataset version (by `bom-ref`). */
function datasetUses(evidence: CardEvidence): DatasetUse[] {
  const uses = new Map<string, DatasetUse>();
  const add = (dataset: DatasetEvidence, role: 'training' | 'evaluation') => {
    const parsed = parseRef(dataset.ref);
    const bomRef = `dataset:${parsed?.ref === undefined ? dataset.ref : `${parsed.namespace}/${parsed.name}@${parsed.ref}`}`;
    const use = uses.get(bomRef);
    if (use === undefined) uses.set(bomRef, { bomRef, dataset, roles: [role] });
    else if (!use.roles.includes(role)) use.roles.push(role);
  };
  for (const d of evidence.trainingDatasets) add(d, 'training');
  for (const d of evidence.evaluationDatasets) add(d, 'evaluation');
  return [...uses.values()];
}

const MAX_LISTED_COLUMNS = 100;

function dataComponent({ bomRef, dataset, roles }: DatasetUse): CdxComponent {
  const parsed = parseRef(dataset.ref);
  const columns = dataset.columns.slice(0, MAX_LISTED_COLUMNS).join(', ');
  const more = dataset.columns.length - MAX_LISTED_COLUMNS;
  const description = [
    `${roles.join(' and ')} dataset`,
    dataset.rows === null ? undefined : `${dataset.rows} rows`,
    columns === '' ? undefined : `columns: ${columns}${more > 0 ? ` and ${more} more` : ''}`,
  ]
    .filter((part) => part !== undefined)
    .join('; ');
  const url =
    dataset.sourceUri !== null && isAbsoluteUri(dataset.sourceUri) ? dataset.sourceUri : undefined;
  return {
    type: 'data',
    'bom-ref': bomRef,
    ...field('group', parsed?.namespace),
    name: parsed?.name ?? dataset.ref,
    ...field('version', parsed?.ref),
    ...field('hashes', hashesOf(dataset.digest)),
    data: [
      {
        type: 'dataset',
        name: dataset.ref,
        ...field('contents', url === undefined ? undefined : { url }),
        description: description.charAt(0).toUpperCase() + description.slice(1),
      },
    ],
    properties: roles.map((role) => ({ name: 'verity:datasetRole', value: role })),
  };
}
