import type { RiskLevel } from "./engine-types.js";

const RANKS: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/**
 * The contract's risk order (§2): `low=0`, `medium=1`, `high=2`, `critical=3`.
 *
 * @example
 * riskRank("high") > riskRank("medium"); // true
 */
export function riskRank(level: RiskLevel): number {
  return RANKS[level];
}
