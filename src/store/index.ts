export * from './engines.js';
export * from './migrate.js';
export * from './json-column.js';
export * from './translate-error.js';
export type * from './schema.js';
