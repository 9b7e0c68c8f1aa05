import { KillSwitchStop } from "./kill-switch-stop";
import type { ToolName } from "./sentrail-api-types";
import type { KillSwitchState } from "./to-approval-status-update";

/** A registry of approval waits (a client's, a guard's), shared by all their calls. */
export interface KillSwitchBroadcast {
  /**
   * Registers a wait for `tool` (`undefined`: a wait that only the global switch ends). Its signal
   * aborts with a {@link KillSwitchStop} when any answer reported here shows the global switch on or
   * `tool` paused. Call `leave` when the wait ends.
   */
  enter(tool: ToolName | undefined): { signal: AbortSignal; leave(): void };
  /**
   * Feeds one answer's kill-switch state (a poll's `killSwitch`, or what a refusal said); ends every
   * wait it concerns. Returns the stop, if any applies to `tool`.
   */
  report(tool: ToolName | undefined, killSwitch: KillSwitchState): KillSwitchStop | undefined;
}

/**
 * Creates the registry through which one answer that shows the kill switch ends every concurrent wait
 * registered with it: the global switch ends all of them, a paused tool ends the waits for that tool. The
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
  const waits = new Set<{ tool: ToolName | undefined; controller: AbortController }>();
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
        const stop = stopFor(entry.tool, killSwitch, paused);
        if (stop) {
          waits.delete(entry);
          entry.controller.abort(stop);
        }
      }
      return stopFor(tool, killSwitch, paused);
    },
  };
}

function stopFor(
  tool: ToolName | undefined,
  state: KillSwitchState,
  paused: ReadonlySet<ToolName>,
): KillSwitchStop | undefined {
  if (state.global) return new KillSwitchStop("Kill switch is active", state);
  if (tool !== undefined && paused.has(tool)) return new KillSwitchStop(`Tool ${tool} is paused`, state);
  return undefined;
}
