export * from './actor.js';
export * from './authorizer.js';
export * from './permissions.js';
