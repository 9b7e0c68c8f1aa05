// The public API of @sentrail/client/admin: the reviewer/admin client (Supabase user JWT).
// A separate entry point so agent bundles never carry it. Errors come from "@sentrail/client".
// Adding a line here is an API decision.

export type {
  CreateApiKeyInput,
  CreatedApiKey,
  RotateApiKeyInput,
  SentrailAdminClient,
  SentrailAdminClientOptions,
} from "./create-sentrail-admin-client";
export { createSentrailAdminClient } from "./create-sentrail-admin-client";
export type {
  ApiKeyInfo,
  ApprovalDecisionFinalStatus,
  ApprovalDecisionResult,
  DecideApprovalInput,
  KillSwitchAction,
  KillSwitchInput,
  ReviewerDecision,
  Scope,
} from "./sentrail-api-types";
