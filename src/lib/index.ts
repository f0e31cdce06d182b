export * from './errors.js';
export * from './canonical-json.js';
export * from './hash.js';
export * from './clock.js';
export * from './ids.js';
export * from './names.js';
export * from './semver.js';
export * from './suggest-name.js';
