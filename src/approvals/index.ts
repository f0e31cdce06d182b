export * from './context.js';
export * from './promotions.js';
export * from './promotion-views.js';
export * from './deployment-guard.js';
export * from './review-items.js';
