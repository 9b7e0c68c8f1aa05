import { jsonUpstreamResponse } from "./json-upstream-response.js";
import type { FakeUpstream } from "./upstream-types.js";

type JsonObject = Record<string, unknown>;

/** The tools the fake MCP server offers, as its `tools/list` answers them. */
export const FAKE_MCP_TOOLS = [
  {
    name: "get_issue",
    description: "Get one issue by number",
    inputSchema: {
      type: "object",
      properties: { number: { type: "integer", description: "Issue number" } },
      required: ["number"],
    },
  },
  {
    name: "list_issues",
    description: "List issues",
    inputSchema: {
      type: "object",
      properties: { state: { type: "string", enum: ["open", "closed", "all"] } },
    },
  },
  {
    name: "create_issue",
    description: "Create an issue",
    inputSchema: {
      type: "object",
      properties: { title: { type: "string" }, body: { type: "string" } },
      required: ["title"],
    },
  },
  {
    name: "delete_issue",
    description: "Delete an issue by number",
    inputSchema: {
      type: "object",
      properties: { number: { type: "integer", description: "Issue number" } },
      required: ["number"],
    },
  },
] as const;

interface FakeIssue {
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
}

/**
 * Creates the built-in fake MCP server (mock-server.md §5), used for `mcp` connections whose
 * `mcpServerUrl` is null. It speaks JSON-RPC 2.0 over one POST, as a stateless streamable-HTTP
 * server answering `application/json` would:
 *
 * - `initialize` → server info and `tools` capability; `ping` → `{}`;
 * - `tools/list` → `get_issue`, `list_issues`, `create_issue`, `delete_issue` with input schemas;
 * - `tools/call` → a `content` text result (the issue as JSON text); an unknown tool or missing
 *   required argument → JSON-RPC error `-32602`;
 * - notifications (no `id`) → `202` with no body; any other method → `-32601`;
 * - a body that is not JSON → HTTP `400` with `-32700`; a batch → `-32600`.
 *
 * Issues created through `create_issue` take increasing numbers from 1 per fake; `get_issue` and
 * `list_issues` answer plausible examples for issues never created.
 *
 * @example
 * const mcp = createFakeMcpServer();
 * mcp.answer({ tool: "mcp", method: "POST", url: "fake-mcp", headers: {}, useFake: true,
 *   body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call",
 *     params: { name: "create_issue", arguments: { title: "Bug" } } }) });
 * // → 200 {"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"{\"number\":1,...}"}]}}
 */
export function createFakeMcpServer(): FakeUpstream {
  let nextNumber = 1;
  const issues = new Map<number, FakeIssue>();

  function exampleIssue(number: number): FakeIssue {
    return { number, title: `Example issue ${number}`, body: null, state: "open" };
  }

  function callTool(name: string, args: JsonObject): JsonObject | { error: string } {
    switch (name) {
      case "get_issue": {
        const number = args.number;
        if (!isIssueNumber(number))
          return { error: "Invalid arguments for tool get_issue: number is required" };
        return textResult(issues.get(number) ?? exampleIssue(number));
      }
      case "list_issues": {
        const state = typeof args.state === "string" ? args.state : "open";
        const all = issues.size > 0 ? [...issues.values()] : [exampleIssue(1), exampleIssue(2)];
        return textResult(state === "all" ? all : all.filter((issue) => issue.state === state));
      }
      case "create_issue": {
        if (typeof args.title !== "string") {
          return { error: "Invalid arguments for tool create_issue: title is required" };
        }
        const issue: FakeIssue = {
          number: nextNumber++,
          title: args.title,
          body: typeof args.body === "string" ? args.body : null,
          state: "open",
        };
        issues.set(issue.number, issue);
        return textResult(issue);
      }
      case "delete_issue": {
        const number = args.number;
        if (!isIssueNumber(number))
          return { error: "Invalid arguments for tool delete_issue: number is required" };
        issues.delete(number);
        return textResult({ number, deleted: true });
      }
      default:
        return { error: `Unknown tool: ${name}` };
    }
  }

  return {
    answer(request) {
      let message: unknown;
      try {
        message = JSON.parse(request.body ?? "");
      } catch {
        return jsonUpstreamResponse(400, rpcError(null, -32700, "Parse error"));
      }
      if (Array.isArray(message)) {
        return jsonUpstreamResponse(200, rpcError(null, -32600, "Batch requests are not supported"));
      }
      if (
        message === null ||
        typeof message !== "object" ||
        typeof (message as JsonObject).method !== "string"
      ) {
        return jsonUpstreamResponse(200, rpcError(null, -32600, "Invalid Request"));
      }
      const { id, method, params } = message as { id?: unknown; method: string; params?: unknown };
      // Notifications get no answer, only the streamable-HTTP acknowledgement.
      if (id === undefined) return jsonUpstreamResponse(202, undefined);
      const rpcId = typeof id === "string" || typeof id === "number" ? id : null;
      const paramObject = isObject(params) ? params : {};

      switch (method) {
        case "initialize":
          return jsonUpstreamResponse(200, {
            jsonrpc: "2.0",
            id: rpcId,
            result: {
              protocolVersion:
                typeof paramObject.protocolVersion === "string" ? paramObject.protocolVersion : "2024-11-05",
              capabilities: { tools: { listChanged: false } },
              serverInfo: { name: "sentrail-mock-fake-mcp", version: "1.0.0" },
            },
          });
        case "ping":
          return jsonUpstreamResponse(200, { jsonrpc: "2.0", id: rpcId, result: {} });
        case "tools/list":
          return jsonUpstreamResponse(200, { jsonrpc: "2.0", id: rpcId, result: { tools: FAKE_MCP_TOOLS } });
        case "tools/call": {
          if (typeof paramObject.name !== "string") {
            return jsonUpstreamResponse(
              200,
              rpcError(rpcId, -32602, "Invalid params: tools/call requires params.name"),
            );
          }
          const outcome = callTool(
            paramObject.name,
            isObject(paramObject.arguments) ? paramObject.arguments : {},
          );
          if ("error" in outcome && typeof outcome.error === "string") {
            return jsonUpstreamResponse(200, rpcError(rpcId, -32602, outcome.error));
          }
          return jsonUpstreamResponse(200, { jsonrpc: "2.0", id: rpcId, result: outcome });
        }
        default:
          return jsonUpstreamResponse(200, rpcError(rpcId, -32601, `Method not found: ${method}`));
      }
    },
  };
}

function textResult(value: unknown): JsonObject {
  return { content: [{ type: "text", text: JSON.stringify(value) }] };
}

function rpcError(id: string | number | null, code: number, message: string): JsonObject {
  return { jsonrpc: "2.0", id, error: { code, message } };
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isIssueNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value > 0;
}
