/**
 * Signing and verification of Verity evidence: DSSE envelopes (standards §4), in-toto
 * statements (§5), OpenSSF Model Signing v1.0 bundles (§7, §8) and promotion attestations.
 */
export {
  isSignatureVerificationError,
  SIGNATURE_FAILURE_REASONS,
  SignatureVerificationError,
  type SignatureFailureReason,
} from './signature-verification-error.js';
export {
  exportPrivateKeyPem,
  exportPublicKeyPem,
  generateSigningKeyPair,
  importPrivateKeyPem,
  importPublicKeyPem,
  keyHint,
  signingKeyType,
  type SigningKeyPair,
  type SigningKeyType,
} from './keys.js';
export {
  decodeBase64,
  keySigner,
  MAX_DSSE_SIGNATURES,
  preAuthEncoding,
  signEnvelope,
  verifyEnvelope,
  type DsseEnvelope,
  type DsseSignature,
  type DsseSigner,
  type EcdsaEncoding,
  type TrustedKey,
  type VerifiedEnvelope,
  type VerifyEnvelopeOptions,
} from './dsse.js';
export {
  buildStatement,
  digestSetsMatch,
  IN_TOTO_PAYLOAD_TYPE,
  IN_TOTO_STATEMENT_TYPE,
  parseStatement,
  statementIssues,
  type DigestSet,
  type ResourceDescriptor,
  type Statement,
  type Subject,
} from './in-toto.js';
export {
  compareCodePoints,
  isIgnoredPath,
  isModelPath,
  normaliseModelPath,
  OMS_DEFAULT_IGNORE_PATHS,
} from './model-paths.js';
export {
  buildModelSigningStatement,
  modelRootDigest,
  OMS_BUNDLE_MEDIA_TYPE,
  OMS_PREDICATE_TYPE,
  signModel,
  verifyModelSignature,
  type ModelFileDigest,
  type ModelSigningInput,
  type OmsStatement,
  type VerifiedModelSignature,
  type VerifyModelSignatureOptions,
} from './model-signing.js';
export {
  OMS_HASH_ALGORITHMS,
  type OmsHashAlgorithm,
  type OmsPredicate,
  type OmsResource,
  type OmsSerialization,
} from './oms-predicate.js';
export {
  hashModelDirectory,
  type HashedModel,
  type HashedModelFile,
  type HashModelDirectoryOptions,
} from './hash-model-directory.js';
export {
  createPromotionAttestation,
  PROMOTION_PREDICATE_TYPE,
  verifyPromotionAttestation,
  type ExpectedPromotion,
  type PromotionPredicate,
  type PromotionStatement,
  type VerifiedPromotionAttestation,
} from './attestation.js';
