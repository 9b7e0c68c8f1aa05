import type { RiskLevel } from "./engine-types.js";

/** What a classifier derives from a tool call (§6). */
export interface ActionClassification {
  action: string;
  riskLevel: RiskLevel;
  resourceType: string | null;
  resourceId: string | null;
}
