import type { ToolName } from "../sentrail-api-types";
import type { KillSwitchState } from "../to-approval-status-update";
import { KillSwitchStop } from "./kill-switch-stop";

/** The guard's registry of approval waits, shared by all its calls. */
export interface KillSwitchBroadcast {
  /**
   * Registers a wait for `tool`. Its signal aborts with a {@link KillSwitchStop} when any wait's poll
   * shows the global switch on or `tool` paused. Call `leave` when the wait ends.
   */
  enter(tool: ToolName): { signal: AbortSignal; leave(): void };
  /** Feeds one poll's kill-switch state; ends every wait it concerns. Returns the stop, if any applies to `tool`. */
  report(tool: ToolName, killSwitch: KillSwitchState): KillSwitchStop | undefined;
}

/**
 * Creates the registry through which one wait that sees the kill switch ends every concurrent wait in
 * the same guard: the global switch ends all of them, a paused tool ends the waits for that tool. The
 * waits end at once, not at their own next poll, and nothing they guard is executed.
 *
 * @example
 * ```ts
 * const broadcast = createKillSwitchBroadcast();
 * const wait = broadcast.enter("internal_api");
 * broadcast.report("internal_api", { global: true, enabledAt: null, enabledBy: null, toolsPaused: [] });
 * wait.signal.aborted; // => true
 * ```
 */
export function createKillSwitchBroadcast(): KillSwitchBroadcast {
  const waits = new Set<{ tool: ToolName; controller: AbortController }>();
  return {
    enter(tool) {
      const entry = { tool, controller: new AbortController() };
      waits.add(entry);
      return { signal: entry.controller.signal, leave: () => void waits.delete(entry) };
    },
    report(tool, killSwitch) {
      const paused = new Set(killSwitch.toolsPaused);
      if (!killSwitch.global && paused.size === 0) return undefined;
      for (const entry of [...waits]) {
        const stop = stopFor(entry.tool, killSwitch.global, paused);
        if (stop) {
          waits.delete(entry);
          entry.controller.abort(stop);
        }
      }
      return stopFor(tool, killSwitch.global, paused);
    },
  };
}

function stopFor(tool: ToolName, global: boolean, paused: ReadonlySet<ToolName>): KillSwitchStop | undefined {
  if (global) return new KillSwitchStop("Kill switch is active");
  if (paused.has(tool)) return new KillSwitchStop(`Tool ${tool} is paused`);
  return undefined;
}
