import type { SentrailEngine } from "./create-sentrail-engine.js";
import type { JwtUser } from "./decode-user-jwt.js";
import type { ApiKeyRecord, Scope, WorkspaceRole } from "./engine-types.js";
import { generateApiKey } from "./generate-api-key.js";
import { sha256Hex } from "./sha256-hex.js";

/** What `manage-api-keys` shows of a key (§4.9): never the hash, never the key. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  keyPrefix: string;
  scopes: Scope[];
  expiresAt: string | null;
  revoked: boolean;
  lastUsedAt: string | null;
  createdAt: string;
}

/** A validated manage-api-keys call (§4.9). */
export type ManageApiKeysCommand =
  | { action: "create"; workspaceId: string; name: string; scopes: Scope[]; expiresInDays: number }
  | { action: "list"; workspaceId: string }
  | { action: "revoke"; workspaceId: string; keyId: string }
  | { action: "rotate"; workspaceId: string; keyId: string; expiresInDays: number };

/** How a manage-api-keys call ended; the HTTP layer maps kinds to status codes. */
export type ManageApiKeysResult =
  | { kind: "workspace_not_found" }
  | { kind: "key_not_found" }
  | { kind: "key_revoked" }
  | { kind: "forbidden" }
  | { kind: "ok"; body: Record<string, unknown> };

const ADMIN_ROLES: ReadonlySet<WorkspaceRole> = new Set(["admin", "owner"]);
const DAY_MS = 86_400_000;

/**
 * manage-api-keys (§4.9): `create` (raw key returned once), `list` (newest first), `revoke`, and
 * `rotate` (new key with the same name and scopes; the old one revoked in the same step the new one
 * appears). Check order: workspace (404), admin or owner role in it (403), then the key (404). The key
 * is looked up only for a caller who may manage that workspace's keys, so a key id from another
 * workspace answers exactly like one that does not exist, whoever asks: no 403-vs-404 oracle
 * (issue 12). `rotate` of a revoked key is refused (`key_revoked`, answered 409) and mints nothing;
 * `revoke` of a revoked key stays a no-op that succeeds.
 *
 * @example
 * const result = await manageApiKeys(engine, user, { action: "create", workspaceId, name: "ci",
 *   scopes: ["evaluate"], expiresInDays: 90 });
 * if (result.kind === "ok") result.body.key; // "agk_…"
 */
export async function manageApiKeys(
  engine: SentrailEngine,
  user: JwtUser,
  command: ManageApiKeysCommand,
): Promise<ManageApiKeysResult> {
  const workspace = engine.workspaces.getWorkspace(command.workspaceId);
  if (!workspace) return { kind: "workspace_not_found" };
  const role = engine.workspaces.roleOf(workspace.id, user.userId);
  if (!role || !ADMIN_ROLES.has(role)) return { kind: "forbidden" };
  let existing: ApiKeyRecord | undefined;
  if (command.action === "revoke" || command.action === "rotate") {
    existing = engine.apiKeys.find(workspace.id, command.keyId);
    if (!existing) return { kind: "key_not_found" };
    if (command.action === "rotate" && existing.revoked) return { kind: "key_revoked" };
  }

  switch (command.action) {
    case "list":
      return { kind: "ok", body: { ok: true, apiKeys: engine.apiKeys.list(workspace.id).map(toApiKeyInfo) } };
    case "revoke":
      engine.apiKeys.revoke(existing as ApiKeyRecord);
      return { kind: "ok", body: { ok: true } };
    default: {
      const source = existing;
      const key = generateApiKey();
      const keyHash = await sha256Hex(key);
      // Synchronous from here: the new key appears and the old one is revoked in one step.
      const record = engine.apiKeys.insert({
        workspaceId: workspace.id,
        key,
        keyHash,
        name: source ? source.name : (command as { name: string }).name,
        scopes: source ? source.scopes : (command as { scopes: Scope[] }).scopes,
        expiresAt: new Date(engine.clock.nowMs() + command.expiresInDays * DAY_MS).toISOString(),
        createdBy: user.userId,
      });
      if (source) engine.apiKeys.revoke(source);
      return { kind: "ok", body: { ok: true, key, apiKey: toApiKeyInfo(record) } };
    }
  }
}

/** The public view of a key row (§4.9). */
function toApiKeyInfo(record: ApiKeyRecord): ApiKeyInfo {
  return {
    id: record.id,
    name: record.name,
    keyPrefix: record.key_prefix,
    scopes: [...record.scopes],
    expiresAt: record.expires_at,
    revoked: record.revoked,
    lastUsedAt: record.last_used_at,
    createdAt: record.created_at,
  };
}
