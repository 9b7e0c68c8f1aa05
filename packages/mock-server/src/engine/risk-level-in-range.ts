import type { RiskLevel } from "./engine-types.js";
import { riskRank } from "./risk-rank.js";

/**
 * True when `rank(min) <= rank(level) <= rank(max)`, each bound optional (§5.3 rule 5).
 *
 * @example
 * riskLevelInRange("high", "medium", undefined); // true
 */
export function riskLevelInRange(
  level: RiskLevel,
  min: RiskLevel | null | undefined,
  max: RiskLevel | null | undefined,
): boolean {
  const rank = riskRank(level);
  if (min && rank < riskRank(min)) return false;
  if (max && rank > riskRank(max)) return false;
  return true;
}
