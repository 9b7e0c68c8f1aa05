import { comparePolicyOrder } from "./compare-policy-order.js";
import type { Policy } from "./engine-types.js";
import { matchesPolicy, type PolicyRequest } from "./matches-policy.js";

/**
 * The plain linear scan of §5.2: sort every policy by evaluation order and return the first that
 * matches. This is the definition the indexed engine must always agree with; the property tests and
 * the benchmark use it as the reference.
 *
 * @example
 * findFirstMatchingPolicy(workspacePolicies, request)?.mode; // "require_approval"
 */
export function findFirstMatchingPolicy(
  policies: readonly Policy[],
  request: PolicyRequest,
): Policy | undefined {
  const ordered = [...policies].sort(comparePolicyOrder);
  return ordered.find((policy) => matchesPolicy(policy, request));
}
