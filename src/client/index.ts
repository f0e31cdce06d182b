export * from './verity-client.js';
export * from './http-transport.js';
export * from './governance-api.js';
export * from './access-api.js';
export * from './identity-api.js';
export * from './webhook-api.js';
export * from './card-api.js';
export * from './monitoring-api.js';
