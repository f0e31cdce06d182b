export * from './schemas.js';
export * from './context.js';
export {
  findModel,
  modelNamespace,
  modelRefOf,
  type ModelRow,
  createModel,
  updateModel,
  getModel,
  listModels,
  type ModelFilter,
} from './models.js';
export {
  registerVersion,
  getVersion,
  listVersions,
  findArtifact,
  findVersion,
  resolveVersion,
  LATEST,
  type VersionRow,
} from './versions.js';
export { setAlias, setAliasWithin, removeAlias, aliasHistory } from './aliases.js';
export {
  createDataset,
  getDataset,
  listDatasets,
  registerDatasetVersion,
  getDatasetVersion,
  listDatasetVersions,
  datasetDigest,
  datasetRefOf,
  findDatasetVersionByRef,
  datasetVersionsById,
} from './datasets.js';
export { createRun, updateRun, getRun, listRuns } from './runs.js';
export { versionLineage, datasetLineage } from './lineage.js';
export { openArtifact, recordIntegrityFailure, SYSTEM_ACTOR } from './integrity.js';
export {
  registerSigningKey,
  revokeSigningKey,
  getSigningKey,
  listSigningKeys,
  addModelSignature,
  listModelSignatures,
} from './signatures.js';
export {
  recordDeployment,
  rollback,
  rollbackWithin,
  getDeployment,
  getAttestation,
  currentDeployments,
  deploymentHistory,
  type DeploymentFilter,
} from './deployments.js';
