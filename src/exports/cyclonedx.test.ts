import { describe, expect, it } from 'vitest';
import { SAMPLE_CARD, SAMPLE_EVIDENCE } from '../cards/__fixtures__/sample-card.js';
import { ValidationError } from '../lib/index.js';
import { expectValid, schemaErrors } from './__fixtures__/cyclonedx-validator.js';
import { MINIMAL_CARD } from './__fixtures__/minimal-card.js';
import { buildMlBom, type MlBomOptions } from './cyclonedx.js';

const OPTIONS: MlBomOptions = {
  serialNumber: '0195f0a4-2c1e-7b3a-9d2e-4f1a2b3c4d5e',
  timestamp: '2025-10-10T12:00:00.000Z',
  toolVersion: '0.1.0',
};
const hex = (pair: string) => pair.repeat(32);
const MODEL_REF = 'model:default/credit-risk@1.1.0';
const DATASET_REF = 'dataset:default/loan-applications@2025-q3';

describe('buildMlBom', () => {
  describe('for the sample high-risk card', () => {
    const bom = buildMlBom(SAMPLE_CARD, { ...OPTIONS, completeness: 0.9375 });
    const model = bom.metadata.component;
    const card = model.modelCard!;
    const authored = SAMPLE_CARD.authored;

    it('passes the strict CycloneDX 1.6 JSON schema', async () => {
      await expectValid(bom);
    });

    it('names the BOM, the tool and the model as the subject', () => {
      expect(bom.serialNumber).toBe('urn:uuid:0195f0a4-2c1e-7b3a-9d2e-4f1a2b3c4d5e');
      expect(bom.metadata.timestamp).toBe(OPTIONS.timestamp);
      expect(bom.metadata.tools.components).toEqual([
        { type: 'application', name: 'verity', version: '0.1.0' },
      ]);
      expect(model).toMatchObject({
        type: 'machine-learning-model',
        'bom-ref': MODEL_REF,
        group: 'default',
        name: 'credit-risk',
        version: '1.1.0',
        licenses: [{ license: { name: authored.details!.licence } }],
        supplier: { name: authored.details!.provider },
        manufacturer: { name: authored.details!.provider },
        authors: [{ name: 'maria.lopez' }],
      });
      // bom-refs are unique in a BOM: the subject is not repeated in `components`.
      expect(bom.components.map((c) => c['bom-ref'])).toEqual([DATASET_REF]);
    });

    it('hashes the primary artifact on the model and every artifact as a nested file', () => {
      expect(model.hashes).toEqual([{ alg: 'SHA-256', content: hex('a1') }]);
      expect(model.components).toEqual([
        {
          type: 'file',
          'bom-ref': 'file:default/credit-risk@1.1.0/model.onnx',
          name: 'model.onnx',
          hashes: [{ alg: 'SHA-256', content: hex('a1') }],
          properties: [{ name: 'verity:sizeBytes', value: '18432' }],
        },
        {
          type: 'file',
          'bom-ref': 'file:default/credit-risk@1.1.0/preprocessing.json',
          name: 'preprocessing.json',
          hashes: [{ alg: 'SHA-256', content: hex('b2') }],
          properties: [{ name: 'verity:sizeBytes', value: '2114' }],
        },
      ]);
    });

    it('writes every metric value and bound as a string, group metrics sliced by group', () => {
      const metrics = card.quantitativeAnalysis!.performanceMetrics!;
      expect(metrics).toHaveLength(4 + 5);
      expect(metrics[0]).toEqual({
        type: 'roc_auc',
        value: '0.8123',
        slice: 'overall',
        confidenceInterval: { lowerBound: '0.801', upperBound: '0.8231' },
      });
      expect(metrics[1]).toEqual({ type: 'ks', value: '0.4711', slice: 'overall' });
      expect(metrics[4]).toEqual({
        type: 'selection_rate',
        value: '0.061',
        slice: 'age_band=under-25',
      });
      expect(metrics[8]).toEqual({ type: 'selection_rate', value: '0.07', slice: 'sex=male' });
      for (const m of metrics) expect(typeof m.value).toBe('string');
    });

    it('makes each dataset a data component with its hash, and the model depend on it', () => {
      expect(bom.components[0]).toEqual({
        type: 'data',
        'bom-ref': DATASET_REF,
        group: 'default',
        name: 'loan-applications',
        version: '2025-q3',
        hashes: [{ alg: 'SHA-256', content: hex('e5') }],
        data: [
          {
            type: 'dataset',
            name: 'loan-applications@2025-q3',
            contents: { url: 's3://credit-data/extracts/2025-q3/' },
            description:
              'Training dataset; 48213 rows; columns: income, loan_amount, term, dti, credit_history_months, default_12m',
          },
        ],
        properties: [{ name: 'verity:datasetRole', value: 'training' }],
      });
      expect(card.modelParameters?.datasets).toEqual([{ ref: DATASET_REF }]);
      expect(bom.dependencies).toEqual([
        { ref: MODEL_REF, dependsOn: [DATASET_REF] },
        { ref: DATASET_REF },
      ]);
    });

    it('derives approach and task from the sample model type', () => {
      expect(authored.details!.type).toMatch(/^binary classifier/);
      expect(card.modelParameters).toMatchObject({
        approach: { type: 'supervised' },
        task: 'binary classification',
      });
    });

    it('maps considerations with only the keys the schema allows', () => {
      const c = card.considerations!;
      const { intendedUse, limitations, ethics, fairness, compute } = authored;
      expect(c.users).toEqual(intendedUse!.intendedUsers);
      expect(c.useCases).toEqual(['consumer loan default prediction', intendedUse!.purpose]);
      expect(c.technicalLimitations).toEqual([
        ...limitations!.known!,
        ...intendedUse!.outOfScopeUses!.map((u) => `Out of scope: ${u}`),
      ]);
      expect(c.ethicalConsiderations).toEqual([
        ...ethics!.map((e) => ({ name: e.name, mitigationStrategy: e.mitigation })),
        ...limitations!.risks!.map((name) => ({ name })),
      ]);
      expect(c.fairnessAssessments).toEqual(
        fairness!.groupsConsidered!.map((groupAtRisk) => ({
          groupAtRisk,
          mitigationStrategy: fairness!.mitigations,
        })),
      );
      const energy = { value: compute!.energyKwh, unit: 'kWh' };
      expect(c.environmentalConsiderations?.energyConsumptions).toEqual([
        {
          activity: 'training',
          energyProviders: [
            {
              organization: {},
              energySource: 'unknown',
              energyProvided: energy,
              description: 'Energy provider and source are not recorded on the model card',
            },
          ],
          activityEnergyCost: energy,
          co2CostEquivalent: { value: compute!.co2Tonnes, unit: 'tCO2eq' },
        },
      ]);
    });

    it('keeps unmapped author text as model card properties and Verity facts on the model', () => {
      const cardProps = card.properties!.map((p) => p.name);
      expect(cardProps).toContain('verity:card:humanOversight.measures');
      expect(cardProps).toContain('verity:card:details.architecture');
      expect(cardProps).not.toContain('verity:card:details.description');
      const props = Object.fromEntries(model.properties!.map((p) => [p.name, p.value]));
      expect(props).toMatchObject({
        'verity:euAiActTier': 'high',
        'verity:riskTier': 'high',
        'verity:annexIIIArea': 'essential-services',
        'verity:card:completeness': '0.9375',
        'verity:lineage:param:max_depth': '4',
      });
      expect(model.externalReferences).toEqual([
        {
          type: 'vcs',
          url: 'https://git.bank.example/credit/pd-model',
          comment: 'commit 9f1c2e7d4b8a6c3e1f0a9b8c7d6e5f4a3b2c1d0e',
        },
        ...authored.details!.contacts!.map((c) => ({ type: 'support', url: `mailto:${c}` })),
      ]);
    });

    it('gives the same bytes for the same card and options', () => {
      const again = buildMlBom(SAMPLE_CARD, { ...OPTIONS, completeness: 0.9375 });
      expect(JSON.stringify(again)).toBe(JSON.stringify(bom));
    });
  });

  describe('for a card with no author text, one artifact and no datasets', () => {
    const bom = buildMlBom(MINIMAL_CARD, OPTIONS);

    it('passes the schema, with no empty array or object describing the model', async () => {
      await expectValid(bom);
      expect(JSON.stringify(bom.metadata)).not.toMatch(/\[\]|\{\}/);
    });

    it('has the model alone, hashed by its only file', () => {
      expect(bom.components).toEqual([]);
      expect(bom.dependencies).toEqual([{ ref: MODEL_REF }]);
      expect(bom.metadata.component.hashes).toEqual([{ alg: 'SHA-256', content: hex('0f') }]);
      // The use case comes from the registered model, not from author text.
      expect(bom.metadata.component.modelCard).toEqual({
        considerations: { useCases: ['consumer loan default prediction'] },
      });
      expect(bom.metadata.component.description).toBeUndefined();
    });
  });

  describe('when the validator is given a wrong BOM (negative controls)', () => {
    const bom = buildMlBom(SAMPLE_CARD, OPTIONS);

    it('rejects a performance metric value written as a number', async () => {
      const wrong = structuredClone(bom) as unknown as {
        metadata: {
          component: {
            modelCard: { quantitativeAnalysis: { performanceMetrics: { value: unknown }[] } };
          };
        };
      };
      wrong.metadata.component.modelCard.quantitativeAnalysis.performanceMetrics[0]!.value = 0.8123;
      expect(JSON.stringify(await schemaErrors(wrong))).toContain(
        '/metadata/component/modelCard/quantitativeAnalysis/performanceMetrics/0/value',
      );
    });

    it('rejects an extra key in a fairness assessment', async () => {
      const wrong = structuredClone(bom) as unknown as {
        metadata: {
          component: { modelCard: { considerations: { fairnessAssessments: object[] } } };
        };
      };
      wrong.metadata.component.modelCard.considerations.fairnessAssessments[0] = {
        groupAtRisk: 'sex',
        analysis: 'four-fifths rule',
      };
      expect(await schemaErrors(wrong)).not.toBeNull();
    });

    it('rejects a dataset hash that is not hex', async () => {
      const wrong = structuredClone(bom);
      wrong.components[0]!.hashes = [{ alg: 'SHA-256', content: `sha256:${hex('e5')}` }];
      expect(await schemaErrors(wrong)).not.toBeNull();
    });
  });

  describe('when the evidence varies', () => {
    it('merges a dataset used for training and evaluation into one component', async () => {
      const dataset = SAMPLE_EVIDENCE.trainingDatasets[0]!;
      const bom = buildMlBom(
        { ...SAMPLE_CARD, evidence: { ...SAMPLE_EVIDENCE, evaluationDatasets: [dataset] } },
        OPTIONS,
      );
      await expectValid(bom);
      expect(bom.components).toHaveLength(1);
      expect(bom.components[0]!.properties).toEqual([
        { name: 'verity:datasetRole', value: 'training' },
        { name: 'verity:datasetRole', value: 'evaluation' },
      ]);
    });

    it.each([
      [
        'binary classifier, gradient-boosted trees',
        'supervised',
        'binary classification',
        'gradient-boosted trees',
      ],
      ['regressor (ridge on log income)', 'supervised', 'regression', 'ridge on log income'],
      ['k-means clustering (12 segments)', 'unsupervised', 'clustering', '12 segments'],
      ['anomaly scorer', 'supervised', 'anomaly scorer', undefined],
    ])('reads model type %j as %s %s of family %j', (type, approach, task, family) => {
      const bom = buildMlBom({ ...MINIMAL_CARD, authored: { details: { type } } }, OPTIONS);
      expect(bom.metadata.component.modelCard?.modelParameters).toEqual({
        approach: { type: approach },
        task,
        ...(family === undefined ? {} : { architectureFamily: family }),
      });
    });

    it('picks the file in the model format over a larger file', () => {
      const artifacts = [
        { path: 'weights/model.onnx', size: 10, digest: `sha256:${hex('c1')}` },
        { path: 'vocab.json', size: 5_000, digest: `sha256:${hex('c2')}` },
      ];
      const onnx = buildMlBom(
        { ...SAMPLE_CARD, evidence: { ...SAMPLE_EVIDENCE, artifacts } },
        OPTIONS,
      );
      expect(onnx.metadata.component.hashes![0]!.content).toBe(hex('c1'));
      const other = buildMlBom(
        {
          ...SAMPLE_CARD,
          evidence: {
            ...SAMPLE_EVIDENCE,
            artifacts,
            model: { ...SAMPLE_EVIDENCE.model, format: 'other' },
          },
        },
        OPTIONS,
      );
      expect(other.metadata.component.hashes![0]!.content).toBe(hex('c2'));
    });

    it('turns an scp-style remote into an ssh vcs URL and drops a repository that is no URL', async () => {
      const bomFor = (codeRepository: string) =>
        buildMlBom(
          {
            ...SAMPLE_CARD,
            evidence: {
              ...SAMPLE_EVIDENCE,
              lineage: { ...SAMPLE_EVIDENCE.lineage, codeRepository },
            },
          },
          OPTIONS,
        );
      const scp = bomFor('git@git.bank.example:credit/pd.git');
      await expectValid(scp);
      expect(scp.metadata.component.externalReferences?.[0]).toMatchObject({
        type: 'vcs',
        url: 'ssh://git@git.bank.example/credit/pd.git',
      });
      const local = bomFor('pd model (shared drive)');
      await expectValid(local);
      const model = local.metadata.component;
      expect(model.externalReferences?.map((r) => r.type)).toEqual(['support', 'support']);
      expect(model.properties).toContainEqual({
        name: 'verity:lineage:codeRepository',
        value: 'pd model (shared drive)',
      });
    });
  });

  describe('when the options are wrong', () => {
    it('throws VALIDATION_ERROR listing every bad option', () => {
      let thrown: unknown;
      try {
        buildMlBom(SAMPLE_CARD, {
          serialNumber: 'not-a-uuid',
          timestamp: '2025-10-10 12:00',
          toolVersion: ' ',
          completeness: 2,
        });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ValidationError);
      const error = thrown as ValidationError;
      expect(error.code).toBe('VALIDATION_ERROR');
      expect((error.details.issues as { path: string[] }[]).map((i) => i.path[0])).toEqual([
        'serialNumber',
        'timestamp',
        'toolVersion',
        'completeness',
      ]);
    });

    it('accepts a serial number already written as a URN', () => {
      const bom = buildMlBom(SAMPLE_CARD, {
        ...OPTIONS,
        serialNumber: `urn:uuid:${OPTIONS.serialNumber.toUpperCase()}`,
      });
      expect(bom.serialNumber).toBe(`urn:uuid:${OPTIONS.serialNumber}`);
    });
  });
});
