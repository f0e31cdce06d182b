import type { RegistryContext } from '../registry/index.js';

/**
 * Seeds the demo scenario when the registry is empty; returns whether it seeded.
 * (Placeholder signature: the demo module fills this in.)
 */
export function seedDemo(ctx: RegistryContext): Promise<boolean> {
  void ctx;
  return Promise.resolve(false);
}
