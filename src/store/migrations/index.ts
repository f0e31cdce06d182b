import type { Migration } from 'kysely';
import * as m0001 from './0001-registry.js';
import * as m0002 from './0002-merkle-ledger.js';
import * as m0003 from './0003-governance.js';
import * as m0004 from './0004-model-cards.js';
import * as m0005 from './0005-monitoring.js';
import * as m0006 from './0006-evaluations.js';
import * as m0007 from './0007-incidents.js';
import * as m0008 from './0008-compliance.js';
import * as m0009 from './0009-late-labels.js';

/**
 * Every migration, in order. One set for both engines. Names sort in application order;
 * a new migration is appended here and never edits an earlier one.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-registry': m0001,
  '0002-merkle-ledger': m0002,
  '0003-governance': m0003,
  '0004-model-cards': m0004,
  '0005-monitoring': m0005,
  '0006-evaluations': m0006,
  '0007-incidents': m0007,
  '0008-compliance': m0008,
  '0009-late-labels': m0009,
};
