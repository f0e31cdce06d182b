export * from './actor.js';
export * from './authorizer.js';
export * from './permissions.js';
export * from './service-context.js';
export * from './role-authorizer.js';
export * from './roles.js';
