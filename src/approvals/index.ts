export * from './promotions.js';
export * from './review-items.js';
