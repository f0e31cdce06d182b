export * from './audit-event.js';
export * from './commit.js';
export * from './merkle-leaf.js';
export * from './ledger-reader.js';
