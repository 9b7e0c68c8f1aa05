/** The MCP client configs that point Claude Code and Cursor at the local proxy. */
export interface McpSnippets {
  /** The proxy's URL, as the snippets use it. */
  url: string;
  /** For `~/.claude/mcp_servers.json` or a project's `.claude/mcp_servers.json` / `.mcp.json`. */
  claudeCode: { mcpServers: { sentrail: { type: "http"; url: string } } };
  /** For `~/.cursor/mcp.json` (Cursor Settings → MCP). */
  cursor: { mcpServers: { sentrail: { url: string } } };
  /** The same for Claude Code, as one command. */
  claudeCodeCommand: string;
}

/**
 * The config snippets `sentrail init` prints (contract §14: agents point their MCP config at the
 * proxy). They use `127.0.0.1`, the address the proxy binds, rather than `localhost`, which some
 * systems resolve to `::1` first.
 *
 * @example
 * createMcpSnippets(3773).cursor; // { mcpServers: { sentrail: { url: "http://127.0.0.1:3773" } } }
 */
export function createMcpSnippets(port: number): McpSnippets {
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    claudeCode: { mcpServers: { sentrail: { type: "http", url } } },
    cursor: { mcpServers: { sentrail: { url } } },
    claudeCodeCommand: `claude mcp add --transport http sentrail ${url}`,
  };
}
