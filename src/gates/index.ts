export * from './gate-context-builder.js';
export * from './pack-store.js';
export * from './gates.js';
