import { boostedStumpsOnnx, logisticRegressionOnnx } from '../evaluation/onnx/index.js';
import { sha256Digest, sha256Hex, type Digest } from '../lib/index.js';
import type {
  CreateRunInput,
  RegisterDatasetVersionInput,
  RegisterVersionInput,
} from '../registry/index.js';
import {
  applicationsToCsv,
  CREDIT_APPLICATION_COLUMNS,
  generateApplications,
  type CreditApplication,
} from './credit-applications.js';
import {
  encodeFeatures,
  FEATURE_NAMES,
  fitBoostedStumps,
  fitLogisticRegression,
  ONE_HOT_STATUSES,
  predictBoosted,
  predictLogistic,
  type TrainingSet,
  type TrainingHistory,
} from './credit-models.js';
import {
  FRAUD_REVIEW_THRESHOLD,
  FRAUD_WEIGHTS,
  fraudScore,
  generateTransactions,
} from './fraud-scorecard.js';
import { approvalRateParity, brierScore, ksStatistic, logLoss, rocAuc } from './scoring-metrics.js';

/**
 * Everything the demo registers, built without IO: dataset files (bytes and digests), training
 * runs, model versions with their artifact bytes. Deterministic, so two starts seed identical
 * content, and the tests can rebuild it to check what the registry holds.
 */

/** A file with its bytes and the manifest entry the registry records for it. */
export interface DemoFile {
  path: string;
  size: number;
  digest: Digest;
  bytes: Buffer;
}

/** A model version to register, with the artifact bytes to put in the blob store first. */
export interface DemoModelVersion {
  /** Registration input without `runId` (known only once the run exists) and with byte files. */
  input: Omit<RegisterVersionInput, 'runId' | 'files'>;
  files: DemoFile[];
}

/** The demo's registrations, grouped by what they describe. */
export interface DemoContent {
  datasetVersions: { q3: RegisterDatasetVersionInput; q4: RegisterDatasetVersionInput };
  /** The dataset files' bytes; not uploaded to Verity (only their digests are recorded). */
  datasetFiles: { q3: DemoFile; q4: DemoFile };
  runs: { logistic: CreateRunInput; boosted: CreateRunInput };
  creditRisk: { v100: DemoModelVersion; v110: DemoModelVersion };
  fraudScreening: { v100: DemoModelVersion };
  /**
   * The out-of-time holdout (last 20% of 2025-q4) as the models see it: encoded features, the
   * outcome and the applicant's age band, for `verity evaluate`. Uploaded as a blob only.
   */
  holdout: DemoFile;
  /**
   * Each credit-risk version's probability of default for an application, as production computes
   * it from the features it receives: the demo's traffic is scored by the version serving it.
   */
  scoreCredit: { v100: (a: CreditApplication) => number; v110: (a: CreditApplication) => number };
}

/** Registry names the seed, the tests and the benchmark refer to. */
export const DATASET_NAME = 'credit-applications';
export const CREDIT_MODEL = 'credit-risk';
export const FRAUD_MODEL = 'payments/fraud-screening';
/** Approve an application when its predicted probability of default is below this. */
export const APPROVAL_CUTOFF = 0.15;

const SOURCE_BUCKET = 's3://northwind-risk-datalake/credit-applications';
const CODE_REPOSITORY = 'https://github.com/northwind-lending/credit-risk-models';

function demoFile(path: string, content: string | Uint8Array): DemoFile {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  return { path, size: bytes.length, digest: sha256Digest(bytes), bytes };
}

const manifest = (f: DemoFile) => ({ path: f.path, size: f.size, digest: f.digest });
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
/** A stable, realistic-looking commit id for a named change in the fictional repository. */
const commitFor = (change: string) => sha256Hex(`${CODE_REPOSITORY}#${change}`).slice(0, 40);

function toTrainingSet(rows: readonly CreditApplication[]): TrainingSet {
  return { x: rows.map(encodeFeatures), y: rows.map((r) => r.defaulted) };
}

/** Age bands of the approval-rate parity metric and the bias audit (age is a protected basis). */
function ageBand(age: number): string {
  return age < 25 ? '21-24' : age < 35 ? '25-34' : age < 50 ? '35-49' : '50+';
}

