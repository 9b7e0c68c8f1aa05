import type { SentrailEngine } from "./create-sentrail-engine.js";
import type { ToolName, Workspace } from "./engine-types.js";

/** The `killSwitch` object of poll responses and `/__mock/state` (§4.3). */
export interface KillSwitchView {
  global: boolean;
  enabledAt: string | null;
  enabledBy: string | null;
  toolsPaused: ToolName[];
}

/**
 * A workspace's kill-switch state as agents see it, always with all four keys (decision G11).
 *
 * @example
 * killSwitchView(engine, workspace); // { global: false, enabledAt: null, enabledBy: null, toolsPaused: [] }
 */
export function killSwitchView(engine: SentrailEngine, workspace: Workspace): KillSwitchView {
  return {
    global: workspace.killSwitchEnabled,
    enabledAt: workspace.killSwitchEnabledAt,
    enabledBy: workspace.killSwitchEnabledBy,
    toolsPaused: engine.workspaces.pausedTools(workspace.id),
  };
}
