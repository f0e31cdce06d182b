import type { SlotViews } from './channel.js';

/**
 * Hashes a ring slot's `count` entries from its texts into its leaf hashes, and marks in
 * `leafChecks` each that differs from its stored hash.
 */
export declare function hashSlotEntries(views: SlotViews, count: number): void;
