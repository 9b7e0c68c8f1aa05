import { describe, expect, it } from "vitest";
import { createKillSwitchBroadcast } from "./create-kill-switch-broadcast";
import { KillSwitchStop } from "./kill-switch-stop";
import type { KillSwitchState } from "./to-approval-status-update";

const state = (global: boolean, toolsPaused: KillSwitchState["toolsPaused"] = []): KillSwitchState => ({
  global,
  enabledAt: null,
  enabledBy: null,
  toolsPaused,
});

describe("createKillSwitchBroadcast", () => {
  it("ends every registered wait when the global switch shows up", () => {
    const broadcast = createKillSwitchBroadcast();
    const waits = [broadcast.enter("internal_api"), broadcast.enter("github")];
    const stop = broadcast.report("internal_api", state(true));
    expect(stop?.reason).toBe("Kill switch is active");
    for (const wait of waits) expect(wait.signal.reason).toBeInstanceOf(KillSwitchStop);
  });

  it("ends only the waits of a paused tool", () => {
    const broadcast = createKillSwitchBroadcast();
    const paused = broadcast.enter("github");
    const other = broadcast.enter("internal_api");
    expect(broadcast.report("internal_api", state(false, ["github"]))).toBeUndefined();
    expect(paused.signal.reason).toMatchObject({ reason: "Tool github is paused" });
    expect(other.signal.aborted).toBe(false);
  });

  it("leaves waits alone while the switch is off, and forgets waits that left", () => {
    const broadcast = createKillSwitchBroadcast();
    const left = broadcast.enter("github");
    left.leave();
    const staying = broadcast.enter("github");
    broadcast.report("github", state(false));
    expect(staying.signal.aborted).toBe(false);
    broadcast.report("github", state(true));
    expect(left.signal.aborted).toBe(false);
    expect(staying.signal.aborted).toBe(true);
  });
});
