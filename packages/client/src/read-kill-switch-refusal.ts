import type { ToolName } from "./sentrail-api-types";
import type { KillSwitchState } from "./to-approval-status-update";

/**
 * What a refusal says about the kill switch: Sentrail refuses with exactly `"Kill switch is active"`
 * while the global switch is on, and `"Tool <tool> is paused"` while the call's tool is paused (contract
 * §5.5, §8). Any other reason (a policy's `"Policy '…' matched"`) says nothing: `undefined`.
 *
 * @example
 * ```ts
 * readKillSwitchRefusal("github", "Tool github is paused"); // => { global: false, toolsPaused: ["github"], … }
 * ```
 */
export function readKillSwitchRefusal(tool: ToolName, reason: string): KillSwitchState | undefined {
  const global = reason === "Kill switch is active";
  const paused = reason === `Tool ${tool} is paused`;
  if (!global && !paused) return undefined;
  return { global, enabledAt: null, enabledBy: null, toolsPaused: paused ? [tool] : [] };
}
