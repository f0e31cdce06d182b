export * from './schema.js';
export * from './load-catalogue.js';
