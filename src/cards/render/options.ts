import type { Completeness } from '../templates.js';

/**
 * What a renderer needs besides the card. Everything time- or storage-dependent comes in here, so
 * rendering stays a pure function: the same card and options give the same bytes.
 */
export interface RenderOptions {
  /** When the document was generated (ISO 8601); printed, never read from the clock. */
  generatedAt: string;
  /** The card revision the document shows. */
  revision: number;
  /** Whether the revision is frozen (the version was approved and its card can no longer change). */
  frozen: boolean;
  /** The completeness report for the card's tier, as `completeness()` computes it. */
  completeness: Completeness;
  /** Digest of the card revision (for example `sha256:…`), printed so a reader can check it. */
  digest?: string | undefined;
}
