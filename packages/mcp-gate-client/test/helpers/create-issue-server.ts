import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

/** An MCP server with issue tools, counting how often each handler really ran. */
export interface IssueServer {
  server: McpServer;
  /** Tool name → handler runs. */
  runs: Map<string, number>;
}

/**
 * A real MCP SDK `McpServer` with `get_issue`, `create_issue` and `delete_issue`, for tests that
 * need the SDK's own server behaviour (in memory, over streamable HTTP, or over stdio). Servers that
 * share `runs` count together (one server per streamable-HTTP session).
 *
 * @example
 * const { server, runs } = createIssueServer();
 * await server.connect(serverTransport);
 */
export function createIssueServer(runs = new Map<string, number>()): IssueServer {
  const count = (name: string) => runs.set(name, (runs.get(name) ?? 0) + 1);
  let nextNumber = 1;
  const server = new McpServer({ name: "issue-server", version: "1.0.0" });
  server.registerTool(
    "get_issue",
    { description: "Get an issue", inputSchema: { number: z.number().int() } },
    ({ number }) => {
      count("get_issue");
      return { content: [{ type: "text", text: `Issue #${number}` }] };
    },
  );
  server.registerTool(
    "create_issue",
    { description: "Create an issue", inputSchema: { title: z.string() } },
    ({ title }) => {
      count("create_issue");
      return { content: [{ type: "text", text: `Created #${nextNumber++}: ${title}` }] };
    },
  );
  server.registerTool(
    "delete_issue",
    { description: "Delete an issue", inputSchema: { number: z.number().int() } },
    ({ number }) => {
      count("delete_issue");
      return { content: [{ type: "text", text: `Deleted #${number}` }] };
    },
  );
  return { server, runs };
}
