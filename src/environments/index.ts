export * from './environments.js';