/** The metrics a version records: discrimination, calibration and approval-rate parity. */
function evaluate(scores: number[], rows: readonly CreditApplication[]): Record<string, number> {
  const labels = rows.map((r) => r.defaulted);
  const approvals = approvalRateParity(
    scores,
    rows.map((r) => ageBand(r.age)),
    APPROVAL_CUTOFF,
  );
  return {
    auc: r4(rocAuc(scores, labels)),
    ks: r4(ksStatistic(scores, labels)),
    brier: r4(brierScore(scores, labels)),
    log_loss: r4(logLoss(scores, labels)),
    approval_rate: r4(approvals.overall),
    approval_rate_parity_age: r4(approvals.parity),
    holdout_rows: rows.length,
  };
}

/** Loss curves as stepped run metrics, then the final evaluation at the last step. */
function runMetrics(
  history: TrainingHistory,
  final: Record<string, number>,
): NonNullable<CreateRunInput['metrics']> {
  const steps = history.trainLoss.length;
  return [
    ...history.trainLoss.map((value, i) => ({ key: 'train_loss', value: r4(value), step: i + 1 })),
    ...history.validationLoss.map((value, i) => ({
      key: 'validation_loss',
      value: r4(value),
      step: i + 1,
    })),
    ...Object.entries(final).map(([key, value]) => ({ key, value, step: steps })),
  ];
}

/**
 * How Verity runs the ONNX artifacts (docs/evaluation.md): the encoded feature columns in model
 * order, the employment-status indicators as one one-hot variable; the score is the probability
 * of default, and an application is referred at or above the approval cutoff.
 */
const INPUT_SCHEMA = {
  tensor: 'input',
  columns: FEATURE_NAMES.map((name) =>
    name.startsWith('employment_status=')
      ? { name, type: 'numeric', oneHotGroup: 'employment_status' }
      : { name, type: 'numeric' },
  ),
};
const OUTPUT_SCHEMA = {
  task: 'binary-classification',
  score: { output: 'probability', index: 0 },
  threshold: APPROVAL_CUTOFF,
};

/** The evaluation file: one row per application, features encoded as the models take them. */
function holdoutCsv(rows: readonly CreditApplication[]): string {
  const header = [...FEATURE_NAMES, 'defaulted', 'age_band'];
  const lines = rows.map((r) =>
    [...encodeFeatures(r), r.defaulted ? 1 : 0, ageBand(r.age)].join(','),
  );
  return `${header.join(',')}\n${lines.join('\n')}\n`;
}

const FEATURE_TRANSFORMS = {
  log_income: 'ln(income)',
  log_loan_amount: 'ln(loan_amount)',
};
const ONE_HOT = {
  column: 'employment_status',
  reference: 'employed',
  categories: ONE_HOT_STATUSES,
};

function readme(title: string, body: string[]): string {
  return [
    `# ${title}`,
    '',
    ...body,
    '',
    '## Provenance',
    '',
    'Demo content seeded by `verity server --demo`. The applications are synthetic (a seeded',
    'generator with a known default process); the model was fitted on them when the demo was',
    'seeded, so every coefficient and metric here is real for that synthetic data and for',
    'nothing else.',
    '',
  ].join('\n');
}

function metricsTable(metrics: Record<string, number>): string[] {
  return [
    '| metric | value |',
    '|---|---|',
    ...Object.entries(metrics).map(([k, v]) => `| ${k} | ${v} |`),
  ];
}

