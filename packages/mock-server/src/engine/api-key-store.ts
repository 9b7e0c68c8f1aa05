import { createUuid } from "./create-uuid.js";
import type { ApiKeyRecord, Scope } from "./engine-types.js";
import { generateApiKey } from "./generate-api-key.js";
import type { MockClock } from "./mock-clock.js";
import { readBearerToken } from "./read-bearer-token.js";
import { sha256Hex } from "./sha256-hex.js";
import { sha256HexSync } from "./sha256-hex-sync.js";

/** A key to create: the raw key is hashed, then forgotten. */
export interface NewApiKey {
  id?: string;
  workspaceId: string;
  key: string;
  keyHash: string;
  name: string;
  scopes: Scope[];
  expiresAt: string | null;
  revoked?: boolean;
  createdBy?: string | null;
}

/** The `api_keys` table and the per-request key check of §3.5. */
export interface ApiKeyStore {
  /**
   * Runs the ordered checks of §3.5 on an `Authorization` header value. Resolves the key row when
   * every check passes (and stamps `last_used_at`), or `null` for any failure: the caller answers
   * the same 401 whatever the reason.
   */
  authenticate(authorization: string | null, acceptedScopes: readonly Scope[]): Promise<ApiKeyRecord | null>;
  /** Stores a key whose hash the caller already computed (see {@link sha256Hex}). */
  insert(key: NewApiKey): ApiKeyRecord;
  /** Creates a key with a fresh random value; resolves the raw key (shown once) and its row. */
  create(options: Omit<NewApiKey, "key" | "keyHash">): Promise<{ key: string; record: ApiKeyRecord }>;
  /** The key with this id in this workspace, or undefined. */
  find(workspaceId: string, keyId: string): ApiKeyRecord | undefined;
  /** True when a key with this hash exists. */
  hasHash(keyHash: string): boolean;
  /** True when a key with this id exists. */
  hasId(id: string): boolean;
  /** Revokes a key (idempotent). */
  revoke(record: ApiKeyRecord): void;
  /** Keys of a workspace, newest first. */
  list(workspaceId: string): ApiKeyRecord[];
  /** Forgets every key. */
  reset(): void;
}

/**
 * Creates the API key store. Keys are kept only as lowercase hex SHA-256 of the full raw key (§3.2);
 * lookup is by that hash, computed synchronously ({@link sha256HexSync}) on each request, and the row's
 * `revoked` and `expires_at` are checked every time, so a revoked or rotated key fails on the very
 * next request. No raw key is ever held beyond the call that presents it.
 *
 * @example
 * const keys = createApiKeyStore(createMockClock());
 * const { key } = await keys.create({ workspaceId, name: "ci", scopes: ["evaluate"], expiresAt: null });
 * await keys.authenticate(`Bearer ${key}`, ["evaluate"]); // the row
 * await keys.authenticate(`Bearer ${key}`, ["gateway"]);  // null
 */
export function createApiKeyStore(clock: MockClock): ApiKeyStore {
  let byHash = new Map<string, ApiKeyRecord>();
  let all: ApiKeyRecord[] = [];

  const store: ApiKeyStore = {
    async authenticate(authorization, acceptedScopes) {
      const raw = readBearerToken(authorization);
      if (raw === null || !raw.startsWith("agk_")) return null;
      // 1. hash, 2. look up, 3. revoked, 4. expired, 5. scope, 6. last_used_at.
      // Hashed synchronously: Web Crypto's async digest was ~16 % of the server's CPU under load
      // (a thread-pool job and a promise per request). No cache of verified keys is kept, so nothing
      // can go stale: revocation, rotation and expiry are read from the row on every request.
      const record = byHash.get(sha256HexSync(raw));
      if (!record) return null;
      if (record.revoked) return null;
      const now = clock.nowMs();
      if (record.expires_at !== null && Date.parse(record.expires_at) <= now) return null;
      if (!acceptedScopes.some((scope) => record.scopes.includes(scope))) return null;
      record.last_used_at = new Date(now).toISOString();
      return record;
    },
    insert(key) {
      const record: ApiKeyRecord = {
        id: key.id ?? createUuid(),
        workspace_id: key.workspaceId,
        name: key.name,
        key_hash: key.keyHash,
        key_prefix: key.key.slice(0, 8),
        scopes: [...key.scopes],
        expires_at: key.expiresAt,
        revoked: key.revoked ?? false,
        revoked_at: key.revoked ? clock.nowIso() : null,
        last_used_at: null,
        created_by: key.createdBy ?? null,
        created_at: clock.nowIso(),
      };
      byHash.set(record.key_hash, record);
      all.push(record);
      return record;
    },
    async create(options) {
      const key = generateApiKey();
      const keyHash = await sha256Hex(key);
      return { key, record: store.insert({ ...options, key, keyHash }) };
    },
    find(workspaceId, keyId) {
      return all.find((record) => record.id === keyId && record.workspace_id === workspaceId);
    },
    hasHash: (keyHash) => byHash.has(keyHash),
    hasId: (id) => all.some((record) => record.id === id),
    revoke(record) {
      if (record.revoked) return;
      record.revoked = true;
      record.revoked_at = clock.nowIso();
    },
    list(workspaceId) {
      return all.filter((record) => record.workspace_id === workspaceId).reverse();
    },
    reset() {
      byHash = new Map();
      all = [];
    },
  };
  return store;
}
