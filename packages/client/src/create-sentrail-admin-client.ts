import type { Middleware } from "openapi-fetch";
import {
  createSentrailTransport,
  type FetchFunction,
  type RequestOptions,
  withoutAuthorization,
} from "./create-sentrail-transport";
import { resolveBaseUrl, type SentrailEndpointOptions } from "./resolve-base-url";
import type {
  ApiKeyInfo,
  ApprovalDecisionResult,
  DecideApprovalInput,
  KillSwitchInput,
  ManageApiKeysRequestBody,
  Scope,
  SentrailPaths,
  ToolName,
} from "./sentrail-api-types";
import { SentrailAuthenticationError, SentrailUnavailableError } from "./sentrail-error";

const DEFAULT_TIMEOUT_MS = 10_000;
const DECISION_STATUSES: ReadonlySet<string> = new Set(["executed", "failed", "denied", "approved"]);

/**
 * Options of {@link createSentrailAdminClient}. Give `baseUrl` or `projectRef`.
 *
 * @example
 * ```ts
 * createSentrailAdminClient({ projectRef: "abcd1234", accessToken: () => session.access_token });
 * ```
 */
export interface SentrailAdminClientOptions extends SentrailEndpointOptions {
  /**
   * The signed-in user's Supabase access token (JWT), or a function returning the current one (called
   * before every request, so a refreshed session is picked up). Never an `agk_` key.
   */
  accessToken: string | (() => string | Promise<string>);
  /** `fetch` to use (default: the global one, looked up at call time); must honour `init.signal`. */
  fetch?: FetchFunction;
  /**
   * The `Request` class that goes with `fetch` (undici's `Request` with undici's `fetch`); default the
   * global one. Typed calls build their requests with it and hand them to `fetch` as they are. A
   * `fetch` given without it receives `(url, init)` instead, which any implementation reads.
   */
  Request?: typeof Request;
  /** Per-request timeout in milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** Extra headers sent on every request. `Authorization` is ignored. */
  headers?: Record<string, string>;
}

/**
 * Input of `apiKeys.create`.
 *
 * @example
 * ```ts
 * await admin.apiKeys.create({ workspaceId, name: "ci", scopes: ["evaluate"], expiresInDays: 30 });
 * ```
 */
export interface CreateApiKeyInput {
  workspaceId: string;
  /** Human label, 1–100 characters. */
  name: string;
  scopes: Scope[];
  /** Days until expiry, 1–3650. Default 90. */
  expiresInDays?: number;
}

/**
 * Input of `apiKeys.rotate`.
 *
 * @example
 * ```ts
 * await admin.apiKeys.rotate({ workspaceId, keyId });
 * ```
 */
export interface RotateApiKeyInput {
  workspaceId: string;
  keyId: string;
  /** Days until the new key expires. Default 90. */
  expiresInDays?: number;
}

/**
 * A newly minted key. `key` is the raw `agk_…` value, returned this once: store it, never log it.
 *
 * @example
 * ```ts
 * const { key, apiKey } = await admin.apiKeys.create({ workspaceId, name: "ci", scopes: ["gateway"] });
 * await secrets.put("SENTRAIL_API_KEY", key); // shown once
 * ```
 */
export interface CreatedApiKey {
  key: string;
  apiKey: ApiKeyInfo;
}

/**
 * The reviewer/admin client returned by {@link createSentrailAdminClient}. Nothing here is retried.
 *
 * @example
 * ```ts
 * const admin: SentrailAdminClient = createSentrailAdminClient({ projectRef: "abcd1234", accessToken });
 * ```
 */
export interface SentrailAdminClient {
  /** Approve or deny; approving replays the stored call once. */
  decideApproval(input: DecideApprovalInput, options?: RequestOptions): Promise<ApprovalDecisionResult>;
  /** Any kill-switch operation. */
  killSwitch(input: KillSwitchInput, options?: RequestOptions): Promise<void>;
  enableKillSwitch(workspaceId: string, options?: RequestOptions): Promise<void>;
  disableKillSwitch(workspaceId: string, options?: RequestOptions): Promise<void>;
  pauseTool(workspaceId: string, tool: ToolName, options?: RequestOptions): Promise<void>;
  resumeTool(workspaceId: string, tool: ToolName, options?: RequestOptions): Promise<void>;
  apiKeys: {
    create(input: CreateApiKeyInput, options?: RequestOptions): Promise<CreatedApiKey>;
    /** Newest first; never raw keys. */
    list(workspaceId: string, options?: RequestOptions): Promise<ApiKeyInfo[]>;
    revoke(input: { workspaceId: string; keyId: string }, options?: RequestOptions): Promise<void>;
    /** New key with the old one's name and scopes; the old key is revoked atomically. */
    rotate(input: RotateApiKeyInput, options?: RequestOptions): Promise<CreatedApiKey>;
  };
}

