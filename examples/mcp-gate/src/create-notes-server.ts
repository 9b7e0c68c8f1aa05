import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";

/** A local MCP server (the kind that runs over stdio next to the agent) and what it really did. */
export interface NotesServer {
  server: McpServer;
  /** Tool name → how many times its handler ran. */
  runs: Map<string, number>;
}

/**
 * A tiny local notes server with `list_notes` and `delete_notes`: it cannot sit behind mcp-gate
 * (the gate only reaches remote HTTP servers), so the example gates it in process with `gateMcpClient`.
 *
 * @example
 * const { server, runs } = createNotesServer();
 */
export function createNotesServer(): NotesServer {
  const runs = new Map<string, number>();
  const notes = ["Ship the MCP gate client", "Write the README"];
  const server = new McpServer({ name: "local-notes", version: "1.0.0" });
  server.registerTool("list_notes", { description: "List the notes" }, () => {
    runs.set("list_notes", (runs.get("list_notes") ?? 0) + 1);
    return { content: [{ type: "text", text: notes.join("\n") }] };
  });
  server.registerTool("delete_notes", { description: "Delete every note" }, () => {
    runs.set("delete_notes", (runs.get("delete_notes") ?? 0) + 1);
    notes.length = 0;
    return { content: [{ type: "text", text: "All notes deleted" }] };
  });
  return { server, runs };
}
