/**
 * The abort reason of an approval wait ended by the kill switch, so the guard can tell it apart from
 * the caller's own abort.
 *
 * @example
 * ```ts
 * if (signal.reason instanceof KillSwitchStop) console.log(signal.reason.reason);
 * ```
 */
export class KillSwitchStop {
  /** `"Kill switch is active"` or `"Tool <tool> is paused"`, the contract's reason strings. */
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
}