/**
 * Creates the client a reviewer or admin uses with their Supabase user JWT: approve/deny, the kill
 * switch and tool pauses, and API key management. It only talks to JWT endpoints, so the token never
 * reaches an agent endpoint.
 *
 * An `agk_` value given as `accessToken` (directly or from the function) is refused with
 * `SentrailAuthenticationError` (`code: "credential_mismatch"`) before anything is sent. No method
 * retries: a decision replays a tool call, a kill-switch call audits and notifies, and create/rotate
 * mint keys, so a repeat is never harmless.
 *
 * @example
 * ```ts
 * import { createSentrailAdminClient } from "@sentrail/client";
 *
 * const admin = createSentrailAdminClient({
 *   projectRef: "abcd1234",
 *   accessToken: async () => (await supabase.auth.getSession()).data.session!.access_token,
 * });
 * const result = await admin.decideApproval({ approvalRequestId, decision: "approved", reason: "Looks right" });
 * if (result.status === "executed") console.log(result.executionResult);
 * ```
 */
export function createSentrailAdminClient(options: SentrailAdminClientOptions): SentrailAdminClient {
  const baseUrl = resolveBaseUrl(options);
  const { accessToken } = options;
  const authorize: Middleware = {
    async onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${await resolveAccessToken(accessToken)}`);
      return undefined;
    },
  };
  const transport = createSentrailTransport<SentrailPaths>({
    baseUrl,
    fetch: options.fetch,
    Request: options.Request,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    headers: { ...withoutAuthorization(options.headers) },
    middleware: [authorize],
  });

  async function killSwitch(input: KillSwitchInput, requestOptions?: RequestOptions): Promise<void> {
    await transport.call(requestOptions, (init) =>
      transport.api.POST("/kill-switch", { body: input, ...init }),
    );
  }

  async function manageKeys(body: ManageApiKeysRequestBody, requestOptions: RequestOptions | undefined) {
    const { data } = await transport.call(requestOptions, (init) =>
      transport.api.POST("/manage-api-keys", { body, ...init }),
    );
    return data as unknown as Record<string, unknown>;
  }

  return {
    async decideApproval(input, requestOptions) {
      const { data } = await transport.call(requestOptions, (init) =>
        transport.api.POST("/approval-decision", { body: input, ...init }),
      );
      if (!DECISION_STATUSES.has(data.status)) throw unreadable();
      const { ok: _ok, ...result } = data;
      return result as ApprovalDecisionResult;
    },

    killSwitch,
    enableKillSwitch: (workspaceId, requestOptions) =>
      killSwitch({ workspaceId, action: "enable" }, requestOptions),
    disableKillSwitch: (workspaceId, requestOptions) =>
      killSwitch({ workspaceId, action: "disable" }, requestOptions),
    pauseTool: (workspaceId, tool, requestOptions) =>
      killSwitch({ workspaceId, action: "pause_tool", tool }, requestOptions),
    resumeTool: (workspaceId, tool, requestOptions) =>
      killSwitch({ workspaceId, action: "resume_tool", tool }, requestOptions),

    apiKeys: {
      async create(input, requestOptions) {
        const expiresInDays = input.expiresInDays ?? 90;
        return toCreatedApiKey(
          await manageKeys({ action: "create", ...input, expiresInDays }, requestOptions),
        );
      },
      async list(workspaceId, requestOptions) {
        const data = await manageKeys({ action: "list", workspaceId }, requestOptions);
        if (!Array.isArray(data.apiKeys)) throw unreadable();
        return data.apiKeys as ApiKeyInfo[];
      },
      async revoke(input, requestOptions) {
        await manageKeys({ action: "revoke", ...input }, requestOptions);
      },
      async rotate(input, requestOptions) {
        const expiresInDays = input.expiresInDays ?? 90;
        return toCreatedApiKey(
          await manageKeys({ action: "rotate", ...input, expiresInDays }, requestOptions),
        );
      },
    },
  };
}

/** A user token never goes out as an `agk_` key, and an unobtainable token is an authentication failure. */
async function resolveAccessToken(accessToken: SentrailAdminClientOptions["accessToken"]): Promise<string> {
  let token: unknown;
  try {
    token = typeof accessToken === "function" ? await accessToken() : accessToken;
  } catch (cause) {
    throw new SentrailAuthenticationError("Could not obtain an access token", { cause });
  }
  if (typeof token !== "string" || token.trim() === "") {
    throw new SentrailAuthenticationError("accessToken is empty");
  }
  if (token.trim().startsWith("agk_")) {
    throw new SentrailAuthenticationError("accessToken is an agk_ API key, not a user JWT; it was not sent", {
      code: "credential_mismatch",
    });
  }
  return token;
}

function toCreatedApiKey(data: Record<string, unknown>): CreatedApiKey {
  if (typeof data.key !== "string" || typeof data.apiKey !== "object" || data.apiKey === null) {
    throw unreadable();
  }
  return { key: data.key, apiKey: data.apiKey as ApiKeyInfo };
}

function unreadable(): SentrailUnavailableError {
  return new SentrailUnavailableError("unreadable", "Unreadable answer from Sentrail");
}
