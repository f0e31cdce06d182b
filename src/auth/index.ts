export * from './authorizer.js';