/** Builds the whole demo content; pure and deterministic (about a second of CPU at most). */
export function buildDemoContent(): DemoContent {
  const q3Rows = generateApplications({
    seed: 20250930,
    rows: 4816,
    incomeGrowth: 1,
    unemploymentShift: 0,
  });
  const q4Rows = generateApplications({
    seed: 20251231,
    rows: 5274,
    incomeGrowth: 1.012,
    unemploymentShift: 0.015,
  });
  const q3File = demoFile('applications.csv', applicationsToCsv(q3Rows));
  const q4File = demoFile('applications.csv', applicationsToCsv(q4Rows));
  const datasetVersion = (
    label: string,
    file: DemoFile,
    rowCount: number,
    period: string,
  ): RegisterDatasetVersionInput => ({
    label,
    files: [manifest(file)],
    columns: CREDIT_APPLICATION_COLUMNS.map((c) => ({ ...c })),
    rowCount,
    sourceUri: `${SOURCE_BUCKET}/${label}/applications.csv`,
    tags: { period, pii: 'pseudonymised', extract: 'loan-origination-system' },
  });

  // Run 1: logistic regression on 2025-q3, the last 20% held out.
  const q3Split = Math.floor(q3Rows.length * 0.8);
  const lrParams = { epochs: 60, learningRate: 1, l2: 0.001 };
  const lr = fitLogisticRegression(
    toTrainingSet(q3Rows.slice(0, q3Split)),
    toTrainingSet(q3Rows.slice(q3Split)),
    lrParams,
  );
  const lrHoldout = q3Rows.slice(q3Split);
  const lrMetrics = evaluate(
    lrHoldout.map((r) => predictLogistic(lr.model, encodeFeatures(r))),
    lrHoldout,
  );

  // Run 2: boosted stumps on 2025-q3 plus the first 80% of 2025-q4; the rest of q4 held out.
  const q4Split = Math.floor(q4Rows.length * 0.8);
  const gbParams = { rounds: 80, learningRate: 0.1, bins: 32, l2: 1 };
  const gb = fitBoostedStumps(
    toTrainingSet([...q3Rows, ...q4Rows.slice(0, q4Split)]),
    toTrainingSet(q4Rows.slice(q4Split)),
    gbParams,
  );
  const gbHoldout = q4Rows.slice(q4Split);
  const gbMetrics = evaluate(
    gbHoldout.map((r) => predictBoosted(gb.model, encodeFeatures(r))),
    gbHoldout,
  );

  const environment = (packages: string[]) => ({
    image: sha256Digest(`registry.northwind.internal/ml/train-python:3.11|${packages.join(',')}`),
    packages,
  });
  const q3Ref = `${DATASET_NAME}@2025-q3`;
  const q4Ref = `${DATASET_NAME}@2025-q4`;

  const lrFeatures = FEATURE_NAMES.map((name, j): [string, number] => [
    name,
    lr.model.coefficients[j] ?? 0,
  ]);
  const v100Files = [
    // The model itself, runnable by Verity (evaluation): standardise, weigh, sigmoid.
    demoFile(
      'model.onnx',
      logisticRegressionOnnx({
        weights: lr.model.coefficients,
        intercept: lr.model.intercept,
        mean: lr.model.means,
        scale: lr.model.stds,
      }),
    ),
    demoFile(
      'model.json',
      json({
        format: 'verity-demo/logistic-regression@1',
        target: 'defaulted',
        positiveClass: true,
        output: 'probability_of_default = 1 / (1 + exp(-(intercept + sum(coefficient * z))))',
        features: FEATURE_NAMES,
        intercept: lr.model.intercept,
        coefficients: Object.fromEntries(lrFeatures),
        preprocessing: 'preprocessing.json',
        decision: { approveBelow: APPROVAL_CUTOFF },
      }),
    ),
    demoFile(
      'preprocessing.json',
      json({
        format: 'verity-demo/preprocessing@1',
        transforms: FEATURE_TRANSFORMS,
        oneHot: ONE_HOT,
        // z = (x - mean) / std for every feature, indicators included.
        scaler: Object.fromEntries(
          FEATURE_NAMES.map((name, j) => [
            name,
            { mean: lr.model.means[j], std: lr.model.stds[j] },
          ]),
        ),
      }),
    ),
    demoFile(
      'README.md',
      readme('credit-risk 1.0.0: logistic regression', [
        'Predicts the probability that a consumer-loan applicant defaults within 12 months.',
        `Applications with a probability below ${APPROVAL_CUTOFF} are approved; the rest are referred to an underwriter.`,
        '',
        `Trained on \`${q3Ref}\` (first ${q3Split} rows), evaluated on its last ${lrHoldout.length} rows.`,
        '',
        ...metricsTable(lrMetrics),
        '',
        '## Limitations',
        '',
        'Approval rates are lower for applicants under 25 (shorter credit histories, lower incomes);',
        'see `approval_rate_parity_age` (lowest over highest age-band approval rate).',
      ]),
    ),
  ];

  const v110Files = [
    demoFile(
      'model.onnx',
      boostedStumpsOnnx({
        prior: gb.model.baseScore,
        stumps: gb.model.stumps,
        featureCount: FEATURE_NAMES.length,
      }),
    ),
    demoFile(
      'model.json',
      json({
        format: 'verity-demo/boosted-stumps@1',
        target: 'defaulted',
        positiveClass: true,
        output:
          'probability_of_default = 1 / (1 + exp(-(baseScore + sum(x[feature] <= threshold ? left : right))))',
        features: FEATURE_NAMES,
        baseScore: gb.model.baseScore,
        trees: gb.model.stumps.map((s) => ({
          feature: FEATURE_NAMES[s.feature],
          threshold: s.threshold,
          left: s.left,
          right: s.right,
        })),
        preprocessing: 'preprocessing.json',
        decision: { approveBelow: APPROVAL_CUTOFF },
      }),
    ),
    demoFile(
      'preprocessing.json',
      json({
        format: 'verity-demo/preprocessing@1',
        transforms: FEATURE_TRANSFORMS,
        oneHot: ONE_HOT,
      }),
    ),
    demoFile(
      'README.md',
      readme('credit-risk 1.1.0: gradient-boosted stumps', [
        `A ${gb.model.stumps.length}-tree ensemble of depth-1 trees. It captures the threshold effect of`,
        'debt-to-income above about 0.43 that the logistic regression of 1.0.0 smooths over.',
        '',
        `Trained on \`${q3Ref}\` and the first ${q4Split} rows of \`${q4Ref}\`, evaluated on the last ${gbHoldout.length} rows of \`${q4Ref}\` (out of time).`,
        '',
        ...metricsTable(gbMetrics),
      ]),
    ),
  ];

  const transactions = generateTransactions(20251115, 6000);
  const fraudScores = transactions.map(fraudScore);
  const fraudLabels = transactions.map((t) => t.fraud);
  const fraudMetrics = {
    auc: r4(rocAuc(fraudScores, fraudLabels)),
    ks: r4(ksStatistic(fraudScores, fraudLabels)),
    brier: r4(brierScore(fraudScores, fraudLabels)),
    review_rate: r4(
      fraudScores.filter((s) => s >= FRAUD_REVIEW_THRESHOLD).length / transactions.length,
    ),
    fraud_rate: r4(fraudLabels.filter(Boolean).length / transactions.length),
    evaluation_rows: transactions.length,
  };
  const fraudFiles = [
    demoFile(
      'scorecard.json',
      json({
        format: 'verity-demo/logistic-scorecard@1',
        target: 'fraud',
        weights: FRAUD_WEIGHTS,
        reviewAtOrAbove: FRAUD_REVIEW_THRESHOLD,
      }),
    ),
    demoFile(
      'README.md',
      readme('payments/fraud-screening 1.0.0', [
        'A hand-weighted logistic scorecard for card payments; transactions scoring at or above',
        `${FRAUD_REVIEW_THRESHOLD} are held for manual review. Evaluated on ${transactions.length} synthetic transactions.`,
        '',
        ...metricsTable(fraudMetrics),
      ]),
    ),
  ];

  return {
    holdout: demoFile('holdout-2025-q4.csv', holdoutCsv(gbHoldout)),
    scoreCredit: {
      v100: (a) => predictLogistic(lr.model, encodeFeatures(a)),
      v110: (a) => predictBoosted(gb.model, encodeFeatures(a)),
    },
    datasetVersions: {
      q3: datasetVersion('2025-q3', q3File, q3Rows.length, '2025-07-01/2025-09-30'),
      q4: datasetVersion('2025-q4', q4File, q4Rows.length, '2025-10-01/2025-12-31'),
    },
    datasetFiles: { q3: q3File, q4: q4File },
    runs: {
      logistic: {
        name: 'credit-risk-logreg-2025q3',
        status: 'completed',
        params: {
          model_type: 'logistic_regression',
          solver: 'full_batch_gradient_descent',
          epochs: lrParams.epochs,
          learning_rate: lrParams.learningRate,
          l2: lrParams.l2,
          train_rows: q3Split,
          holdout: 'last 20% of 2025-q3',
          approval_cutoff: APPROVAL_CUTOFF,
        },
        metrics: runMetrics(lr.history, lrMetrics),
        code: { repository: CODE_REPOSITORY, commit: commitFor('logistic-baseline') },
        environment: environment([
          'python==3.11.9',
          'numpy==1.26.4',
          'pandas==2.2.2',
          'scikit-learn==1.5.1',
          'pyarrow==16.1.0',
        ]),
        inputs: [q3Ref],
        tags: { pipeline: 'credit-risk-training', trigger: 'manual' },
      },
      boosted: {
        name: 'credit-risk-gbm-2025q4',
        status: 'completed',
        params: {
          model_type: 'gradient_boosted_stumps',
          n_estimators: gbParams.rounds,
          max_depth: 1,
          learning_rate: gbParams.learningRate,
          max_bins: gbParams.bins,
          l2_leaf: gbParams.l2,
          train_rows: q3Rows.length + q4Split,
          holdout: 'last 20% of 2025-q4 (out of time)',
          approval_cutoff: APPROVAL_CUTOFF,
        },
        metrics: runMetrics(gb.history, gbMetrics),
        code: { repository: CODE_REPOSITORY, commit: commitFor('boosted-stumps') },
        environment: environment([
          'python==3.11.9',
          'numpy==1.26.4',
          'pandas==2.2.2',
          'scikit-learn==1.5.1',
          'lightgbm==4.5.0',
          'pyarrow==16.1.0',
        ]),
        inputs: [q3Ref, q4Ref],
        tags: { pipeline: 'credit-risk-training', trigger: 'quarterly-refresh' },
      },
    },
    creditRisk: {
      v100: {
        input: {
          label: '1.0.0',
          description: 'Logistic-regression baseline trained on 2025-q3 applications.',
          format: 'onnx',
          inputSchema: INPUT_SCHEMA,
          outputSchema: OUTPUT_SCHEMA,
          params: { model_type: 'logistic_regression', approval_cutoff: APPROVAL_CUTOFF },
          metrics: lrMetrics,
          tags: { algorithm: 'logistic-regression', validation: 'MRV-2025-117' },
        },
        files: v100Files,
      },
      v110: {
        input: {
          label: '1.1.0',
          description:
            'Gradient-boosted stumps trained on 2025-q3 and 2025-q4; captures the debt-to-income threshold effect.',
          format: 'onnx',
          inputSchema: INPUT_SCHEMA,
          outputSchema: OUTPUT_SCHEMA,
          params: {
            model_type: 'gradient_boosted_stumps',
            n_estimators: gb.model.stumps.length,
            approval_cutoff: APPROVAL_CUTOFF,
          },
          metrics: gbMetrics,
          tags: { algorithm: 'gradient-boosting', validation: 'MRV-2026-009' },
        },
        files: v110Files,
      },
    },
    fraudScreening: {
      v100: {
        input: {
          label: '1.0.0',
          description:
            'Hand-weighted logistic scorecard for card-not-present and in-store payments.',
          format: 'other',
          inputSchema: {
            type: 'object',
            required: [
              'amount',
              'card_not_present',
              'merchant_risk',
              'transactions_last_hour',
              'account_age_days',
            ],
            properties: {
              amount: { type: 'number', exclusiveMinimum: 0 },
              card_not_present: { type: 'boolean' },
              merchant_risk: { type: 'number', minimum: 0, maximum: 1 },
              transactions_last_hour: { type: 'integer', minimum: 0 },
              account_age_days: { type: 'integer', minimum: 0 },
            },
          },
          outputSchema: {
            type: 'object',
            properties: {
              fraud_score: { type: 'number', minimum: 0, maximum: 1 },
              action: { type: 'string', enum: ['allow', 'review'] },
            },
          },
          params: { model_type: 'logistic_scorecard', review_threshold: FRAUD_REVIEW_THRESHOLD },
          metrics: fraudMetrics,
          tags: { algorithm: 'scorecard' },
        },
        files: fraudFiles,
      },
    },
  };
}
