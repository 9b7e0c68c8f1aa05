import type { UpstreamTool } from "../upstream/upstream-types.js";
import type { SentrailEngine } from "./create-sentrail-engine.js";
import type { DeferredActionRow } from "./engine-types.js";
import { readJsonRpcReply } from "./read-json-rpc-reply.js";
import { redactSecrets } from "./redact-secrets.js";
import { resolveUpstreamAccess } from "./resolve-upstream-access.js";

/** `execution_result` of a replay that did not succeed (§7.5). */
export interface ExecutionFailure {
  error: string;
  status: number | null;
  body: unknown;
}

/** How a replay ended (§4.5 "Execution outcomes on approve"). */
export type ReplayOutcome =
  | { kind: "executed"; result: unknown }
  | { kind: "failed"; result: ExecutionFailure }
  | { kind: "network_error"; detail: string };

/** Bound on one replay, like any upstream call (§11). */
const REPLAY_TIMEOUT_MS = 30_000;

/**
 * Re-sends a stored call (§7.5): original method, URL, stored headers and body, with the tool's
 * current credential re-read from its connection. 2xx → `executed` with the parsed body (for MCP the
 * JSON-RPC `result`); non-2xx or a JSON-RPC `error` → `failed` with
 * `{ error: "Tool API returned <code>", status, body }`; nothing answered → `network_error` (the
 * caller answers 500 "Deferred execution failed: <detail>"). It does not check the kill switch, pause
 * or hash: `decideApproval` does that first.
 *
 * Every outcome is passed through `redactSecrets` (with the credential the call carried as a known
 * secret) before it is returned, because it is stored as `execution_result` and answered to the
 * reviewer: an error text that quotes the target URL (`http://user:pass@…`, `?token=…`) or an
 * upstream answer that echoes a token loses them here.
 *
 * @example
 * const outcome = await replayDeferredAction(engine, deferred);
 * if (outcome.kind === "executed") console.log(outcome.result);
 */
export async function replayDeferredAction(
  engine: SentrailEngine,
  deferred: DeferredActionRow,
): Promise<ReplayOutcome> {
  const knownSecrets: string[] = [];
  const outcome = await replay(engine, deferred, knownSecrets);
  return redactSecrets(outcome, { knownSecrets });
}

async function replay(
  engine: SentrailEngine,
  deferred: DeferredActionRow,
  knownSecrets: string[],
): Promise<ReplayOutcome> {
  const connection = engine.workspaces.getConnection(deferred.workspace_id, deferred.tool);
  const access = connection ? resolveUpstreamAccess(connection) : null;
  const tool = deferred.tool;
  if (!access || (tool !== "github" && tool !== "linear" && tool !== "mcp")) {
    return { kind: "failed", result: { error: "Tool not connected", status: null, body: null } };
  }
  if (tool !== "mcp" && access.authorization === null) {
    return { kind: "failed", result: { error: "Tool not connected", status: null, body: null } };
  }
  const headers = { ...deferred.headers };
  if (access.authorization !== null) {
    headers.authorization = access.authorization;
    knownSecrets.push(access.authorization, access.authorization.replace(/^\S+\s+/, ""));
  }

  let response: Awaited<ReturnType<SentrailEngine["upstream"]["send"]>>;
  try {
    response = await engine.upstream.send(
      {
        tool: tool as UpstreamTool,
        method: deferred.method,
        url: deferred.target_url,
        headers,
        body: deferred.body,
        useFake: access.useFake,
      },
      { signal: AbortSignal.timeout(REPLAY_TIMEOUT_MS) },
    );
  } catch (error) {
    return { kind: "network_error", detail: error instanceof Error ? error.message : String(error) };
  }

  const ok = response.status >= 200 && response.status < 300;
  if (tool === "mcp") {
    const reply = readJsonRpcReply(response.body);
    if (ok && reply && "result" in reply) return { kind: "executed", result: reply.result };
    if (reply && reply.error !== null && typeof reply.error === "object") {
      const rpcError = reply.error as { code?: unknown; message?: unknown };
      return {
        kind: "failed",
        result: {
          error: `MCP server returned error ${String(rpcError.code)}: ${String(rpcError.message)}`,
          status: response.status,
          body: reply,
        },
      };
    }
    return {
      kind: "failed",
      result: {
        error: `Tool API returned ${response.status}`,
        status: response.status,
        body: parseBody(response.body),
      },
    };
  }
  if (ok) return { kind: "executed", result: parseBody(response.body) };
  return {
    kind: "failed",
    result: {
      error: `Tool API returned ${response.status}`,
      status: response.status,
      body: parseBody(response.body),
    },
  };
}

/** Parsed JSON, the raw text when it is not JSON, null when empty. */
function parseBody(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
