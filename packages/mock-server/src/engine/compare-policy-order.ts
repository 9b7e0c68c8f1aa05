import type { Policy } from "./engine-types.js";

/**
 * Evaluation order of §5.2: ascending `priority`, ties by creation time, then by id.
 *
 * @example
 * policies.sort(comparePolicyOrder);
 */
export function comparePolicyOrder(a: Policy, b: Policy): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}
