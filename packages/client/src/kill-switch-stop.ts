import type { KillSwitchState } from "./to-approval-status-update";

/**
 * The abort reason of an approval wait ended by the kill switch, so a wait can tell it apart from the
 * caller's own abort.
 *
 * @example
 * ```ts
 * if (signal.reason instanceof KillSwitchStop) console.log(signal.reason.reason);
 * ```
 */
export class KillSwitchStop {
  /** `"Kill switch is active"` or `"Tool <tool> is paused"`, the contract's reason strings. */
  readonly reason: string;
  /** The kill-switch state that the answer showed. */
  readonly state: KillSwitchState;
  constructor(reason: string, state: KillSwitchState) {
    this.reason = reason;
    this.state = state;
  }
}
