import type { Policy } from "./engine-types.js";

/** A policy's action pattern reduced to what the matcher does with it. */
export interface EffectiveActionPattern {
  /** `exact`: equal to `text`; `prefix`: starts with `text` (`"*"` is the empty prefix). */
  kind: "exact" | "prefix";
  text: string;
}

/**
 * The effective action pattern of a policy (§5.3 rule 2): `actionPattern`; else the legacy
 * `actionType` as an exact match; else `"*"`. Used by the policy index to bucket policies.
 *
 * @example
 * effectiveActionPattern({ ...policy, actionPattern: "pull_request.*" }); // { kind: "prefix", text: "pull_request." }
 */
export function effectiveActionPattern(
  policy: Pick<Policy, "actionPattern" | "actionType">,
): EffectiveActionPattern {
  const pattern = policy.actionPattern;
  if (pattern) {
    return pattern.endsWith("*")
      ? { kind: "prefix", text: pattern.slice(0, -1) }
      : { kind: "exact", text: pattern };
  }
  if (policy.actionType) return { kind: "exact", text: policy.actionType };
  return { kind: "prefix", text: "" };
}
