export * from './verity-client.js';
